// Bundles the agent into one CommonJS file, dist/saba-agent.cjs, so that it runs on plain Node
// without tsx: CommonJS because Node's ESM loader alone costs ~2 MB of RSS, and the agent's
// budget is 45 MB against Node's own ~41 MB (docs/benchmarks.md, agent section).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleApp } from '../../../scripts/bundle/build.mjs';

await bundleApp({
  app: dirname(dirname(fileURLToPath(import.meta.url))),
  name: 'saba-agent',
  entry: 'main.ts',
  revisionEnv: 'SABA_AGENT_REVISION',
});

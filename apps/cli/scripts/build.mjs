// Bundles the CLI into one CommonJS file, dist/saba.cjs, so that `saba` starts on plain Node
// without tsx: loading tsx and compiling the sources costs ~300 ms a run, the bundle ~60 ms
// (docs/decisions/0012-cli.md). jq-wasm stays outside: it is 1.4 MB and loaded only for --jq.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleApp } from '../../../scripts/bundle/build.mjs';

await bundleApp({
  app: dirname(dirname(fileURLToPath(import.meta.url))),
  name: 'saba',
  entry: 'cli-main.ts',
  revisionEnv: 'SABA_CLI_REVISION',
  external: ['jq-wasm'],
});

// Bundles the agent into one CommonJS file, dist/saba-agent.cjs, so that it runs on plain Node
// without tsx: CommonJS because Node's ESM loader alone costs ~2 MB of RSS, and the agent's
// budget is 45 MB against Node's own ~41 MB (docs/benchmarks.md, agent section).
import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(here, 'dist', 'saba-agent.cjs');
let revision = 'dev';
try {
  revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: here,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
} catch {
  // not a git checkout: the revision stays "dev"
}
const tmp = `${out}.${process.pid}.tmp`;
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: tmp,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Names are kept out of the bundle's hot paths; minifying whitespace only keeps stack traces readable.
  minifyWhitespace: true,
  sourcemap: false,
  legalComments: 'none',
  define: { 'process.env.SABA_AGENT_REVISION': JSON.stringify(revision) },
  logLevel: 'warning',
});
// Renamed into place so a concurrent start never loads a half-written bundle.
renameSync(tmp, out);

// What an app's scripts/build.mjs does (apps/agent, apps/cli): bundle the app with esbuild into one
// CommonJS file, dist/<command>.cjs, which its bin runs on plain Node (scripts/bundle/launch.cjs).
// Each app's script says why it is bundled and passes what differs.
import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles `<app>/src/<entry>` into `<app>/dist/<name>.cjs`, with the git revision (or "dev")
 * defined as `process.env.<revisionEnv>` and the `external` modules left to be loaded at run time.
 * @param {{ app: string, name: string, entry: string, revisionEnv: string, external?: string[] }} o
 */
export async function bundleApp(o) {
  const out = join(o.app, 'dist', `${o.name}.cjs`);
  let revision = 'dev';
  try {
    revision = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: o.app,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a git checkout: the revision stays "dev"
  }
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(o.app, 'src', o.entry)],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: o.external ?? [],
    // Names are kept out of the bundle's hot paths; minifying whitespace only keeps stack traces readable.
    minifyWhitespace: true,
    sourcemap: false,
    legalComments: 'none',
    define: { [`process.env.${o.revisionEnv}`]: JSON.stringify(revision) },
    logLevel: 'warning',
  });
  // Renamed into place so a concurrent start never loads a half-written bundle.
  renameSync(tmp, out);
}

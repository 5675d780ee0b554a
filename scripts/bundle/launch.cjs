'use strict';
// What an app's bin does (apps/agent/bin/saba-agent.cjs, apps/cli/bin/saba.cjs): run the app's
// bundle, dist/<command>.cjs, rebuilding it first with the app's scripts/build.mjs when any of its
// sources is newer, so the command run from the repository always runs the current code. Each bin
// passes what differs. CommonJS and Node's own modules only: it runs before the bundle, inside the
// agent's 45 MB budget (docs/decisions/0006-agent.md). Plain JavaScript here rather than a workspace
// package, because packages export TypeScript for tsx and this must run without it.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/** The newest modification time (ms) of the .ts files under `dir`, tests left out; 0 when there are none. */
function newest(dir) {
  let t = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Runs `<app>/dist/<name>.cjs`, built first when it is missing or older than a source: calls its
 * `entry` export with the command line and ends the process with `exit(code)` once it resolves.
 * @param {object} o
 * @param {string} o.app the app's folder
 * @param {string} o.name the command: names the bundle and prefixes the launcher's messages
 * @param {string} o.what what is built, for the failure message ("the agent")
 * @param {readonly string[]} o.packages the folders under packages/ whose sources the bundle takes in
 * @param {string} o.entry the bundle's export run with the arguments; it resolves to an exit code
 * @param {(code: number) => void} o.exit how the process ends with that code
 */
function runBundle(o) {
  const bundle = join(o.app, 'dist', `${o.name}.cjs`);
  const packages = join(o.app, '..', '..', 'packages');
  const sources = [join(o.app, 'src'), ...o.packages.map((p) => join(packages, p, 'src'))];
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    // not built yet
  }
  if (built === 0 || sources.some((d) => newest(d) > built)) {
    // Required here, not at the top: child_process costs ~0.4 MB of RSS an agent without plugins never needs.
    const r = require('node:child_process').spawnSync(process.execPath, [join(o.app, 'scripts', 'build.mjs')], {
      stdio: 'inherit',
    });
    if (r.status !== 0) {
      process.stderr.write(`${o.name}: building ${o.what} failed\n`);
      process.exit(1);
    }
  }
  const app = require(bundle);
  app[o.entry](process.argv.slice(2)).then(o.exit, (e) => {
    process.stderr.write(`${o.name}: ${e?.stack ?? e}\n`);
    o.exit(1);
  });
}

module.exports = { runBundle };

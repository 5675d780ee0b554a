#!/usr/bin/env -S node --lite-mode --single-threaded --no-expose-wasm
'use strict';
// Flags (docs/decisions/0006): --lite-mode, no optimising compiler, 51 → 45 MB of RSS; --single-threaded,
// no V8 worker threads waking for nothing; --no-expose-wasm silences lite mode's warning. Other starters
// (the server's local agent, tests, the benchmark) read the flags from the line above.
// saba-agent: runs the bundled agent (dist/saba-agent.cjs), rebuilding it first when any of its
// sources is newer, so `npx saba-agent` from the repository always runs the current code.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const app = join(__dirname, '..');
const bundle = join(app, 'dist', 'saba-agent.cjs');
const sources = [join(app, 'src'), join(app, '..', '..', 'packages', 'client', 'src')];

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

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {
  // not built yet
}
if (built === 0 || sources.some((d) => newest(d) > built)) {
  // Required here, not at the top: child_process costs ~0.4 MB of RSS an agent without plugins never needs.
  const r = require('node:child_process').spawnSync(process.execPath, [join(app, 'scripts', 'build.mjs')], {
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write('saba-agent: building the agent failed\n');
    process.exit(1);
  }
}
require(bundle)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`saba-agent: ${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );

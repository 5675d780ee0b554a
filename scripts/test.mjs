// Runs every *.test.ts under apps/, packages/ and tools/ with Node's test runner through tsx.
// Node 20's `node --test` takes no globs, so the files are listed here.
// Usage: node scripts/test.mjs [path-substring ...]  (filters the files).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['apps', 'packages', 'tools'];
const filters = process.argv.slice(2);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
}

const files = [];
for (const r of roots) walk(r, files);
const chosen = files.filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (chosen.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...chosen],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);

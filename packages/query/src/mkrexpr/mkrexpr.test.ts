import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runScript, runScriptFile } from './script-runner.ts';

const dir = join(import.meta.dirname, 'testdata');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
  test(`mkrexpr script ${file}`, async () => {
    const failures = await runScriptFile(join(dir, file));
    assert.equal(failures.length, 0, failures.map((f) => `${file}:${f.line}: ${f.message}`).join('\n'));
  });
}

test('the runner reports wrong values, names, counts and errors by line', async () => {
  const failures = await runScript(
    [
      'load host h1 m from 0 step 60: 1 2',
      'eval from 0 to 60: host(h1, m)',
      '  {h1} m 1 3',
      'eval from 0 to 60: host(h1, m)',
      '  {h1} other 1 2',
      'eval from 0 to 60: host(h1, m)',
      'error: host(h1, m) => anything',
      'error: avgg(x(a, b)) => something else',
      'eval from 0 to 60: host(h1, m)',
      '  {h1} m 1 2',
    ].join('\n'),
  );
  assert.deepEqual(
    failures.map((f) => f.line),
    [2, 4, 6, 7, 8],
  );
});

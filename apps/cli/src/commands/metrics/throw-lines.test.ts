import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseThrowLines } from './throw-lines.ts';

test('name, value and epoch seconds separated by tabs or spaces; blank lines skipped', () => {
  assert.deepEqual(parseThrowLines('a.b\t1.5\t1700000000\n\n  c  -2e3  1700000060  \r\nd .5 1700000120'), [
    { name: 'a.b', value: 1.5, time: 1700000000 },
    { name: 'c', value: -2000, time: 1700000060 },
    { name: 'd', value: 0.5, time: 1700000120 },
  ]);
});

test('a malformed line names its number and text', () => {
  const cases: [string, RegExp][] = [
    ['a 1', /^line 1 "a 1": want 3 fields \(name, value, epoch seconds\), got 2; nothing was posted$/],
    ['ok 1 1\na 1 2 3', /^line 2 "a 1 2 3": want 3 fields/],
    ['a NaN 1', /value "NaN" is not a number/],
    ['a 1 1.5', /time "1.5" is not epoch seconds/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseThrowLines(text), { name: 'CliError', message }, text);
});

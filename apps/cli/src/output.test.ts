import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoExtended } from './iso-time.ts';
import { logLine } from './log.ts';
import { prettyJson } from './output.ts';

test('prettyJson is Go`s MarshalIndent with four spaces, & escaped and < > left readable as mkr does', () => {
  assert.equal(
    prettyJson({ a: [1, { b: 'x<y>&z' }], e: [], o: {} }),
    '{\n    "a": [\n        1,\n        {\n            "b": "x<y>\\u0026z"\n        }\n    ],\n    "e": [],\n    "o": {}\n}',
  );
  assert.equal(prettyJson('\u2028'), '"\\u2028"');
});

test('log lines right-align the prefix in ten columns; colour only when asked', () => {
  assert.equal(logLine('thrown', "h1 'x\t1.000000\t1'", false), "    thrown h1 'x\t1.000000\t1'\n");
  assert.equal(logLine('Alert closed', 'a1', false), 'Alert closed a1\n');
  assert.equal(logLine('error', 'boom', true), '\u001b[31m     error\u001b[0m boom\n');
});

test('times are ISO 8601 extended in local time with a numeric offset', () => {
  const prev = process.env.TZ;
  try {
    process.env.TZ = 'UTC';
    assert.equal(isoExtended(1700000000), '2023-11-14T22:13:20+00:00');
    process.env.TZ = 'Asia/Tokyo';
    assert.equal(isoExtended(1700000000), '2023-11-15T07:13:20+09:00');
  } finally {
    if (prev === undefined) delete process.env.TZ;
    else process.env.TZ = prev;
  }
});

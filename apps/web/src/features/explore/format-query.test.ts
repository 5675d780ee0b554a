import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatQuery } from './format-query.ts';

test('formatQuery rewrites an expression in canonical form and points at a parse error', () => {
  const cases: Array<[string, ReturnType<typeof formatQuery>]> = [
    ['sum by(job)(rate(x[5m]))', { text: 'sum by (job) (rate(x[5m]))' }],
    ['a+on(x) group_left b', { text: 'a + on(x) group_left b' }],
    ['  up  ', { text: 'up' }],
  ];
  for (const [input, want] of cases) assert.deepEqual(formatQuery(input), want, input);
  const bad = formatQuery('sum(x');
  assert.ok('error' in bad);
  assert.match(bad.error.message, /^1:6: parse error: unexpected end of input/);
  assert.ok(bad.error.to > bad.error.from);
  const inside = formatQuery('rate(x[5m] +');
  assert.ok('error' in inside && inside.error.from <= 'rate(x[5m] +'.length);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatNumber } from './number-literal.ts';
import { parseExpr } from './parser.ts';
import { printExpr } from './printer.ts';

test('printExpr gives the canonical form, which parses back to itself', () => {
  const cases: [string, string][] = [
    ['foo', 'foo'],
    ['foo{ b="2" , a="1" ,}', 'foo{a="1",b="2"}'],
    ['{__name__="foo"}', '{__name__="foo"}'],
    ['{"my.metric", "a.b"="c"}', '{"a.b"="c",__name__="my.metric"}'],
    ['foo offset 90s @ 10', 'foo @ 10.000 offset 1m30s'],
    ['foo @ start() offset -1h', 'foo @ start() offset -1h'],
    ['foo[3600] offset 1w', 'foo[1h] offset 1w'],
    ['rate(foo[5m:30s] @ end())', 'rate(foo[5m:30s] @ end())'],
    ['foo[90d:]', 'foo[90d:]'],
    ['SUM BY (job) (x)', 'sum by (job) (x)'],
    ['sum(x) without (a)', 'sum without (a) (x)'],
    ['sum by () (x)', 'sum(x)'],
    ['topk(5, x)', 'topk(5, x)'],
    ['count_values("v", x)', 'count_values("v", x)'],
    ['a+on(x)group_left(y)b', 'a + on(x) group_left(y) b'],
    ['a / ignoring(x) group_right b', 'a / ignoring(x) group_right b'],
    ['a > bool b', 'a > bool b'],
    ['a and b', 'a and b'],
    ['-(1)', '-(1)'],
    ['- foo', '-foo'],
    ["'it\\'s'", '"it\'s"'],
    ['`a\\nb`', '"a\\\\nb"'],
    ['"tab\\there\\x00"', '"tab\\there\\x00"'],
    ['"a\\xc5z"', '"a\\xc5z"'],
    ['1e21', '1000000000000000000000'],
    ['1.5e-7', '0.00000015'],
    ['-Inf', '-Inf'],
    ['NaN', 'NaN'],
    ['5m', '5m'],
    ['label_join(x, "d", ",", "a", "b")', 'label_join(x, "d", ",", "a", "b")'],
    ['sum by ("a.b") (x)', 'sum by ("a.b") (x)'],
  ];
  for (const [input, want] of cases) {
    const text = printExpr(parseExpr(input));
    assert.equal(text, want, input);
    assert.equal(printExpr(parseExpr(text)), text, `round trip of ${input}`);
  }
});

// Go prints the shortest digits that read back exactly, padded with zeros, never an exponent.
test('durations and floats print as Go prints them', () => {
  assert.deepEqual(
    [0, 1, 1500, 60000, 5400000, 86400000 * 14, 86400000 * 90, 365 * 86400000, -300000].map(formatDuration),
    ['0s', '1ms', '1s500ms', '1m', '1h30m', '2w', '90d', '1y', '-5m'],
  );
  assert.deepEqual([0, -0.5, 123456789, 1e-7, 2 ** 70, Number.POSITIVE_INFINITY].map(formatNumber), [
    '0',
    '-0.5',
    '123456789',
    '0.0000001',
    '1180591620717411300000',
    '+Inf',
  ]);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Expr, valueTypeOf } from './ast.ts';
import { PromQLParseError } from './errors.ts';
import { parseExpr } from './parser.ts';
import { printExpr } from './printer.ts';

// Fully parenthesises operators so the tests can see how the parser grouped them.
function shape(e: Expr): string {
  if (e.kind === 'BinaryExpr') return `(${shape(e.lhs)} ${e.op} ${shape(e.rhs)})`;
  if (e.kind === 'UnaryExpr') return `(${e.op}${shape(e.expr)})`;
  return printExpr(e);
}

test('operators group by Prometheus precedence and associativity', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
    ['-1 ^ 2', '(-(1 ^ 2))'],
    ['-a * b', '((-a) * b)'],
    ['-a ^ b', '(-(a ^ b))'],
    ['2 ^ -1', '(2 ^ -1)'],
    ['a or b and c unless d', '(a or ((b and c) unless d))'],
    ['a > b + c', '(a > (b + c))'],
    ['a * b atan2 c % d', '(((a * b) atan2 c) % d)'],
    ['a == bool b or c', '((a == b) or c)'],
    ['h </ 1 + 2', '((h </ 1) + 2)'],
    ['- -1', '1'],
    ['+foo', '(+foo)'],
  ];
  for (const [input, want] of cases) assert.equal(shape(parseExpr(input)), want, input);
});

test('each node kind is built with its fields and value type', () => {
  const sel = parseExpr('foo{job="a", env!~"b.*"} offset 5m @ 100');
  assert.deepEqual(sel, {
    kind: 'VectorSelector',
    name: 'foo',
    matchers: [
      { name: 'job', op: '=', value: 'a' },
      { name: 'env', op: '!~', value: 'b.*' },
      { name: '__name__', op: '=', value: 'foo' },
    ],
    offsetMs: 300000,
    at: { kind: 'timestamp', ms: 100000 },
    pos: { start: 0, end: 40 },
  });
  const m = parseExpr('rate({"my.metric"}[1m] @ end() offset -30s)');
  assert.equal(m.kind, 'Call');
  if (m.kind !== 'Call') return;
  const arg = m.args[0];
  assert.equal(arg?.kind, 'MatrixSelector');
  if (arg?.kind !== 'MatrixSelector') return;
  assert.equal(arg.rangeMs, 60000);
  assert.deepEqual(arg.selector.matchers, [{ name: '__name__', op: '=', value: 'my.metric' }]);
  assert.deepEqual(arg.selector.at, { kind: 'end' });
  assert.equal(arg.selector.offsetMs, -30000);

  const sq = parseExpr('max_over_time(rate(x[5m])[1h:] offset 1m)');
  assert.ok(sq.kind === 'Call' && sq.args[0]?.kind === 'SubqueryExpr');
  if (sq.kind === 'Call' && sq.args[0]?.kind === 'SubqueryExpr') {
    assert.deepEqual([sq.args[0].rangeMs, sq.args[0].stepMs, sq.args[0].offsetMs], [3600000, 0, 60000]);
  }

  const bin = parseExpr('a * on(x, y) group_left(z) b');
  assert.ok(bin.kind === 'BinaryExpr');
  if (bin.kind === 'BinaryExpr') {
    assert.deepEqual(bin.matching, { card: 'many-to-one', on: true, labels: ['x', 'y'], include: ['z'] });
  }
  const set = parseExpr('a and ignoring(x) b');
  assert.ok(set.kind === 'BinaryExpr' && set.matching?.card === 'many-to-many' && !set.matching.on);
  const scalarBin = parseExpr('1 + on() 2');
  assert.ok(scalarBin.kind === 'BinaryExpr' && scalarBin.matching === null);

  const agg = parseExpr('topk(3, x) without (a, "b.c",)');
  assert.ok(agg.kind === 'AggregateExpr');
  if (agg.kind === 'AggregateExpr') {
    assert.equal(agg.op, 'topk');
    assert.deepEqual(agg.grouping, ['a', 'b.c']);
    assert.equal(agg.without, true);
    assert.equal(agg.param?.kind, 'NumberLiteral');
  }
  assert.equal(parseExpr('SUM BY (job) (x)').kind, 'AggregateExpr');

  const types: [string, string][] = [
    ['1', 'scalar'],
    ['"s"', 'string'],
    ['x', 'vector'],
    ['x[5m]', 'matrix'],
    ['x[5m:1m]', 'matrix'],
    ['(1 + 2)', 'scalar'],
    ['1 + x', 'vector'],
    ['time()', 'scalar'],
    ['sum(x)', 'vector'],
    ['-(x)', 'vector'],
  ];
  for (const [q, t] of types) assert.equal(valueTypeOf(parseExpr(q)), t, q);
});

test('literals read as Prometheus reads them', () => {
  const cases: [string, number][] = [
    ['0x1F', 31],
    ['1_000', 1000],
    ['010', 8],
    ['1h30m', 5400],
    ['54s321ms', 54.321],
    ['-2h', -7200],
    ['x[300]', 300000],
  ];
  for (const [q, want] of cases) {
    const e = parseExpr(q);
    const got = e.kind === 'NumberLiteral' ? e.value : e.kind === 'MatrixSelector' ? e.rangeMs : Number.NaN;
    assert.equal(got, want, q);
  }
  assert.ok(Number.isNaN((parseExpr('nan') as { value: number }).value));
  assert.equal((parseExpr('-Inf') as { value: number }).value, Number.NEGATIVE_INFINITY);
  assert.equal(parseExpr('sum').kind, 'VectorSelector');
  assert.equal(parseExpr('by{a="b"}').kind, 'VectorSelector');
});

test('bad queries fail with Prometheus messages and positions', () => {
  const cases: [string, string][] = [
    ['', '1:1: parse error: no expression found in input'],
    ['foo{', '1:5: parse error: unexpected end of input in label matching, expected identifier or "}"'],
    ['sum(x', '1:6: parse error: unexpected end of input in function call arguments, expected "," or ")"'],
    ['foo(x)', '1:1: parse error: unknown function with name "foo"'],
    ['rate(x)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
    ['abs(x[5m])', '1:5: parse error: expected type instant vector in call to function "abs", got range vector'],
    ['round()', '1:1: parse error: expected at least 1 argument(s) in call to "round", got 0'],
    ['round(x, 1, 2)', '1:1: parse error: expected at most 2 argument(s) in call to "round", got 3'],
    ['time(1)', '1:1: parse error: expected 0 argument(s) in call to "time", got 1'],
    ['abs(x,)', '1:6: parse error: trailing commas not allowed in function call args'],
    ['sum(x[5m])', '1:5: parse error: expected type instant vector in aggregation expression, got range vector'],
    ['topk("a", x)', '1:6: parse error: expected type scalar in aggregation parameter, got string'],
    ['count_values(1, x)', '1:14: parse error: expected type string in aggregation parameter, got scalar'],
    ['sum(1, x)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2'],
    ['{job=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
    ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
    ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
    ['1 > 2', '1:1: parse error: comparisons between scalars must use BOOL modifier'],
    ['a + bool b', '1:1: parse error: bool modifier can only be used on comparison operators'],
    ['1 and x', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
    ['a and on(x) group_left b', '1:1: parse error: no grouping allowed for "and" operation'],
    ['1 + on(x) a', '1:1: parse error: vector matching only allowed between instant vectors'],
    ['a + on(x) group_left(x) b', '1:1: parse error: label "x" must not occur in ON and GROUP clause at once'],
    ['x[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
    [
      '-x[5m]',
      '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
    ],
    ['(x)[5m]', '1:4: parse error: ranges only allowed for vector selectors'],
    ['x offset 1m [5m]', '1:13: parse error: no offset modifiers allowed before range'],
    [
      'sum(x) offset 1m',
      '1:8: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
    ],
    ['x offset 1m offset 2m', '1:13: parse error: offset may not be set multiple times'],
    ['x @ 1 @ 2', '1:7: parse error: @ <timestamp> may not be set multiple times'],
    ['x @ Inf', '1:3: parse error: timestamp out of bounds for @ modifier: Infinity'],
    ['x[5m][1m:]', '1:1: parse error: subquery is only allowed on instant vector, got range vector instead'],
    ['x[0s]', '1:3: parse error: duration must be greater than 0'],
    ['x[1m30h]', '1:3: parse error: not a valid duration string: "1m30h"'],
    ['sum by (a', '1:10: parse error: unexpected end of input in grouping opts, expected "," or ")"'],
    ['on', '1:1: parse error: unexpected <on>'],
    ['x +', '1:4: parse error: unexpected end of input'],
    ['1 2', '1:3: parse error: unexpected number "2"'],
    ['sort_by_label(x, "a")', '1:1: parse error: function "sort_by_label" is not enabled'],
    ['limitk(1, x)', '1:1: parse error: limitk() and limit_ratio() are experimental and must be enabled'],
    ['sum by ("") (x)', '1:9: parse error: invalid label name for grouping: ""'],
    ['a +\n  rate(b)', '2:8: parse error: expected type range vector in call to function "rate", got instant vector'],
  ];
  for (const [q, message] of cases) {
    assert.throws(
      () => parseExpr(q),
      (err: unknown) => {
        assert.ok(err instanceof PromQLParseError, q);
        assert.equal(err.message, message, q);
        return true;
      },
    );
  }
});

test('experimental functions and info selectors parse when enabled', () => {
  const opts = { experimentalFunctions: true };
  assert.equal(parseExpr('sort_by_label(x, "a", "b")', opts).kind, 'Call');
  assert.equal(parseExpr('limitk(2, x)', opts).kind, 'AggregateExpr');
  // info's label selector may match the empty string.
  assert.equal(parseExpr('info(x, {data=~".*"})', opts).kind, 'Call');
});

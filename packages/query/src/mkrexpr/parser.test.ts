import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatExpr } from './ast.ts';
import { ExprError } from './errors.ts';
import { parseExpr } from './parser.ts';

test('parseExpr builds typed nodes', () => {
  const cases: { input: string; want: unknown }[] = [
    {
      input: 'host(22CXRB3pZmu, memory.*)',
      want: {
        kind: 'call',
        name: 'host',
        pos: { line: 1, col: 1 },
        args: [
          { kind: 'string', value: '22CXRB3pZmu', pos: { line: 1, col: 6 } },
          { kind: 'string', value: 'memory.*', pos: { line: 1, col: 19 } },
        ],
      },
    },
    {
      input: 'scale(service(\'Blog\', "a b"), 1/86400)',
      want: {
        kind: 'call',
        name: 'scale',
        pos: { line: 1, col: 1 },
        args: [
          {
            kind: 'call',
            name: 'service',
            pos: { line: 1, col: 7 },
            args: [
              { kind: 'string', value: 'Blog', pos: { line: 1, col: 15 } },
              { kind: 'string', value: 'a b', pos: { line: 1, col: 23 } },
            ],
          },
          { kind: 'number', value: 1 / 86400, text: '1/86400', pos: { line: 1, col: 31 } },
        ],
      },
    },
    {
      input: 'timeShift(host(h, m),\n  3mo)',
      want: {
        kind: 'call',
        name: 'timeShift',
        pos: { line: 1, col: 1 },
        args: [
          {
            kind: 'call',
            name: 'host',
            pos: { line: 1, col: 11 },
            args: [
              { kind: 'string', value: 'h', pos: { line: 1, col: 16 } },
              { kind: 'string', value: 'm', pos: { line: 1, col: 19 } },
            ],
          },
          { kind: 'duration', seconds: 3 * 30 * 86400, text: '3mo', pos: { line: 2, col: 3 } },
        ],
      },
    },
  ];
  for (const c of cases) assert.deepEqual(parseExpr(c.input), c.want, c.input);
});

test('parseExpr reads every literal form', () => {
  const cases: { input: string; value: number }[] = [
    { input: 'scale(host(h, m), 2)', value: 2 },
    { input: 'scale(host(h, m), -0.5)', value: -0.5 },
    { input: 'scale(host(h, m), .25)', value: 0.25 },
    { input: 'scale(host(h, m), 1e3)', value: 1000 },
    { input: 'scale(host(h, m), -1/4)', value: -0.25 },
    { input: "scale(host(h, m), '3')", value: 3 },
    { input: 'timeShift(host(h, m), 5m)', value: 300 },
    { input: 'timeShift(host(h, m), 1h)', value: 3600 },
    { input: 'timeShift(host(h, m), 1d)', value: 86400 },
    { input: 'timeShift(host(h, m), 1w)', value: 604800 },
    { input: 'timeShift(host(h, m), 3mo)', value: 7776000 },
    { input: "timeShift(host(h, m), '1y')", value: 31536000 },
  ];
  for (const c of cases) {
    const arg = parseExpr(c.input).args[1];
    const got = arg?.kind === 'number' ? arg.value : arg?.kind === 'duration' ? arg.seconds : undefined;
    assert.equal(got, c.value, c.input);
  }
});

test('parseExpr reports errors with positions', () => {
  const cases: { input: string; message: string }[] = [
    { input: 'avgg(host(h1, x))', message: 'unknown function "avgg" at 1:1' },
    { input: 'role(Blog:db)', message: 'role() takes 2 arguments, got 1 at 1:1' },
    { input: 'avg(\n  host(h1, x),\n  host(h2, x))', message: 'avg() takes 1 argument, got 2 at 1:1' },
    { input: 'avg(\n  nosuch(x))', message: 'unknown function "nosuch" at 2:3' },
    { input: '  ', message: 'empty expression at 1:3' },
  ];
  for (const c of cases) {
    assert.throws(
      () => parseExpr(c.input),
      (err: unknown) => err instanceof ExprError && err.message === c.message && err.kind === 'bad_data',
      c.input,
    );
  }
});

test('formatExpr gives canonical text that parses to the same tree', () => {
  const cases = [
    [
      "alias(movingAverage(diff(host(a,m),timeShift(host(a,m),10m)),1h),'x y')",
      "alias(movingAverage(diff(host(a, m), timeShift(host(a, m), 10m)), 1h), 'x y')",
    ],
    ['alias(host("a", m), "it\'s")', `alias(host(a, m), "it's")`],
    ['percentile(role(Blog:db, custom.*), 99.5)', 'percentile(role(Blog:db, custom.*), 99.5)'],
  ];
  for (const [input, want] of cases) {
    const text = formatExpr(parseExpr(input as string));
    assert.equal(text, want);
    assert.equal(formatExpr(parseExpr(text)), text);
  }
});

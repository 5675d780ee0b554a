import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { labelsFromRecord } from '@saba/model';
import { DEFAULT_TESTDATA_DIR, V2_42_FOLDER } from './runner.ts';
import { type EvalCommand, type LoadCommand, parseDurationMs, parseScript, ScriptError } from './script.ts';
import { readEvalIndex } from './skip-list.ts';

const dir = DEFAULT_TESTDATA_DIR;

for (const sub of ['', V2_42_FOLDER]) {
  describe(`every script of ${sub === '' ? 'the testdata folder' : sub} parses`, () => {
    const index = readEvalIndex(dir, sub);
    const names = readdirSync(join(dir, sub)).filter((n) => n.endsWith('.test'));
    test('the folder has scripts', () => assert.ok(names.length >= 11, `${names.length} files`));
    for (const name of names) {
      const file = sub === '' ? name : `${sub}/${name}`;
      test(`${file}: evals match EVAL_INDEX.tsv (count, lines, kinds, expressions)`, () => {
        const script = parseScript(readFileSync(join(dir, file), 'utf8'), file);
        const evals = script.commands.filter((c): c is EvalCommand => c.kind === 'eval');
        const rows = index.filter((r) => r.file === file);
        assert.equal(evals.length, rows.length);
        assert.deepEqual(
          evals.map((e) => [e.line, e.query.type, e.expr]),
          rows.map((r) => [r.line, r.type, r.expr]),
        );
      });
    }
  });
}

test('the top folder has the 2,195 evals the index lists, and v2.42.0 its 566', () => {
  assert.equal(readEvalIndex(dir).length, 2195);
  assert.equal(readEvalIndex(dir, V2_42_FOLDER).length, 566);
});

const SAMPLE = `# a comment
load 5m
  http_requests{job="api", instance="0"} 0+10x3 _ stale
  up 1 1

  # commented out inside a block: ends nothing
eval instant at 15m sum(http_requests)
  expect no_info
  expect warn msg: PromQL warning: something
  expect warn regex: thing (one|two)
  {job="api"} 30

eval_ordered instant at 0 sort(up)
  up 1
  {} 2

clear

eval range from 0 to 10m step 5m up
  {__name__="up"} 1 _ 1

eval instant at 1h30m 1 + 1
  2

eval_fail instant at 1m foo(
  expected_fail_message unexpected end of input

eval instant at 1m bar[1m]
  expect range vector from 0 to 1m step 30s
  bar 1 2 3

eval instant at 0 "x"
  expect string " x "
`;

describe('a script of each command', () => {
  const s = parseScript(SAMPLE, 'sample.test');
  const [load, e1, e2, clear, e3, e4, e5, e6, e7] = s.commands;

  test('load: interval, labels, expanded values and lines', () => {
    const l = load as LoadCommand;
    assert.equal(l.kind, 'load');
    assert.equal(l.line, 2);
    assert.equal(l.intervalMs, 300_000);
    assert.deepEqual(l.series[0]?.labels, labelsFromRecord({ __name__: 'http_requests', job: 'api', instance: '0' }));
    assert.equal(l.series[0]?.line, 3);
    assert.deepEqual(
      l.series[0]?.values.map((v) => (v.kind === 'float' ? v.value : v.kind)),
      [0, 10, 20, 30, 'omitted', 'stale'],
    );
    assert.equal(l.series.length, 2);
  });

  test('eval with expect lines', () => {
    const e = e1 as EvalCommand;
    assert.equal(e.line, 7);
    assert.deepEqual(e.query, { type: 'instant', at: 900_000 });
    assert.equal(e.expr, 'sum(http_requests)');
    assert.equal(e.noInfo, true);
    assert.equal(e.noWarn, false);
    assert.deepEqual(e.warn[0], { type: 'msg', text: 'PromQL warning: something' });
    assert.equal(e.warn[1]?.type, 'regex');
    assert.equal(e.info.length, 0);
    assert.deepEqual(e.expectedText, ['{job="api"} 30']);
    assert.equal(e.expected[0]?.pos, 1);
  });

  test('eval_ordered keeps the result lines in order', () => {
    const e = e2 as EvalCommand;
    assert.equal(e.ordered, true);
    assert.deepEqual(
      e.expected.map((x) => [x.pos, x.labels.length]),
      [
        [1, 1],
        [2, 0],
      ],
    );
  });

  test('clear, range, scalar, eval_fail, range vector and string', () => {
    assert.equal(clear?.kind, 'clear');
    const r = e3 as EvalCommand;
    assert.deepEqual(r.query, { type: 'range', start: 0, end: 600_000, stepMs: 300_000 });
    assert.deepEqual(
      r.expected[0]?.values.map((v) => v.kind),
      ['float', 'omitted', 'float'],
    );
    assert.equal((e4 as EvalCommand).expectedScalar, 2);
    assert.deepEqual((e4 as EvalCommand).query, { type: 'instant', at: 5_400_000 });
    assert.deepEqual((e5 as EvalCommand).fail, { type: 'msg', text: 'unexpected end of input' });
    assert.deepEqual((e6 as EvalCommand).rangeVector, { start: 0, end: 60_000, stepMs: 30_000 });
    assert.equal((e7 as EvalCommand).expectedString, ' x ');
  });
});

test('durations as Prometheus writes them', () => {
  const cases: [string, number | null][] = [
    ['0', 0],
    ['5ms', 5],
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['10s250ms', 10_250],
    ['', null],
    ['10', null],
    ['1.5m', null],
    ['-1m', null],
    ['1s1m', null],
  ];
  for (const [text, ms] of cases) assert.equal(parseDurationMs(text), ms, text);
});

test('malformed scripts fail with file:line', () => {
  const cases: [string, number, RegExp][] = [
    ['load 1m\n  foo 1 2\n\nbogus', 4, /invalid command/],
    ['load 1q\n  foo 1', 1, /invalid load interval/],
    ['load 1m\n  foo{a="1"} 1 2x', 2, /invalid value/],
    ['eval instant at 1m foo\n  foo 1 2', 2, /one value per series/],
    ['eval instant at 1m foo\n  expect fail\n  expect fail', 3, /only one expect fail/],
    ['eval instant at 1m foo\n  expect warn\n  expect no_warn', 3, /cannot be used together/],
    ['eval range from 2m to 1m step 1m foo', 1, /before start/],
    ['eval instant at 1m foo\n  expect bogus', 2, /invalid expect/],
  ];
  for (const [text, line, re] of cases) {
    assert.throws(
      () => parseScript(text, 'bad.test'),
      (err: unknown) =>
        err instanceof ScriptError &&
        err.line === line &&
        re.test(err.message) &&
        err.message.startsWith(`bad.test:${line}:`),
      text,
    );
  }
});

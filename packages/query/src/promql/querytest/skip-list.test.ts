import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TESTDATA_DIR, V2_42_FOLDER } from './runner.ts';
import { parseEvalIndex, readEvalIndex, SKIP_FLAG_RULES, skipMap, skipsFromIndex } from './skip-list.ts';

test('the default skips leave the 838 evals issue 9 requires of the top folder', () => {
  const rows = readEvalIndex(DEFAULT_TESTDATA_DIR);
  const skips = skipsFromIndex(rows);
  assert.equal(rows.length - skips.length, 838);
  for (const s of skips) {
    assert.ok(s.reason.length > 0, `${s.file}:${s.line}`);
    assert.ok(
      SKIP_FLAG_RULES.some((r) => s.reason.includes(r.reason)),
      s.reason,
    );
  }
  // Keys are unique: one reason per case.
  assert.equal(skipMap(skips).size, skips.length);
});

test('the 2.42.0 files have nothing skipped by default', () => {
  assert.equal(skipsFromIndex(readEvalIndex(DEFAULT_TESTDATA_DIR, V2_42_FOLDER)).length, 0);
});

test('a skip names every flag that skips it, with its details', () => {
  const text = [
    'file\tline\ttype\tflags\tnative_histogram_reason\texpr',
    'limit.test\t10\trange\tnative_histograms,range,experimental_functions:limit_ratio+limitk,new_since_2.42:limit_ratio\treads-histogram-series:h\tlimit_ratio(0.5, h)',
    'functions.test\t20\tinstant\tat_modifier,ordered\t\tsort(x @ 10)',
    'info.test\t30\tinstant\texperimental_functions:info\t\tinfo(m)',
  ].join('\n');
  const rows = parseEvalIndex(text, 'sub');
  assert.deepEqual(
    rows.map((r) => [r.file, r.line, r.type, r.flags.length, r.expr]),
    [
      ['sub/limit.test', 10, 'range', 4, 'limit_ratio(0.5, h)'],
      ['sub/functions.test', 20, 'instant', 2, 'sort(x @ 10)'],
      ['sub/info.test', 30, 'instant', 1, 'info(m)'],
    ],
  );
  assert.deepEqual(skipsFromIndex(rows), [
    {
      file: 'sub/limit.test',
      line: 10,
      reason:
        'native histograms (a later goal of issue 9) (reads-histogram-series:h); experimental functions (--enable-feature=promql-experimental-functions): limit_ratio, limitk',
    },
    {
      file: 'sub/info.test',
      line: 30,
      reason: 'experimental functions (--enable-feature=promql-experimental-functions): info',
    },
  ]);
  assert.throws(() => parseEvalIndex('file\tline\n'), /header/);
});

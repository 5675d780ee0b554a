import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelsFromRecord } from '@saba/model';
import {
  expandValues,
  NotationError,
  parseScriptNumber,
  parseSeriesLine,
  type SequenceValue,
} from './series-notation.ts';

// Each value rendered as a number, '_' (omitted), 'stale', or 'h:<text>' (a histogram).
function render(vs: readonly SequenceValue[]): (number | string)[] {
  return vs.map((v) =>
    v.kind === 'float' ? v.value : v.kind === 'omitted' ? '_' : v.kind === 'stale' ? 'stale' : `h:${v.text}`,
  );
}

test('value sequences expand as documented', () => {
  const cases: [string, (number | string)[]][] = [
    ['5', [5]],
    ['1 2 3', [1, 2, 3]],
    ['-2+4x3', [-2, 2, 6, 10]],
    ['1-2x4', [1, -1, -3, -5, -7]],
    ['1x4', [1, 1, 1, 1, 1]],
    // `0x5` is six zeros, never hexadecimal.
    ['0x5', [0, 0, 0, 0, 0, 0]],
    ['1 _x3 stale', [1, '_', '_', '_', 'stale']],
    ['_', ['_']],
    ['-1-1x3', [-1, -2, -3, -4]],
    ['0+10x2 _ 7', [0, 10, 20, '_', 7]],
    ['.5 1e3 -1E+2 2.5e-1', [0.5, 1000, -100, 0.25]],
    ['1e+2x2', [100, 100, 100]],
    ['Inf -Inf +Inf inf -inf', [Infinity, -Infinity, Infinity, Infinity, -Infinity]],
    ['NaN nan', [Number.NaN, Number.NaN]],
    ['\t3\t\t4 ', [3, 4]],
    ['', []],
    ['{{schema:1 sum:3 count:22 buckets:[5 10 7]}}', ['h:{{schema:1 sum:3 count:22 buckets:[5 10 7]}}']],
    [
      '{{schema:0 sum:1 count:1}}x2 4',
      ['h:{{schema:0 sum:1 count:1}}x2', 'h:{{schema:0 sum:1 count:1}}x2', 'h:{{schema:0 sum:1 count:1}}x2', 4],
    ],
    ['{{count:1}}+{{count:2}}x1', ['h:{{count:1}}+{{count:2}}x1', 'h:{{count:1}}+{{count:2}}x1']],
    ['5 2+3x2 _ stale {{schema:1}}', [5, 2, 5, 8, '_', 'stale', 'h:{{schema:1}}']],
  ];
  for (const [text, want] of cases) assert.deepEqual(render(expandValues(text)), want, text);
});

test('increments accumulate as Prometheus adds them, not as a + i*b', () => {
  const got = expandValues('0+0.1x30');
  let acc = 0;
  for (let i = 0; i <= 30; i++) {
    assert.equal((got[i] as { value: number }).value, acc, `step ${i}`);
    acc += 0.1;
  }
  // 0.1 summed 30 times is not 3 in floats; the notation must keep that drift.
  assert.notEqual((got[30] as { value: number }).value, 3);
});

test('malformed values are refused', () => {
  for (const text of ['1+', 'x3', '1+2', '1y', '_x', 'stalex2', '{{schema:1', '{{a}}+{{b}}', '--1']) {
    assert.throws(() => expandValues(text), NotationError, text);
  }
});

test('series descriptions', () => {
  const cases: [string, Record<string, string>, number][] = [
    ['up 1', { __name__: 'up' }, 1],
    ['http_requests{job="api", instance="0"} 0+1x2', { __name__: 'http_requests', job: 'api', instance: '0' }, 3],
    ['{group="canary"} 700', { group: 'canary' }, 1],
    ['{} 3', {}, 1],
    ['{__name__="up", a=\'b\', c=`d\\n`} 1', { __name__: 'up', a: 'b', c: 'd\\n' }, 1],
    ['foo{a="x y}", b="q\\"uote",} 1', { __name__: 'foo', a: 'x y}', b: 'q"uote' }, 1],
    ['ns:metric_name:rate5m{a="\\u00e9\\xc5\\x9b"} 2', { __name__: 'ns:metric_name:rate5m', a: 'é\u015b' }, 1],
    ['{"my.metric", "a.b"="c"} 1', { __name__: 'my.metric', 'a.b': 'c' }, 1],
    // Empty values are dropped, as a label set never holds them.
    ['foo{unit=""} 1', { __name__: 'foo' }, 1],
    ['foo', { __name__: 'foo' }, 0],
  ];
  for (const [line, labels, n] of cases) {
    const got = parseSeriesLine(line);
    assert.deepEqual(got.labels, labelsFromRecord(labels), line);
    assert.equal(got.values.length, n, line);
  }
  for (const bad of ['foo{a="1"', 'foo{a=1} 2', 'foo{a="1", a="2"} 1', 'foo{a=~"1"} 1', '5 6', 'foo{"x", "y"} 1']) {
    assert.throws(() => parseSeriesLine(bad), NotationError, bad);
  }
});

test('numbers as Go reads a scalar line', () => {
  const cases: [string, number | null][] = [
    ['3', 3],
    ['-0.5', -0.5],
    ['1e-3', 0.001],
    ['0x1F', 31],
    ['+Inf', Infinity],
    ['-inf', -Infinity],
    ['NaN', Number.NaN],
    ['{} 3', null],
    ['1+2x3', null],
    ['abc', null],
  ];
  for (const [text, want] of cases) assert.deepEqual(parseScriptNumber(text), want, text);
});

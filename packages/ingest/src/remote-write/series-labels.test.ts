import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, type Label } from '@saba/model';
import fc from 'fast-check';
import { encodeTestWriteRequest } from '../testing/write-request.ts';
import { decodeWriteRequest } from './decode-write-request.ts';
import { labelsProblem, seriesLabels } from './series-labels.ts';

const l = (name: string, value: string): Label => ({ name, value });

test('labelsProblem: the spec 1.0 rules, one case each', () => {
  const cases: [string, Label[], RegExp | undefined][] = [
    ['valid', [l('__name__', 'up'), l('job', 'x')], undefined],
    ['colons in the metric name', [l('__name__', 'job:rate5m:sum'), l('a_1', 'ü')], undefined],
    ['no __name__', [l('job', 'x')], /"__name__" \(the metric name\) is missing/],
    ['no labels at all', [], /is missing/],
    ['unsorted', [l('job', 'x'), l('__name__', 'up')], /not sorted by name \("__name__" after "job"\)/],
    ['duplicate', [l('__name__', 'up'), l('job', 'x'), l('job', 'y')], /"job" appears more than once/],
    ['empty value', [l('__name__', 'up'), l('job', '')], /"job" has an empty value/],
    ['empty name', [l('', 'x'), l('__name__', 'up')], /a label name is empty/],
    ['name with a dash', [l('__name__', 'up'), l('a-b', 'x')], /"a-b" has characters outside/],
    ['name starting with a digit', [l('1a', 'x'), l('__name__', 'up')], /"1a" has characters outside/],
    ['metric name with a dot', [l('__name__', 'cpu.user')], /metric name "cpu.user"/],
    ['metric name starting with a digit', [l('__name__', '9up')], /metric name "9up"/],
    ['the reserved mark', [l('__name__', 'up'), l('__saba_labeled__', '1')], /"__saba_labeled__" is reserved/],
  ];
  for (const [name, pairs, want] of cases) {
    const got = labelsProblem(pairs);
    if (want === undefined) assert.equal(got, undefined, name);
    else assert.match(got ?? '', want, name);
  }
});

test('seriesLabels adds the mark in its sorted place and names the series in errors', () => {
  const bytes = encodeTestWriteRequest([
    {
      labels: [
        ['__name__', 'up'],
        ['zone', 'z'],
      ],
    },
    {
      labels: [
        ['__name__', 'up'],
        ['__scheme__', 'http'],
      ],
    },
    {
      labels: [
        ['job', 'x'],
        ['__name__', 'up'],
      ],
    },
  ]);
  const req = decodeWriteRequest(bytes);
  const names = (i: number) => seriesLabels(req.bytes, req.series[i]?.labelRanges ?? [], i).map((x) => x.name);
  assert.deepEqual(names(0), ['__name__', '__saba_labeled__', 'zone']);
  assert.deepEqual(names(1), ['__name__', '__saba_labeled__', '__scheme__']);
  assert.throws(
    () => names(2),
    (e: unknown) =>
      e instanceof BadDataError && e.message.startsWith('series 2 {job="x", __name__="up"}: labels are not sorted'),
  );
});

test('invalid UTF-8 in a label value is a BadDataError', () => {
  const bytes = encodeTestWriteRequest([
    {
      labels: [
        ['__name__', 'up'],
        ['job', 'x'],
      ],
    },
  ]);
  const at = Buffer.from(bytes).lastIndexOf(0x78); // the "x"
  bytes[at] = 0xff;
  const req = decodeWriteRequest(bytes);
  assert.throws(() => seriesLabels(req.bytes, req.series[0]?.labelRanges ?? [], 0), /not valid UTF-8/);
});

test('property: any sorted set of valid names and non-empty values round-trips with the mark', () => {
  const name = fc
    .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/)
    .filter((n) => n !== '__name__' && n !== '__saba_labeled__');
  fc.assert(
    fc.property(
      fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,20}$/),
      fc.uniqueArray(fc.tuple(name, fc.string({ minLength: 1, maxLength: 20 })), {
        selector: (p) => p[0],
        maxLength: 8,
      }),
      (metric, rest) => {
        const pairs = [['__name__', metric] as const, ...rest].sort((a, b) => (a[0] < b[0] ? -1 : 1));
        const bytes = encodeTestWriteRequest([{ labels: pairs, samples: [[1, 2]] }]);
        const req = decodeWriteRequest(bytes);
        const got = seriesLabels(req.bytes, req.series[0]?.labelRanges ?? [], 0);
        const want = [...pairs.map(([n, v]) => ({ name: n, value: v })), { name: '__saba_labeled__', value: '1' }].sort(
          (a, b) => (a.name < b.name ? -1 : 1),
        );
        assert.deepEqual(got, want);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: labelsProblem finds every shuffled set of two or more distinct names unsorted, or accepts it sorted', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      (names, reverse) => {
        const sorted = ['__name__', ...names].sort();
        const pairs = (reverse ? [...sorted].reverse() : sorted).map((n) => l(n, n === '__name__' ? 'm' : 'v'));
        const problem = labelsProblem(pairs);
        if (reverse) assert.match(problem ?? '', /not sorted/);
        else assert.equal(problem, undefined);
      },
    ),
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError, ConflictError, labelsFromRecord, labelsToRecord, orgId, seriesRef } from '@saba/model';
import { type Matcher, type MatchType, matcher } from '@saba/storage';
import { LabelIndex } from './index.ts';

const ORG = orgId('o1');

// The series of Prometheus's TestPostingsForMatchers, plus a unicode one; ref = position + 1.
const SERIES: Record<string, string>[] = [
  { n: '1' },
  { n: '1', i: 'a' },
  { n: '1', i: 'b' },
  { n: '1', i: '\n' },
  { n: '2' },
  { n: '2.5' },
  { n: 'ü', i: '日本' },
];

function build(): LabelIndex {
  const idx = new LabelIndex();
  for (const [k, s] of SERIES.entries()) idx.add(seriesRef(k + 1), ORG, labelsFromRecord(s));
  return idx;
}

function m(spec: string): Matcher {
  const r = /^(\w+)(=~|!~|!=|=)(.*)$/s.exec(spec);
  if (r === null) throw new Error(`bad spec ${spec}`);
  return matcher(r[2] as MatchType, r[1] as string, r[3] as string);
}

// [matchers, expected refs] — refs index SERIES from 1.
const cases: [string[], number[]][] = [
  [[], [1, 2, 3, 4, 5, 6, 7]],
  // Equality.
  [['n=1'], [1, 2, 3, 4]],
  [['n=1', 'i=a'], [2]],
  [['n=1', 'i=missing'], []],
  [['missing='], [1, 2, 3, 4, 5, 6, 7]],
  [['n=1', 'i='], [1]],
  [['i='], [1, 5, 6]],
  // Negation.
  [['n!=1'], [5, 6, 7]],
  [['i!='], [2, 3, 4, 7]],
  [['missing!='], []],
  [
    ['n=1', 'i!=a'],
    [1, 3, 4],
  ],
  [
    ['n=1', 'i!='],
    [2, 3, 4],
  ],
  [['missing!=x'], [1, 2, 3, 4, 5, 6, 7]],
  // Regex: anchored, dot matches newline.
  [['n=~1'], [1, 2, 3, 4]],
  [['n=~^1$'], [1, 2, 3, 4]],
  [['n=~2'], [5]],
  [['n=1', 'i=~a'], [2]],
  [
    ['n=1', 'i=~^a?$'],
    [1, 2],
  ],
  [['i=~^$'], [1, 5, 6]],
  [['n=1', 'i=~^$'], [1]],
  [
    ['n=1', 'i=~.*'],
    [1, 2, 3, 4],
  ],
  [
    ['n=1', 'i=~.+'],
    [2, 3, 4],
  ],
  [
    ['n=1', 'i=~.'],
    [2, 3, 4],
  ],
  [['i=~\\n'], [4]],
  [['n=~2\\..*'], [6]],
  [['n=~2.*'], [5, 6]],
  [['n=~(?i)Ü'], [7]],
  [['i=~日.'], [7]],
  [['i=~\\p{Han}+'], [7]],
  // Negated regex.
  [['i!~^1$'], [1, 2, 3, 4, 5, 6, 7]],
  [['n!~^1$'], [5, 6, 7]],
  [
    ['n=1', 'i!~a'],
    [1, 3, 4],
  ],
  [
    ['n=1', 'i!~^a?$'],
    [3, 4],
  ],
  [
    ['n=1', 'i!~^$'],
    [2, 3, 4],
  ],
  [['n=1', 'i!~.*'], []],
  [['n=1', 'i!~.+'], [1]],
  [['i!~.*'], []],
  [['i!~.+'], [1, 5, 6]],
  [['n!~2.*'], [1, 2, 3, 4, 7]],
  // Combinations.
  [['n=1', 'i!=', 'i=a'], [2]],
  [['n=1', 'i!=b', 'i=~^(b|a).*$'], [2]],
  [
    ['n=~1|2', 'i!~a|b'],
    [1, 4, 5],
  ],
  // Literal alternations (set lookups).
  [['n=~1|2'], [1, 2, 3, 4, 5]],
  [['i=~a|b'], [2, 3]],
  [['i=~(a|b)'], [2, 3]],
  [['n=~x1|2'], [5]],
  [['n=~2|2\\.5'], [5, 6]],
  // An empty alternative also selects series without the label.
  [['i=~c||d'], [1, 5, 6]],
  [['i=~(c||d)'], [1, 5, 6]],
  [['i=~a|'], [1, 2, 5, 6]],
  [
    ['n=1', 'i=~a|'],
    [1, 2],
  ],
  [['i!~a|'], [3, 4, 7]],
  // .* and .+ shortcuts.
  [['i=~.*'], [1, 2, 3, 4, 5, 6, 7]],
  [['i=~.+'], [2, 3, 4, 7]],
  [['missing=~.*'], [1, 2, 3, 4, 5, 6, 7]],
  [['missing=~.+'], []],
  [['missing!~.*'], []],
];

describe('LabelIndex.select', () => {
  const idx = build();
  for (const [specs, want] of cases) {
    it(`{${specs.map((s) => JSON.stringify(s)).join(', ')}} selects ${JSON.stringify(want)}`, () => {
      assert.deepEqual([...idx.select(ORG, specs.map(m))], want);
    });
  }

  it('throws BadDataError for an invalid regex, even for an unknown org', () => {
    assert.throws(() => idx.select(ORG, [m('n=~(')]), BadDataError);
    assert.throws(() => idx.select(orgId('nobody'), [m('n!~[')]), BadDataError);
  });

  it('returns arrays the caller may keep and change', () => {
    const a = idx.select(ORG, [m('n=1')]);
    a.fill(0);
    assert.deepEqual([...idx.select(ORG, [m('n=1')])], [1, 2, 3, 4]);
  });
});

describe('LabelIndex organizations', () => {
  const A = orgId('a');
  const B = orgId('b');
  const idx = new LabelIndex();
  idx.add(seriesRef(1), A, labelsFromRecord({ __name__: 'up', host: 'h1' }));
  idx.add(seriesRef(2), B, labelsFromRecord({ __name__: 'up', host: 'h1' }));
  idx.add(seriesRef(3), B, labelsFromRecord({ __name__: 'up', host: 'h2', secret: 's' }));

  it('selects only the org’s own series, whatever the matchers', () => {
    for (const specs of [[], ['host=h1'], ['__name__=up'], ['host=~.*'], ['host!=h2'], ['secret=']]) {
      const a = [...idx.select(A, specs.map(m))];
      const b = [...idx.select(B, specs.map(m))];
      assert.ok(a.every((r) => r === 1));
      assert.ok(b.every((r) => r === 2 || r === 3));
    }
    assert.deepEqual([...idx.select(A, [m('host=h1')])], [1]);
    assert.deepEqual([...idx.select(B, [m('host=h1')])], [2]);
    assert.deepEqual([...idx.select(orgId('c'), [])], []);
  });

  it('lists only the org’s own label names and values', () => {
    assert.deepEqual(idx.labelNames(A), ['__name__', 'host']);
    assert.deepEqual(idx.labelNames(B), ['__name__', 'host', 'secret']);
    assert.deepEqual(idx.labelValues(A, 'host'), ['h1']);
    assert.deepEqual(idx.labelValues(B, 'host'), ['h1', 'h2']);
    assert.deepEqual(idx.labelValues(A, 'secret'), []);
  });

  it('ignores refs of another org passed to labelNames and labelValues', () => {
    const all = Uint32Array.of(1, 2, 3);
    assert.deepEqual(idx.labelNames(A, all), ['__name__', 'host']);
    assert.deepEqual(idx.labelValues(A, 'host', all), ['h1']);
    assert.deepEqual(idx.labelValues(B, 'host', Uint32Array.of(1, 3)), ['h2']);
  });

  it('counts series per org', () => {
    assert.equal(idx.seriesCount(A), 1);
    assert.equal(idx.seriesCount(B), 2);
    assert.equal(idx.seriesCount(orgId('c')), 0);
    assert.equal(idx.size(), 3);
    assert.equal(idx.org(seriesRef(2)), B);
  });
});

describe('LabelIndex add and remove', () => {
  it('returns labels and org of live series only', () => {
    const idx = new LabelIndex();
    idx.add(seriesRef(5), ORG, labelsFromRecord({ __name__: 'up', host: 'h1' }));
    assert.deepEqual(labelsToRecord(idx.labels(seriesRef(5)) ?? []), { __name__: 'up', host: 'h1' });
    assert.equal(idx.org(seriesRef(5)), ORG);
    assert.equal(idx.labels(seriesRef(4)), undefined);
    assert.equal(idx.org(seriesRef(99)), undefined);
    idx.remove(seriesRef(5));
    assert.equal(idx.labels(seriesRef(5)), undefined);
    assert.equal(idx.org(seriesRef(5)), undefined);
    idx.remove(seriesRef(5)); // removing twice is harmless
    assert.equal(idx.size(), 0);
  });

  it('shares one label object between series with the same pair', () => {
    const idx = new LabelIndex();
    idx.add(seriesRef(1), ORG, labelsFromRecord({ host: 'h1', x: '1' }));
    idx.add(seriesRef(2), ORG, labelsFromRecord({ host: 'h1', x: '2' }));
    assert.equal(idx.labels(seriesRef(1))?.[0], idx.labels(seriesRef(2))?.[0]);
  });

  it('drops removed series from selections, names and values', () => {
    const idx = build();
    idx.remove(seriesRef(2));
    idx.remove(seriesRef(7));
    assert.deepEqual([...idx.select(ORG, [m('n=1')])], [1, 3, 4]);
    assert.deepEqual([...idx.select(ORG, [m('i=~.+')])], [3, 4]);
    assert.deepEqual([...idx.select(ORG, [])], [1, 3, 4, 5, 6]);
    assert.deepEqual(idx.labelValues(ORG, 'i'), ['\n', 'b']);
    assert.deepEqual(idx.labelValues(ORG, 'n'), ['1', '2', '2.5']);
    for (const r of [3, 4]) idx.remove(seriesRef(r));
    assert.deepEqual(idx.labelNames(ORG), ['n']);
    assert.equal(idx.seriesCount(ORG), 3);
  });

  it('handles refs added out of order and a ref re-added to another org', () => {
    const idx = new LabelIndex();
    for (const r of [10, 3, 7, 1]) idx.add(seriesRef(r), ORG, labelsFromRecord({ job: 'x' }));
    assert.deepEqual([...idx.select(ORG, [m('job=x')])], [1, 3, 7, 10]);
    idx.remove(seriesRef(3));
    idx.add(seriesRef(3), orgId('other'), labelsFromRecord({ job: 'x' }));
    assert.deepEqual([...idx.select(ORG, [m('job=x')])], [1, 7, 10]);
    assert.deepEqual([...idx.select(ORG, [])], [1, 7, 10]);
    assert.deepEqual([...idx.select(orgId('other'), [m('job=x')])], [3]);
  });

  it('rejects a ref already present, invalid refs and malformed labels', () => {
    const idx = new LabelIndex();
    idx.add(seriesRef(1), ORG, labelsFromRecord({ a: '1' }));
    assert.throws(() => idx.add(seriesRef(1), ORG, labelsFromRecord({ a: '2' })), ConflictError);
    assert.throws(() => idx.add(seriesRef(0), ORG, []), BadDataError);
    assert.throws(() => idx.add(seriesRef(1.5), ORG, []), BadDataError);
    const unsorted = [
      { name: 'b', value: '1' },
      { name: 'a', value: '1' },
    ];
    assert.throws(() => idx.add(seriesRef(2), ORG, unsorted), BadDataError);
    assert.throws(() => idx.add(seriesRef(2), ORG, [{ name: 'a', value: '' }]), BadDataError);
    assert.equal(idx.size(), 1);
  });
});

describe('LabelIndex label names and values', () => {
  const idx = build();

  it('lists all of the org’s names and values, sorted', () => {
    assert.deepEqual(idx.labelNames(ORG), ['i', 'n']);
    assert.deepEqual(idx.labelValues(ORG, 'n'), ['1', '2', '2.5', 'ü']);
    assert.deepEqual(idx.labelValues(ORG, 'missing'), []);
  });

  it('restricts names and values to the given refs', () => {
    const refs = idx.select(ORG, [m('n=~1|2')]);
    assert.deepEqual(idx.labelNames(ORG, refs), ['i', 'n']);
    assert.deepEqual(idx.labelNames(ORG, Uint32Array.of(1, 5)), ['n']);
    assert.deepEqual(idx.labelValues(ORG, 'i', refs), ['\n', 'a', 'b']);
    assert.deepEqual(idx.labelValues(ORG, 'i', Uint32Array.of(1, 5)), []);
    assert.deepEqual(idx.labelValues(ORG, 'n', Uint32Array.of(2, 3, 5, 99)), ['1', '2']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Labels, labelsFromRecord, orgId, seriesRef } from '@saba/model';
import { type Matcher, type MatchType, matcher } from '@saba/storage';
import fc from 'fast-check';
import { LabelIndex } from './index.ts';

// The oracle checks regexes with JS's own engine on patterns that mean the same in both dialects,
// so it shares no code with the index's translation and fast paths.
const PATTERNS = ['x', 'y', 'x|y', 'x|', '.*', '.+', 'x.*', '.*y', '', '[xy]+', 'ü|\\n', '.', 'xy?', '(x|xy)'];
const VALUES = ['', 'x', 'y', 'xy', 'yx', 'ü', '\n'];
const NAMES = ['__name__', 'a', 'b', 'c'];
const ORGS = [orgId('o1'), orgId('o2')];

interface Op {
  readonly remove: boolean;
  readonly org: 0 | 1;
  readonly values: readonly string[];
}

const op: fc.Arbitrary<Op> = fc.record({
  remove: fc.boolean(),
  org: fc.constantFrom(0 as const, 1 as const),
  values: fc.array(fc.constantFrom(...VALUES), { minLength: NAMES.length, maxLength: NAMES.length }),
});

const matcherArb: fc.Arbitrary<Matcher> = fc
  .tuple(
    fc.constantFrom(...NAMES, 'missing'),
    fc.constantFrom<MatchType>('=', '!=', '=~', '!~'),
    fc.constantFrom(...VALUES),
    fc.constantFrom(...PATTERNS),
  )
  .map(([name, type, value, pattern]) => matcher(type, name, type === '=' || type === '!=' ? value : pattern));

function oracle(m: Matcher, value: string): boolean {
  switch (m.type) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`, 'su').test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`, 'su').test(value);
  }
}

function valueIn(labels: Labels, name: string): string {
  return labels.find((l) => l.name === name)?.value ?? '';
}

describe('LabelIndex against a brute-force filter', () => {
  it('selects, lists names and values as a scan of every series would', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.array(matcherArb, { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        (ops, queries) => {
          const idx = new LabelIndex();
          const live = new Map<number, { org: number; labels: Labels }>();
          let next = 1;
          for (const o of ops) {
            if (o.remove && live.size > 0) {
              const refs = [...live.keys()];
              const r = refs[(next * 7) % refs.length] as number;
              idx.remove(seriesRef(r));
              live.delete(r);
              continue;
            }
            const labels = labelsFromRecord(Object.fromEntries(NAMES.map((n, k) => [n, o.values[k] ?? ''])));
            idx.add(seriesRef(next), ORGS[o.org] as (typeof ORGS)[number], labels);
            live.set(next++, { org: o.org, labels });
          }
          for (const [org, id] of ORGS.entries()) {
            // Sorted values let prefix matchers look up a range instead of scanning.
            if (ops.length % 2 === 0) for (const n of NAMES) idx.labelValues(id, n);
            const mine = [...live.entries()].filter(([, s]) => s.org === org).sort((a, b) => a[0] - b[0]);
            assert.equal(idx.seriesCount(id), mine.length);
            for (const ms of queries) {
              const want = mine
                .filter(([, s]) => ms.every((m) => oracle(m, valueIn(s.labels, m.name))))
                .map(([r]) => r);
              const got = idx.select(id, ms);
              assert.deepEqual([...got], want, JSON.stringify(ms));
              const names = new Set(want.flatMap((r) => (live.get(r)?.labels ?? []).map((l) => l.name)));
              assert.deepEqual(idx.labelNames(id, got), [...names].sort());
              const values = new Set(want.map((r) => valueIn(live.get(r)?.labels ?? [], 'a')).filter((v) => v !== ''));
              assert.deepEqual(idx.labelValues(id, 'a', got), [...values].sort());
            }
            const allValues = new Set(mine.map(([, s]) => valueIn(s.labels, 'b')).filter((v) => v !== ''));
            assert.deepEqual(idx.labelValues(id, 'b'), [...allValues].sort());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

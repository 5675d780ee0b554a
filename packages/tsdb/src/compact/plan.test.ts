import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BlockMeta } from '../block/index.ts';
import { planCompaction } from './plan.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const W28 = 28 * DAY;
const T0 = 730 * W28; // an epoch multiple of 28 days (2026-01-22)

let next = 0;
function meta(minT: number, maxT: number, level: number, extra: Partial<BlockMeta> = {}): BlockMeta {
  next++;
  return {
    version: 1,
    id: `b${next}`,
    minT,
    maxT,
    seq: next,
    level,
    stats: { series: 1, samples: 1, chunks: 1, bytes: 1 },
    parts: { raw: true, '5m': true, '1h': true, '1d': true },
    ...extra,
  };
}

function twoHourBlocks(from: number, count: number): BlockMeta[] {
  return Array.from({ length: count }, (_, i) => meta(from + i * 2 * HOUR, from + (i + 1) * 2 * HOUR, 0));
}

describe('planCompaction', () => {
  const day = twoHourBlocks(T0, 12);
  const late = meta(T0 + 4 * HOUR, T0 + 6 * HOUR, 0, { overlapping: true });
  const weekOfDays = Array.from({ length: 7 }, (_, i) => meta(T0 + i * DAY, T0 + (i + 1) * DAY, 1));
  const cases: {
    name: string;
    metas: BlockMeta[];
    safeBefore: number;
    want: { level: number; minT: number; ids?: string[]; count?: number } | null;
  }[] = [
    { name: 'nothing to do', metas: [], safeBefore: T0 + W28, want: null },
    {
      name: 'a day of 2 h blocks once the day is safe',
      metas: day,
      safeBefore: T0 + DAY,
      want: { level: 1, minT: T0, ids: day.map((m) => m.id) },
    },
    { name: 'not before the whole day is safe', metas: day, safeBefore: T0 + DAY - 1, want: null },
    {
      name: 'an overlapping late block joins its day',
      metas: [...day, late],
      safeBefore: T0 + DAY,
      want: {
        level: 1,
        minT: T0,
        ids: [...day.slice(0, 2), day[2] as BlockMeta, late, ...day.slice(3)].map((m) => m.id),
      },
    },
    {
      name: 'the largest safe window goes first',
      metas: [...weekOfDays],
      safeBefore: T0 + 7 * DAY,
      want: { level: 2, minT: T0, ids: weekOfDays.map((m) => m.id) },
    },
    {
      name: 'a lone block is left alone',
      metas: [meta(T0, T0 + 7 * DAY, 2)],
      safeBefore: T0 + 10 * W28,
      want: null,
    },
    {
      name: 'blocks that store no raw part are never compacted',
      metas: [
        meta(T0, T0 + DAY, 1, { parts: { raw: false, '5m': true, '1h': true, '1d': true } }),
        meta(T0 + DAY, T0 + 2 * DAY, 1),
      ],
      safeBefore: T0 + W28,
      want: null,
    },
    {
      name: 'blocks lacking only rollup parts are compacted (rollups come from raw)',
      metas: [
        meta(T0, T0 + DAY, 1, { parts: { raw: true, '5m': false, '1h': true, '1d': true } }),
        meta(T0 + DAY, T0 + 2 * DAY, 1, { parts: { raw: true, '5m': false, '1h': false, '1d': true } }),
      ],
      safeBefore: T0 + W28,
      want: { level: 3, minT: T0, count: 2 },
    },
    {
      name: 'a window with too many blocks is left to the smaller levels',
      metas: twoHourBlocks(T0, 84),
      safeBefore: T0 + 7 * DAY,
      want: { level: 1, minT: T0, count: 12 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planCompaction(c.metas, { safeBefore: c.safeBefore });
      if (c.want === null) return assert.equal(plan, null);
      assert.ok(plan !== null);
      assert.equal(plan.level, c.want.level);
      assert.equal(plan.minT, c.want.minT);
      if (c.want.ids !== undefined)
        assert.deepEqual(
          plan.blocks.map((m) => m.id),
          c.want.ids,
        );
      if (c.want.count !== undefined) assert.equal(plan.blocks.length, c.want.count);
      assert.equal(plan.maxT - plan.minT, [2 * HOUR, DAY, 7 * DAY, W28][plan.level]);
    });
  }

  it('a block spanning two windows stays out of both', () => {
    const straddler = meta(T0 + DAY - 2 * HOUR, T0 + DAY + 2 * HOUR, 0);
    const plan = planCompaction([...day.slice(0, 11), straddler], { safeBefore: T0 + DAY });
    assert.ok(plan !== null);
    assert.ok(!plan.blocks.includes(straddler));
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Resolution } from '@saba/storage';
import { type BlockMeta, BlockReader, listBlocks, readMeta, writeBlock } from '../block/index.ts';
import { DEFAULT_RETENTION, dropBlockParts, planRetention, type RetentionPolicy } from './index.ts';

const DAY = 86_400_000;
const T0 = 20_000 * DAY;

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-retention-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function meta(id: string, maxT: number, parts: Partial<BlockMeta['parts']> = {}): BlockMeta {
  return {
    version: 1,
    id,
    minT: maxT - 28 * DAY,
    maxT,
    seq: 1,
    level: 3,
    stats: { series: 1, samples: 1, chunks: 1, bytes: 1 },
    parts: { raw: true, '5m': true, '1h': true, '1d': true, ...parts },
  };
}

describe('planRetention', () => {
  const now = T0 + 2000 * DAY;
  const cases: { name: string; metas: BlockMeta[]; want: ReturnType<typeof planRetention> }[] = [
    { name: 'young blocks stay whole', metas: [meta('a', now - 459 * DAY)], want: { dropParts: [], deleteBlocks: [] } },
    {
      name: 'raw and 5m go at 460 days',
      metas: [meta('a', now - 460 * DAY)],
      want: { dropParts: [{ id: 'a', parts: ['raw', '5m'] }], deleteBlocks: [] },
    },
    {
      name: 'parts already dropped are not dropped again',
      metas: [meta('a', now - 500 * DAY, { raw: false, '5m': false })],
      want: { dropParts: [], deleteBlocks: [] },
    },
    {
      name: 'a block past every retention is deleted',
      metas: [meta('a', now - 1825 * DAY), meta('b', now - 1900 * DAY, { raw: false, '5m': false })],
      want: { dropParts: [], deleteBlocks: ['a', 'b'] },
    },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(planRetention(c.metas, now, DEFAULT_RETENTION), c.want));

  // Raw kept 10 days, 5m 20: a block storing no 5m serves its 5m buckets from raw, so raw stays
  // until the 5m retention has passed too.
  const short = { rawMs: 10 * DAY, '5m': 20 * DAY, '1h': 30 * DAY, '1d': 40 * DAY };
  const no5m = { '5m': false };
  const derived: {
    name: string;
    metas: BlockMeta[];
    policy?: RetentionPolicy;
    want: ReturnType<typeof planRetention>;
  }[] = [
    {
      name: 'keeps raw past its retention while 5m is not stored and still wanted',
      metas: [meta('a', now - 15 * DAY, no5m), meta('b', now - 15 * DAY)],
      want: { dropParts: [{ id: 'b', parts: ['raw'] }], deleteBlocks: [] },
    },
    {
      name: 'drops that raw once the 5m retention has passed',
      metas: [meta('a', now - 20 * DAY, no5m)],
      want: { dropParts: [{ id: 'a', parts: ['raw'] }], deleteBlocks: [] },
    },
    {
      name: 'keeps a block whose other parts are all gone while raw serves 5m',
      metas: [meta('a', now - 15 * DAY, { '5m': false, '1h': false, '1d': false })],
      want: { dropParts: [], deleteBlocks: [] },
    },
    {
      name: 'deletes that block once the 5m retention has passed',
      metas: [meta('a', now - 20 * DAY, { '5m': false, '1h': false, '1d': false })],
      want: { dropParts: [], deleteBlocks: ['a'] },
    },
    {
      name: 'a block storing no 5m loses raw with 5m under the default policy',
      metas: [meta('a', now - 460 * DAY, no5m), meta('b', now - 459 * DAY, no5m)],
      policy: DEFAULT_RETENTION,
      want: { dropParts: [{ id: 'a', parts: ['raw'] }], deleteBlocks: [] },
    },
  ];
  for (const c of derived) it(c.name, () => assert.deepEqual(planRetention(c.metas, now, c.policy ?? short), c.want));

  it('follows a custom policy', () => {
    const policy = { rawMs: 10 * DAY, '5m': 20 * DAY, '1h': 30 * DAY, '1d': 40 * DAY };
    const plan = planRetention([meta('a', now - 25 * DAY)], now, policy);
    assert.deepEqual(plan, { dropParts: [{ id: 'a', parts: ['raw', '5m'] }], deleteBlocks: [] });
  });
});

describe('dropBlockParts', () => {
  function writeOne(): string {
    const dir = fs.mkdtempSync(path.join(tmp, 'drop-'));
    const ts = Float64Array.from({ length: 1440 }, (_, i) => T0 + i * 60_000);
    const vs = Float64Array.from({ length: 1440 }, (_, i) => i % 17);
    const m = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1 }, [{ ref: 4, ts, vs, length: 1440 }]);
    return path.join(dir, m.id);
  }

  it('drops parts without touching the rest; reads of a dropped part return null', () => {
    const dir = writeOne();
    const sizeBefore = readMeta(dir).stats.bytes;
    const dropped: Resolution[] = ['raw', '5m'];
    const m = dropBlockParts(dir, dropped);
    assert.deepEqual(m.parts, { raw: false, '5m': false, '1h': true, '1d': true });
    assert.deepEqual(readMeta(dir), m);
    assert.ok(m.stats.bytes < sizeBefore);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['1d', '1h', 'index', 'meta.json']);
    const r = BlockReader.open(dir);
    try {
      assert.equal(r.readRaw(4, T0, T0 + DAY), null);
      assert.equal(r.readRollup(4, '5m', T0, T0 + DAY), null);
      assert.equal(r.readRollup(4, '1h', T0, T0 + DAY)?.length, 24);
      assert.equal(r.readRollup(4, '1d', T0, T0)?.count[0], 1440);
    } finally {
      r.close();
    }
  });

  it('finishes a drop that crashed between the meta update and the unlink', () => {
    const dir = writeOne();
    const m = readMeta(dir);
    // What the crash leaves: meta says raw is gone, the file and a stray temp meta remain.
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...m, parts: { ...m.parts, raw: false } }));
    fs.writeFileSync(path.join(dir, 'meta.json.tmp'), '{');
    listBlocks(path.dirname(dir));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['1d', '1h', '5m', 'index', 'meta.json']);
  });
});

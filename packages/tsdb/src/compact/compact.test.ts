import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import { type Resolution, ROLLUP_RESOLUTIONS, ROLLUP_STEP_MS, type RollupSamples, type Samples } from '@saba/storage';
import { type BlockMeta, BlockReader, type BlockSeriesInput, writeBlock } from '../block/index.ts';
import { rollupSamples } from '../rollup/index.ts';
import { type CompactOptions, compactBlocks } from './compact.ts';
import { planCompaction } from './plan.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = 730 * 28 * DAY; // an epoch multiple of 28 days

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-compact-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What a test writes and expects: every sample with the seq of the block it went to. */
class Truth {
  private readonly data = new Map<number, Map<number, { v: number; seq: number }>>();

  put(ref: number, t: number, v: number, seq: number): void {
    let m = this.data.get(ref);
    if (m === undefined) {
      m = new Map();
      this.data.set(ref, m);
    }
    const old = m.get(t);
    if (old === undefined || old.seq < seq) m.set(t, { v, seq });
  }

  refs(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  samples(ref: number): Samples {
    const entries = [...(this.data.get(ref) ?? new Map()).entries()].sort((a, b) => a[0] - b[0]);
    return {
      length: entries.length,
      ts: Float64Array.from(entries.map((e) => e[0])),
      vs: Float64Array.from(entries.map((e) => e[1].v)),
    };
  }
}

/** Writes a block of `refs` with a sample every `step` from minT (+ `shift`); integer values keep sums exact. */
function block(
  dir: string,
  truth: Truth,
  spec: { minT: number; maxT: number; seq: number; level: number; parts?: readonly Resolution[] },
  refs: readonly number[],
  step = MIN,
  shift = 0,
): BlockMeta {
  const series: BlockSeriesInput[] = refs.map((ref) => {
    const ts: number[] = [];
    const vs: number[] = [];
    for (let t = spec.minT + shift; t < spec.maxT; t += step) {
      const v = (ref * 7919 + t / 1000 + spec.seq * 13) % 100_003;
      ts.push(t);
      vs.push(v);
      truth.put(ref, t, v, spec.seq);
    }
    return { ref, ts: Float64Array.from(ts), vs: Float64Array.from(vs), length: ts.length };
  });
  return writeBlock(dir, spec, series);
}

function pairs(s: Samples): number[][] {
  return Array.from({ length: s.length }, (_, i) => [s.ts[i] as number, s.vs[i] as number]);
}

function rows(r: RollupSamples): number[][] {
  return Array.from({ length: r.length }, (_, i) => [
    r.ts[i],
    r.count[i],
    r.sum[i],
    r.min[i],
    r.max[i],
    r.last[i],
  ]) as number[][];
}

function open(dir: string, metas: readonly BlockMeta[]): BlockReader[] {
  return metas.map((m) => BlockReader.open(path.join(dir, m.id)));
}

/** Compacts every plan the planner offers until none is left; returns the remaining readers. */
function compactAll(dir: string, metas: BlockMeta[], safeBefore: number, opts: CompactOptions = {}): BlockReader[] {
  let readers = open(dir, metas);
  for (let plan = planCompaction(metas, { safeBefore }); plan !== null; plan = planCompaction(metas, { safeBefore })) {
    const ids = new Set(plan.blocks.map((m) => m.id));
    const out = compactBlocks(dir, plan, readers, opts);
    for (const r of readers) if (ids.has(r.meta.id)) r.close();
    readers = [...readers.filter((r) => !ids.has(r.meta.id)), BlockReader.open(path.join(dir, out.id))];
    metas = readers.map((r) => r.meta);
  }
  return readers;
}

/** Checks the one remaining block against a brute-force merge; a part it does not store must read as null. */
function assertMatchesTruth(
  readers: readonly BlockReader[],
  truth: Truth,
  deleted: (ref: number) => boolean = () => false,
): void {
  assert.equal(readers.length, 1);
  const r = readers[0] as BlockReader;
  const want = truth.refs().filter((ref) => !deleted(ref));
  assert.deepEqual([...r.refs()], want);
  for (const ref of want) {
    const s = truth.samples(ref);
    const raw = r.readRaw(ref, r.meta.minT, r.meta.maxT);
    if (r.meta.parts.raw) assert.deepEqual(pairs(raw as Samples), pairs(s), `raw of ${ref}`);
    else assert.equal(raw, null);
    for (const res of ROLLUP_RESOLUTIONS) {
      const got = r.readRollup(ref, res, r.meta.minT - DAY, r.meta.maxT);
      if (!r.meta.parts[res]) assert.equal(got, null, `${res} of ${ref} is not stored`);
      else
        assert.deepEqual(rows(got as RollupSamples), rows(rollupSamples(s, ROLLUP_STEP_MS[res])), `${res} of ${ref}`);
    }
    for (const c of r.readChunks(ref, 'raw', 0, Number.MAX_SAFE_INTEGER) ?? []) {
      assert.equal(Math.floor(c.minT / DAY), Math.floor(c.maxT / DAY), 'a raw chunk crosses a day');
    }
  }
}

describe('compactBlocks', () => {
  it('turns a day of 2 h blocks into one day block, re-chunked, equal to a brute-force merge', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'day-'));
    const truth = new Truth();
    const metas: BlockMeta[] = [];
    for (let i = 0; i < 12; i++) {
      const refs = Array.from({ length: 40 }, (_, k) => k + 1).filter((ref) => (ref + i) % 5 !== 0);
      metas.push(
        block(dir, truth, { minT: T0 + i * 2 * HOUR, maxT: T0 + (i + 1) * 2 * HOUR, seq: i + 1, level: 0 }, refs),
      );
    }
    const readers = compactAll(dir, metas, T0 + DAY);
    assert.equal(readers[0]?.meta.level, 1);
    assert.equal(readers[0]?.meta.seq, 12);
    assertMatchesTruth(readers, truth);
    // 1,440 samples at most a day: each series is one chunk.
    for (const ref of readers[0]?.refs() ?? [])
      assert.equal(readers[0]?.readChunks(ref, 'raw', 0, Infinity)?.length, 1);
    for (const r of readers) r.close();
  });

  it('copies chunks of non-overlapping blocks byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'copy-'));
    const truth = new Truth();
    const metas = [0, 1, 2].map((d) =>
      block(dir, truth, { minT: T0 + d * DAY, maxT: T0 + (d + 1) * DAY, seq: d + 1, level: 1 }, [1, 2, 3, 9]),
    );
    const inputs = open(dir, metas);
    const before = inputs.map((r) => r.readChunks(2, 'raw', 0, Infinity)?.map((c) => Buffer.from(c.bytes)) ?? []);
    const before5m = inputs.map((r) => r.readChunks(2, '5m', 0, Infinity)?.map((c) => Buffer.from(c.bytes)) ?? []);
    for (const r of inputs) r.close();
    const readers = compactAll(dir, metas, T0 + 7 * DAY);
    assert.equal(readers[0]?.meta.level, 2);
    const after = readers[0]?.readChunks(2, 'raw', 0, Infinity)?.map((c) => Buffer.from(c.bytes));
    const after5m = readers[0]?.readChunks(2, '5m', 0, Infinity)?.map((c) => Buffer.from(c.bytes));
    assert.deepEqual(after, before.flat());
    assert.deepEqual(after5m, before5m.flat());
    assertMatchesTruth(readers, truth);
    for (const r of readers) r.close();
  });

  it('merges overlapping blocks with the newest seq winning and rollups recomputed', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'overlap-'));
    const truth = new Truth();
    const metas = [
      block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 1, level: 0 }, [1, 2, 3, 4]),
      block(dir, truth, { minT: T0 + 2 * HOUR, maxT: T0 + 4 * HOUR, seq: 2, level: 0 }, [1, 2, 3, 4]),
      // Late data re-sent over the first window: every other minute again, with new values,
      // plus samples at new timestamps (30 s offsets), for refs 3..6.
      block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 3, level: 0 }, [3, 4, 5, 6], 2 * MIN),
      block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 4, level: 0 }, [4, 6], 10 * MIN, 30_000),
    ];
    const readers = compactAll(dir, metas, T0 + DAY);
    assert.equal(readers[0]?.meta.seq, 4);
    assertMatchesTruth(readers, truth);
    // Ref 3 at T0 was written by seq 1 and seq 3: one sample, the later value, counted once.
    const r = readers[0] as BlockReader;
    assert.equal(r.readRollup(3, '1h', T0, T0)?.count[0], 60);
    for (const x of readers) x.close();
  });

  it('drops deleted series and carries the rest through every level', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'levels-'));
    const truth = new Truth();
    const metas: BlockMeta[] = [];
    // 2 days of 2 h blocks at a 20-minute step, then 22 days of day blocks, in one 28-day window:
    // 46 blocks, too many for one 28-day compaction, so weeks are compacted first.
    for (let i = 0; i < 24; i++) {
      metas.push(
        block(
          dir,
          truth,
          { minT: T0 + i * 2 * HOUR, maxT: T0 + (i + 1) * 2 * HOUR, seq: i + 1, level: 0 },
          [2, 3, 5, 8],
          20 * MIN,
        ),
      );
    }
    for (let d = 2; d < 24; d++) {
      metas.push(
        block(dir, truth, { minT: T0 + d * DAY, maxT: T0 + (d + 1) * DAY, seq: 200 + d, level: 1 }, [1, 3, 8], HOUR),
      );
    }
    const isDeleted = (ref: number): boolean => ref === 3;
    const readers = compactAll(dir, metas, T0 + 28 * DAY, { isDeleted });
    assert.equal(readers[0]?.meta.level, 3);
    assert.equal(readers[0]?.meta.maxT, T0 + 28 * DAY);
    assertMatchesTruth(readers, truth, isDeleted);
    for (const r of readers) r.close();
  });
});

describe('compactBlocks with parts not stored', () => {
  const NO_5M: readonly Resolution[] = ['raw', '1h', '1d'];
  const FILES = ['index', 'raw', '5m', '1h', '1d'];

  /** Two days of 2 h blocks and five day blocks of one week, each block storing `partsOf(i)`. */
  function week(dir: string, truth: Truth, partsOf: (i: number) => readonly Resolution[] | undefined): BlockMeta[] {
    const metas: BlockMeta[] = [];
    for (let i = 0; i < 24; i++) {
      const parts = partsOf(i);
      const spec = { minT: T0 + i * 2 * HOUR, maxT: T0 + (i + 1) * 2 * HOUR, seq: i + 1, level: 0 };
      metas.push(block(dir, truth, parts === undefined ? spec : { ...spec, parts }, [1, 2, 4, 7].slice(i % 3)));
    }
    for (let d = 2; d < 7; d++) {
      const parts = partsOf(100 + d);
      const spec = { minT: T0 + d * DAY, maxT: T0 + (d + 1) * DAY, seq: 100 + d, level: 1 };
      metas.push(block(dir, truth, parts === undefined ? spec : { ...spec, parts }, [2, 3, 7], 5 * MIN));
    }
    return metas;
  }

  function files(r: BlockReader): (Buffer | null)[] {
    return FILES.map((f) => (fs.existsSync(path.join(r.dir, f)) ? fs.readFileSync(path.join(r.dir, f)) : null));
  }

  it('computes a rollup the inputs lack from their raw: the same bytes as from inputs that stored it', () => {
    const full = fs.mkdtempSync(path.join(tmp, 'full-'));
    const lacking = fs.mkdtempSync(path.join(tmp, 'lacking-'));
    const truth = new Truth();
    const fullReaders = compactAll(
      full,
      week(full, truth, () => undefined),
      T0 + 7 * DAY,
    );
    // Most inputs lack 5m, some 1h, some both; the windows each input feeds alone are "copied",
    // the others merged, and in both the missing chunks come from raw.
    const partsOf = (i: number): Resolution[] =>
      i % 4 === 3 ? ['raw', '5m', '1h', '1d'] : i % 3 === 0 ? ['raw', '1d'] : [...NO_5M];
    const readers = compactAll(lacking, week(lacking, new Truth(), partsOf), T0 + 7 * DAY);
    assert.equal(readers[0]?.meta.level, 2);
    assert.deepEqual(readers[0]?.meta.parts, { raw: true, '5m': true, '1h': true, '1d': true });
    assertMatchesTruth(readers, truth);
    assert.deepEqual(files(readers[0] as BlockReader), files(fullReaders[0] as BlockReader));
    for (const r of [...readers, ...fullReaders]) r.close();
  });

  it('writes no part the output is not asked to store, copying the rest byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-no-5m-'));
    const truth = new Truth();
    const metas = [0, 1, 2].map((d) =>
      block(
        dir,
        truth,
        { minT: T0 + d * DAY, maxT: T0 + (d + 1) * DAY, seq: d + 1, level: 1, ...(d === 1 ? { parts: NO_5M } : {}) },
        [1, 2, 3, 9],
      ),
    );
    const inputs = open(dir, metas);
    const before = inputs.map((r) => r.readChunks(2, 'raw', 0, Infinity)?.map((c) => Buffer.from(c.bytes)) ?? []);
    const before1h = inputs.map((r) => r.readChunks(2, '1h', 0, Infinity)?.map((c) => Buffer.from(c.bytes)) ?? []);
    for (const r of inputs) r.close();
    const readers = compactAll(dir, metas, T0 + 7 * DAY, { parts: NO_5M });
    const r = readers[0] as BlockReader;
    assert.deepEqual(r.meta.parts, { raw: true, '5m': false, '1h': true, '1d': true });
    assert.ok(!fs.existsSync(path.join(r.dir, '5m')));
    assert.deepEqual(
      r.readChunks(2, 'raw', 0, Infinity)?.map((c) => Buffer.from(c.bytes)),
      before.flat(),
    );
    // Three days share one 7-day 1h window: merged, not copied; equal to brute force below.
    assert.equal(before1h.flat().length, 3);
    assert.equal(r.readChunks(2, '1h', 0, Infinity)?.length, 1);
    assertMatchesTruth(readers, truth);
    for (const x of readers) x.close();
  });

  const cases: { name: string; out: readonly Resolution[] | undefined }[] = [
    { name: 'with 5m', out: undefined },
    { name: 'without 5m', out: NO_5M },
    { name: 'with 1d only', out: ['1d'] },
  ];
  for (const c of cases) {
    it(`merges overlapping inputs without 5m into an output ${c.name}, equal to brute force`, () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'overlap-parts-'));
      const truth = new Truth();
      const metas = [
        block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 1, level: 0, parts: NO_5M }, [1, 2, 3, 4]),
        block(dir, truth, { minT: T0 + 2 * HOUR, maxT: T0 + 4 * HOUR, seq: 2, level: 0 }, [1, 2, 3, 4]),
        block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 3, level: 0, parts: NO_5M }, [3, 4, 5], 2 * MIN),
        block(dir, truth, { minT: T0, maxT: T0 + 2 * HOUR, seq: 4, level: 0 }, [4, 6], 10 * MIN, 30_000),
      ];
      const readers = compactAll(dir, metas, T0 + DAY, c.out === undefined ? {} : { parts: c.out });
      const r = readers[0] as BlockReader;
      const parts = c.out ?? ['raw', '5m', '1h', '1d'];
      assert.deepEqual(
        Object.entries(r.meta.parts)
          .filter(([, v]) => v)
          .map(([k]) => k),
        parts,
      );
      assert.deepEqual(fs.readdirSync(r.dir).sort(), [...parts, 'index', 'meta.json'].sort());
      // Samples count the merged raw samples even when raw is not stored.
      const total = truth.refs().reduce((a, ref) => a + truth.samples(ref).length, 0);
      assert.equal(r.meta.stats.samples, total);
      assertMatchesTruth(readers, truth);
      for (const x of readers) x.close();
    });
  }

  it('refuses an input that stores no raw part', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'no-raw-'));
    const truth = new Truth();
    const metas = [0, 1].map((d) =>
      block(dir, truth, { minT: T0 + d * DAY, maxT: T0 + (d + 1) * DAY, seq: d + 1, level: 1, parts: ['1h'] }, [1]),
    );
    const readers = open(dir, metas);
    const plan = { level: 2, minT: T0, maxT: T0 + 7 * DAY, blocks: metas };
    assert.throws(() => compactBlocks(dir, plan, readers, {}), BadDataError);
    assert.deepEqual(fs.readdirSync(dir).sort(), metas.map((m) => m.id).sort());
    for (const r of readers) r.close();
  });
});

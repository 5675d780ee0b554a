import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import { type Resolution, ROLLUP_RESOLUTIONS, ROLLUP_STEP_MS, type RollupSamples, type Samples } from '@saba/storage';
import { rollupSamples } from '../rollup/index.ts';
import { offsetWidth } from './files.ts';
import { BlockReader, type BlockSeriesInput, listBlocks, removeBlockDir, writeBlock } from './index.ts';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = 20_000 * DAY; // 2024-10-04T00:00Z

let tmp: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saba-block-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A deterministic series: `n` samples every `step` ms from `start`, some skipped, values by kind. */
function makeSeries(ref: number, start: number, n: number, step: number): BlockSeriesInput {
  const ts = new Float64Array(n);
  const vs = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if ((i * 7 + ref) % 13 === 0) continue; // gaps
    ts[k] = start + i * step + ((i * ref) % 3) * 1000;
    vs[k] = ref % 2 === 0 ? Math.round(Math.sin(i / 10 + ref) * 10_000) / 100 : ref * 1e6 + i * 37;
    k++;
  }
  return { ref, ts, vs, length: k };
}

function slice(s: Samples, mint: number, maxt: number): Samples {
  const idx: number[] = [];
  for (let i = 0; i < s.length; i++) if ((s.ts[i] as number) >= mint && (s.ts[i] as number) <= maxt) idx.push(i);
  return {
    length: idx.length,
    ts: Float64Array.from(idx.map((i) => s.ts[i] as number)),
    vs: Float64Array.from(idx.map((i) => s.vs[i] as number)),
  };
}

function pairs(s: Samples): number[][] {
  return Array.from({ length: s.length }, (_, i) => [s.ts[i] as number, s.vs[i] as number]);
}

function rows(r: RollupSamples, mint = Number.NEGATIVE_INFINITY, maxt = Number.POSITIVE_INFINITY): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < r.length; i++) {
    const t = r.ts[i] as number;
    if (t >= mint && t <= maxt) out.push([t, r.count[i], r.sum[i], r.min[i], r.max[i], r.last[i]] as number[]);
  }
  return out;
}

describe('writeBlock and BlockReader', () => {
  it('round-trips many series over full and partial ranges', () => {
    const series: BlockSeriesInput[] = [];
    for (let ref = 1; ref <= 400; ref += ref % 5 === 0 ? 3 : 1) series.push(makeSeries(ref, T0, 1440, MIN));
    const meta = writeBlock(tmp, { minT: T0, maxT: T0 + DAY, seq: 3, level: 1 }, series);
    assert.equal(meta.stats.series, series.length);
    assert.equal(
      meta.stats.samples,
      series.reduce((a, s) => a + s.length, 0),
    );
    const r = BlockReader.open(path.join(tmp, meta.id));
    try {
      assert.deepEqual(
        [...r.refs()],
        series.map((s) => s.ref),
      );
      const ranges: [number, number][] = [
        [T0, T0 + DAY],
        [T0 + 3 * HOUR + 1, T0 + 5 * HOUR],
        [T0 - DAY, T0],
        [T0 + DAY - 1, T0 + 2 * DAY],
        [T0 + 10 * HOUR, T0 + 10 * HOUR],
      ];
      for (const s of series) {
        for (const [mint, maxt] of ranges) {
          assert.deepEqual(pairs(r.readRaw(s.ref, mint, maxt) as Samples), pairs(slice(s, mint, maxt)));
          for (const res of ROLLUP_RESOLUTIONS) {
            const want = rows(rollupSamples(s, ROLLUP_STEP_MS[res]), mint, maxt);
            assert.deepEqual(rows(r.readRollup(s.ref, res, mint, maxt) as RollupSamples), want, `${s.ref} ${res}`);
          }
        }
      }
      assert.equal(r.readRaw(5 + 1000, T0, T0 + DAY), null);
      assert.equal(r.readRollup(0, '1h', T0, T0 + DAY), null);
    } finally {
      r.close();
    }
  });

  it('cuts raw chunks at 1,440 samples and UTC days, and reads regions beyond the first 4 KiB', () => {
    // 10-second samples over 2 days from 20:00: 17,280 samples, ~120 KB of region.
    const start = T0 + 20 * HOUR;
    const s = makeSeries(7, start, 17_280, 10_000);
    const meta = writeBlock(tmp, { minT: T0, maxT: T0 + 3 * DAY, seq: 1, level: 0 }, [s]);
    const r = BlockReader.open(path.join(tmp, meta.id));
    try {
      const chunks = r.readChunks(7, 'raw', 0, Number.MAX_SAFE_INTEGER) as { minT: number; maxT: number }[];
      assert.equal(meta.stats.chunks, chunks.length);
      for (const c of chunks) assert.equal(Math.floor(c.minT / DAY), Math.floor(c.maxT / DAY), 'chunk crosses a day');
      const late = [start + 40 * HOUR, start + 41 * HOUR] as const;
      assert.deepEqual(pairs(r.readRaw(7, ...late) as Samples), pairs(slice(s, ...late)));
      const fiveMin = rollupSamples(s, 5 * MIN);
      assert.deepEqual(rows(r.readRollup(7, '5m', ...late) as RollupSamples), rows(fiveMin, ...late));
    } finally {
      r.close();
    }
  });

  it('reads a chunk directory longer than the first read', () => {
    const s = makeSeries(3, T0, 3000, MIN);
    const meta = writeBlock(tmp, { minT: T0, maxT: T0 + 3 * DAY, seq: 1, level: 0, maxChunkSamples: 2 }, [s]);
    assert.ok(meta.stats.chunks > 1000);
    const r = BlockReader.open(path.join(tmp, meta.id));
    try {
      const mid = [T0 + DAY + 7 * MIN, T0 + DAY + 3 * HOUR] as const;
      assert.deepEqual(pairs(r.readRaw(3, ...mid) as Samples), pairs(slice(s, ...mid)));
    } finally {
      r.close();
    }
  });

  it("stores a 2 h block's day bucket, which starts before the block", () => {
    const s = makeSeries(2, T0 + 6 * HOUR, 120, MIN);
    const meta = writeBlock(tmp, { minT: T0 + 6 * HOUR, maxT: T0 + 8 * HOUR, seq: 1, level: 0, overlapping: true }, [
      s,
    ]);
    assert.equal(meta.overlapping, true);
    const r = BlockReader.open(path.join(tmp, meta.id));
    try {
      assert.deepEqual(rows(r.readRollup(2, '1d', T0, T0) as RollupSamples), rows(rollupSamples(s, DAY)));
    } finally {
      r.close();
    }
  });

  const bad: { name: string; series: BlockSeriesInput[] }[] = [
    { name: 'refs not ascending', series: [makeSeries(5, T0, 10, MIN), makeSeries(4, T0, 10, MIN)] },
    { name: 'sample outside the range', series: [makeSeries(1, T0 + DAY - MIN, 10, MIN)] },
    {
      name: 'timestamps not increasing',
      series: [{ ref: 1, ts: Float64Array.of(T0 + 2, T0 + 1), vs: Float64Array.of(1, 2), length: 2 }],
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} and leaves nothing behind`, () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'bad-'));
      assert.throws(() => writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 0 }, c.series), BadDataError);
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  }

  it('detects a corrupted chunk and a corrupted index', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'corrupt-'));
    const meta = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1 }, [makeSeries(1, T0, 1440, MIN)]);
    const blockDir = path.join(dir, meta.id);
    const raw = path.join(blockDir, 'raw');
    const bytes = fs.readFileSync(raw);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0xff;
    fs.writeFileSync(raw, bytes);
    const r = BlockReader.open(blockDir);
    assert.throws(() => r.readRaw(1, T0, T0 + DAY), /CRC/);
    r.close();
    const index = path.join(blockDir, 'index');
    const ib = fs.readFileSync(index);
    ib[ib.length - 6] = (ib[ib.length - 6] as number) ^ 1;
    fs.writeFileSync(index, ib);
    assert.throws(() => BlockReader.open(blockDir), /CRC/);
  });

  it('stores only the parts it is asked for: no 5m file, readRollup 5m → null, the rest as usual', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'parts-'));
    const series = [1, 2, 5, 9].map((ref) => makeSeries(ref, T0, 1440, MIN));
    const meta = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1, parts: ['raw', '1h', '1d'] }, series);
    assert.deepEqual(meta.parts, { raw: true, '5m': false, '1h': true, '1d': true });
    const blockDir = path.join(dir, meta.id);
    // An unwritten part has no file, exactly as a dropped one.
    assert.deepEqual(fs.readdirSync(blockDir).sort(), ['1d', '1h', 'index', 'meta.json', 'raw']);
    const onDisk = ['1d', '1h', 'index', 'raw'].reduce((a, f) => a + fs.statSync(path.join(blockDir, f)).size, 0);
    assert.equal(meta.stats.bytes, onDisk);
    assert.equal(
      meta.stats.samples,
      series.reduce((a, s) => a + s.length, 0),
    );
    assert.equal(meta.stats.chunks, series.length);
    // The index keeps a 5m column of zeros, one byte wide.
    assert.equal(fs.readFileSync(path.join(blockDir, 'index'))[10], 1);
    assert.deepEqual(listBlocks(dir), [blockDir]);
    const r = BlockReader.open(blockDir);
    try {
      assert.deepEqual([...r.refs()], [1, 2, 5, 9]);
      for (const s of series) {
        assert.deepEqual(pairs(r.readRaw(s.ref, T0, T0 + DAY) as Samples), pairs(s));
        assert.equal(r.readRollup(s.ref, '5m', T0, T0 + DAY), null);
        assert.equal(r.readChunks(s.ref, '5m', T0, T0 + DAY), null);
        for (const res of ['1h', '1d'] as const) {
          const want = rows(rollupSamples(s, ROLLUP_STEP_MS[res]));
          assert.deepEqual(rows(r.readRollup(s.ref, res, T0, T0 + DAY) as RollupSamples), want, `${s.ref} ${res}`);
        }
      }
    } finally {
      r.close();
    }
  });

  it('stores rollups only, and counts the raw samples it was given', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'rollups-only-'));
    const s = makeSeries(3, T0, 1440, MIN);
    const meta = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1, parts: ['1d'] }, [s]);
    assert.deepEqual(meta.parts, { raw: false, '5m': false, '1h': false, '1d': true });
    assert.deepEqual(meta.stats, { ...meta.stats, series: 1, samples: s.length, chunks: 0 });
    const r = BlockReader.open(path.join(dir, meta.id));
    try {
      assert.equal(r.readRaw(3, T0, T0 + DAY), null);
      assert.deepEqual(rows(r.readRollup(3, '1d', T0, T0) as RollupSamples), rows(rollupSamples(s, DAY)));
    } finally {
      r.close();
    }
  });

  const badParts: { name: string; parts: string[] }[] = [
    { name: 'no part', parts: [] },
    { name: 'an unknown part', parts: ['raw', '10m'] },
  ];
  for (const c of badParts) {
    it(`rejects ${c.name} to store and leaves nothing behind`, () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'bad-parts-'));
      const spec = { minT: T0, maxT: T0 + DAY, seq: 1, level: 1, parts: c.parts as Resolution[] };
      assert.throws(() => writeBlock(dir, spec, [makeSeries(1, T0, 10, MIN)]), BadDataError);
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  }

  it('writes an empty block when no series has samples', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const meta = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1 }, [
      { ref: 1, ts: new Float64Array(0), vs: new Float64Array(0), length: 0 },
    ]);
    const r = BlockReader.open(path.join(dir, meta.id));
    assert.equal(r.refs().length, 0);
    assert.equal(r.readRaw(1, T0, T0 + DAY), null);
    r.close();
  });
});

describe('listBlocks', () => {
  it('lists finished blocks and removes leftovers of interrupted writes and deletes', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'list-'));
    const a = writeBlock(dir, { minT: T0, maxT: T0 + DAY, seq: 1, level: 1 }, [makeSeries(1, T0, 100, MIN)]);
    const b = writeBlock(dir, { minT: T0 + DAY, maxT: T0 + 2 * DAY, seq: 2, level: 1 }, [
      makeSeries(1, T0 + DAY, 100, MIN),
    ]);
    // A write that crashed before its rename: a temp dir with partial files and no meta.
    const crashed = path.join(dir, '01JD3V8Q5W6B4Y2R7T9K0M1N2P.tmp');
    fs.mkdirSync(crashed);
    fs.writeFileSync(path.join(crashed, 'raw'), 'partial');
    // A delete that crashed after its rename.
    const deleting = path.join(dir, `${b.id}.del`);
    fs.cpSync(path.join(dir, b.id), deleting, { recursive: true });
    fs.mkdirSync(path.join(dir, 'wal'));
    assert.deepEqual(listBlocks(dir), [path.join(dir, a.id), path.join(dir, b.id)].sort());
    assert.deepEqual(fs.readdirSync(dir).sort(), [a.id, b.id, 'wal'].sort());
    removeBlockDir(path.join(dir, a.id));
    assert.deepEqual(listBlocks(dir), [path.join(dir, b.id)]);
    assert.deepEqual(listBlocks(path.join(dir, 'missing')), []);
  });
});

describe('offsetWidth', () => {
  const cases: [number, number][] = [
    [0, 1],
    [255, 1],
    [256, 2],
    [65_535, 2],
    [2 ** 32, 5],
    [2 ** 47, 6],
  ];
  for (const [max, w] of cases) it(`${max} needs ${w} bytes`, () => assert.equal(offsetWidth(max), w));
});

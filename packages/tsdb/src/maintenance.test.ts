import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DAY_MS, HOUR_MS, MINUTE_MS, unixMs } from '@saba/model';
import { matcher, ROLLUP_STEP_MS, type RollupResolution } from '@saba/storage';
import type { Tsdb } from './db.ts';
import {
  everything,
  get,
  hostMetric,
  ORG_A,
  openTestDb,
  type TestClock,
  tempDir,
  testClock,
} from './testing/fixture.ts';

const DAY0 = Date.UTC(2026, 2, 1);
const dirs: (() => void)[] = [];
after(() => {
  for (const remove of dirs) remove();
});

const LABELS = [hostMetric('h1', 'loadavg5'), hostMetric('h2', 'loadavg5')];
const sel = (h: string) => [matcher('=', '__name__', 'loadavg5'), matcher('=', 'host', h)];

/** Writes one sample a minute per series up to `until`, running maintenance every hour. */
async function writeUntil(db: Tsdb, clock: TestClock, model: Map<number, number>[], until: number, maintain = true) {
  while (clock.now < until) {
    clock.now += MINUTE_MS;
    const app = db.appender(ORG_A);
    LABELS.forEach((l, i) => {
      const v = Math.round((clock.now / MINUTE_MS) % 1000) / 100 + i;
      app.append(l, unixMs(clock.now), v);
      model[i]?.set(clock.now, v);
    });
    await app.commit();
    if (maintain && clock.now % HOUR_MS === 0) await db.maintain();
  }
}

function expected(model: Map<number, number>, mint = -Infinity, maxt = Infinity): [number, number][] {
  return [...model.entries()].filter(([t]) => t >= mint && t <= maxt).sort((a, b) => a[0] - b[0]);
}

function expectedRollup(model: Map<number, number>, res: RollupResolution, mint: number, maxt: number) {
  const step = ROLLUP_STEP_MS[res];
  const buckets = new Map<
    number,
    { count: number; sum: number; min: number; max: number; last: number; lastT: number }
  >();
  for (const [t, v] of model) {
    const b = Math.floor(t / step) * step;
    if (b < mint || b > maxt) continue;
    const x = buckets.get(b) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity, last: 0, lastT: -Infinity };
    x.count++;
    x.sum += v;
    x.min = Math.min(x.min, v);
    x.max = Math.max(x.max, v);
    if (t > x.lastT) {
      x.last = v;
      x.lastT = t;
    }
    buckets.set(b, x);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, x]) => [t, x.count, x.sum, x.min, x.max, x.last]);
}

function rollupOf(db: Tsdb, h: string, res: RollupResolution, mint: number, maxt: number) {
  const s = db.querier(ORG_A, unixMs(mint), unixMs(maxt)).select(sel(h))[0];
  assert.ok(s, `series ${h}`);
  const r = s.rollup(res);
  const out: number[][] = [];
  for (let i = 0; i < r.length; i++) {
    out.push([r.ts[i], r.count[i], r.sum[i], r.min[i], r.max[i], r.last[i]] as number[]);
  }
  return out;
}

/** Sums compare up to float rounding: blocks add partial sums in another order than the model. */
function assertRollupsClose(got: number[][], want: number[][]) {
  assert.equal(got.length, want.length, 'bucket count');
  got.forEach((g, i) => {
    const w = want[i] as number[];
    assert.deepEqual([g[0], g[1], g[3], g[4], g[5]], [w[0], w[1], w[3], w[4], w[5]], `bucket ${i}`);
    assert.ok(Math.abs((g[2] as number) - (w[2] as number)) <= 1e-9 * Math.abs(w[2] as number) + 1e-9, `sum ${i}`);
  });
}

test('the head is cut into blocks; late writes over blocks win; rollups stay exact; all survives restarts', async () => {
  const d = tempDir();
  dirs.push(d.remove);
  const clock = testClock(DAY0 + 12 * HOUR_MS);
  const model = [new Map<number, number>(), new Map<number, number>()];
  let db = await openTestDb(d.dir, clock);
  await writeUntil(db, clock, model, DAY0 + 18 * HOUR_MS);
  assert.ok(db.blocks().length >= 2, `blocks after 6 h: ${db.blocks().length}`);
  assert.deepEqual(get(everything(db, ORG_A), sel('h1')), expected(model[0] as Map<number, number>));

  // A re-sent value for a time already in a block (late data) wins over the block.
  const late = DAY0 + 13 * HOUR_MS + 7 * MINUTE_MS;
  const app = db.appender(ORG_A);
  app.append(LABELS[0] as (typeof LABELS)[0], unixMs(late), -42);
  await app.commit();
  model[0]?.set(late, -42);
  assert.deepEqual(get(everything(db, ORG_A), sel('h1')), expected(model[0] as Map<number, number>));
  assertRollupsClose(
    rollupOf(db, 'h1', '1h', DAY0, DAY0 + DAY_MS),
    expectedRollup(model[0] as Map<number, number>, '1h', DAY0, DAY0 + DAY_MS),
  );

  await db.close();
  db = await openTestDb(d.dir, clock);
  assert.deepEqual(get(everything(db, ORG_A), sel('h1')), expected(model[0] as Map<number, number>));

  // Two more hours: the late sample is cut into an overlapping block, and still wins.
  await writeUntil(db, clock, model, DAY0 + 20 * HOUR_MS + MINUTE_MS);
  assert.ok(
    db.blocks().some((b) => b.minT === DAY0 + 12 * HOUR_MS && b.seq > 2),
    'an overlapping block for the late sample',
  );
  for (const [i, h] of ['h1', 'h2'].entries()) {
    assert.deepEqual(get(everything(db, ORG_A), sel(h)), expected(model[i] as Map<number, number>));
    for (const res of ['5m', '1h', '1d'] as const) {
      assertRollupsClose(
        rollupOf(db, h, res, DAY0, DAY0 + DAY_MS),
        expectedRollup(model[i] as Map<number, number>, res, DAY0, DAY0 + DAY_MS),
      );
    }
  }
  await db.close();
});

test('blocks of finished days are compacted; data and rollups are unchanged by it', async () => {
  const d = tempDir();
  dirs.push(d.remove);
  const clock = testClock(DAY0);
  const model = [new Map<number, number>(), new Map<number, number>()];
  let db = await openTestDb(d.dir, clock);
  await writeUntil(db, clock, model, DAY0 + 3 * DAY_MS + 2 * HOUR_MS);
  const metas = db.blocks();
  assert.ok(
    metas.some((b) => b.level >= 1 && b.maxT - b.minT === DAY_MS),
    `a day block among ${JSON.stringify(metas.map((b) => [b.level, (b.maxT - b.minT) / HOUR_MS]))}`,
  );
  await db.close();
  db = await openTestDb(d.dir, clock);
  for (const [i, h] of ['h1', 'h2'].entries()) {
    const m = model[i] as Map<number, number>;
    assert.deepEqual(get(everything(db, ORG_A), sel(h)), expected(m));
    const from = DAY0 + 5 * HOUR_MS + 3 * MINUTE_MS;
    const to = DAY0 + 2 * DAY_MS + 7 * HOUR_MS;
    assert.deepEqual(get(db.querier(ORG_A, unixMs(from), unixMs(to)), sel(h)), expected(m, from, to));
    for (const res of ['5m', '1h', '1d'] as const) {
      assertRollupsClose(
        rollupOf(db, h, res, DAY0, DAY0 + 4 * DAY_MS),
        expectedRollup(m, res, DAY0, DAY0 + 4 * DAY_MS),
      );
    }
  }
  await db.close();
});

test('retention drops raw samples first, keeps rollups longer, then deletes the block', async () => {
  const d = tempDir();
  dirs.push(d.remove);
  // A Thursday: epoch-aligned weeks start on Thursdays, so the week's block holds days 0 to 6.
  const week0 = Date.UTC(2026, 2, 5);
  const clock = testClock(week0);
  const model = [new Map<number, number>(), new Map<number, number>()];
  const retention = { rawMs: 3 * DAY_MS, '5m': 3 * DAY_MS, '1h': 6 * DAY_MS, '1d': 6 * DAY_MS };
  const db = await openTestDb(d.dir, clock, { retention });
  await writeUntil(db, clock, model, week0 + 4 * DAY_MS + 2 * HOUR_MS);
  const q = db.querier(ORG_A, unixMs(week0), unixMs(week0 + DAY_MS - 1));
  const series = q.select(sel('h1'))[0];
  assert.ok(series, 'the series is still listed while rollups of the day remain');
  assert.equal(series.samples().length, 0, 'raw samples of the first day are past retention');
  assert.equal(series.rollup('5m').length, 0, '5-minute rollups share the raw retention');
  assert.equal(series.rollup('1h').length, 24, 'hourly rollups of the first day are kept');
  // A week later the first week's block is past every retention and is deleted whole.
  await writeUntil(db, clock, model, week0 + 14 * DAY_MS + 2 * HOUR_MS);
  assert.ok(
    db.blocks().every((b) => b.minT >= week0 + 7 * DAY_MS),
    JSON.stringify(db.blocks().map((b) => b.minT)),
  );
  assert.equal(db.querier(ORG_A, unixMs(week0), unixMs(week0 + DAY_MS - 1)).select(sel('h1')).length, 0);
  // Everything within the raw retention is still there.
  const from = clock.now - 3 * DAY_MS;
  assert.deepEqual(
    get(db.querier(ORG_A, unixMs(from), unixMs(clock.now)), sel('h1')),
    expected(model[0] as Map<number, number>, from),
  );
  await db.close();
});

test('closing while a compaction runs stops it; nothing is lost and its leftovers are cleaned', async () => {
  const d = tempDir();
  dirs.push(d.remove);
  const clock = testClock(DAY0);
  const model = [new Map<number, number>(), new Map<number, number>()];
  let db = await openTestDb(d.dir, clock, { oooWindowMs: 4 * DAY_MS });
  await writeUntil(db, clock, model, DAY0 + 3 * DAY_MS, false);
  await db.maintain();
  // Data from days ago is now in 2 h blocks; with a short window, compaction becomes due.
  await db.close();
  db = await openTestDb(d.dir, clock);
  const running = db.maintain().catch(() => {});
  await new Promise((r) => setTimeout(r, 30));
  await db.close();
  await running;
  db = await openTestDb(d.dir, clock);
  assert.ok(
    readdirSync(join(d.dir, 'blocks')).every((n) => !n.endsWith('.tmp') && !n.endsWith('.del')),
    'no leftovers',
  );
  for (const [i, h] of ['h1', 'h2'].entries()) {
    assert.deepEqual(get(everything(db, ORG_A), sel(h)), expected(model[i] as Map<number, number>));
  }
  await db.maintain();
  assert.ok(
    db.blocks().some((b) => b.level >= 1),
    'the compaction runs again to completion later',
  );
  for (const [i, h] of ['h1', 'h2'].entries()) {
    assert.deepEqual(get(everything(db, ORG_A), sel(h)), expected(model[i] as Map<number, number>));
  }
  await db.close();
});

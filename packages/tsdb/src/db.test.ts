import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  BadDataError,
  DAY_MS,
  HOUR_MS,
  LimitError,
  labelsFromRecord,
  MINUTE_MS,
  UnavailableError,
  unixMs,
} from '@saba/model';
import { matcher } from '@saba/storage';
import { everything, get, hostMetric, ORG_A, ORG_B, openTestDb, put, tempDir, testClock } from './testing/fixture.ts';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const dirs: (() => void)[] = [];
after(() => {
  for (const remove of dirs) remove();
});
function dir(): string {
  const d = tempDir();
  dirs.push(d.remove);
  return d.dir;
}
const loadavg = matcher('=', '__name__', 'loadavg5');

test('samples appended are read back, series sorted, label names and values listed', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock);
  await put(db, ORG_A, hostMetric('h2', 'loadavg5'), [[T0, 2]]);
  await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [
    [T0 - MINUTE_MS, 1.5],
    [T0, 1],
  ]);
  await put(db, ORG_A, hostMetric('h1', 'cpu.user.percentage'), [[T0, 12.34]]);
  const q = everything(db, ORG_A);
  const series = q.select([loadavg]);
  assert.deepEqual(
    series.map((s) => s.labels.find((l) => l.name === 'host')?.value),
    ['h1', 'h2'],
  );
  assert.deepEqual(get(q, [loadavg, matcher('=', 'host', 'h1')]), [
    [T0 - MINUTE_MS, 1.5],
    [T0, 1],
  ]);
  assert.deepEqual(q.labelNames(), ['__name__', 'host']);
  assert.deepEqual(q.labelValues('__name__'), ['cpu.user.percentage', 'loadavg5']);
  assert.deepEqual(q.labelValues('host', [matcher('=', '__name__', 'cpu.user.percentage')]), ['h1']);
  await db.close();
});

test('a second write of a timestamp replaces the value, wherever the first one lives', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock);
  const l = hostMetric('h1', 'loadavg5');
  const points: [number, number][] = [];
  for (let i = 0; i < 100; i++) points.push([T0 - (100 - i) * MINUTE_MS, i]);
  await put(db, ORG_A, l, points);
  // Re-send the oldest (in a closed chunk), one in the open buffer, and the newest.
  await put(db, ORG_A, l, [
    [T0 - 100 * MINUTE_MS, -1],
    [T0 - 2 * MINUTE_MS, -2],
    [T0 - MINUTE_MS, -3],
  ]);
  // The agent's retry of the same post is idempotent.
  await put(db, ORG_A, l, [[T0 - 2 * MINUTE_MS, -2]]);
  const got = get(everything(db, ORG_A), [loadavg]);
  assert.equal(got.length, 100);
  assert.deepEqual(got[0], [T0 - 100 * MINUTE_MS, -1]);
  assert.deepEqual(got[98], [T0 - 2 * MINUTE_MS, -2]);
  assert.deepEqual(got[99], [T0 - MINUTE_MS, -3]);
  await db.close();
});

test('samples more than 24 h old or ahead are dropped and counted, the rest stored', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock);
  const r = await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [
    [T0 - DAY_MS - 1000, 1],
    [T0 - DAY_MS + 1000, 2],
    [T0 + DAY_MS - 1000, 3],
    [T0 + DAY_MS + 1000, 4],
  ]);
  assert.deepEqual(r, { accepted: 2, outOfWindow: 2 });
  assert.deepEqual(
    get(everything(db, ORG_A), [loadavg]).map(([, v]) => v),
    [2, 3],
  );
  assert.equal(db.stats().samplesOutOfWindow, 2);
  await db.close();
});

test('organizations are isolated: same labels, separate series, nothing visible across', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock);
  await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [[T0, 1]]);
  await put(db, ORG_B, hostMetric('h1', 'loadavg5'), [[T0, 2]]);
  await put(db, ORG_B, hostMetric('secret', 'custom.revenue'), [[T0, 3]]);
  const a = everything(db, ORG_A);
  assert.deepEqual(get(a, [loadavg]), [[T0, 1]]);
  assert.deepEqual(a.select([matcher('=~', 'host', '.+')]).length, 1);
  assert.deepEqual(a.labelValues('host'), ['h1']);
  assert.deepEqual(a.labelValues('__name__'), ['loadavg5']);
  assert.deepEqual(get(everything(db, ORG_B), [loadavg]), [[T0, 2]]);
  // A ref of another organization's series is refused.
  const refB = everything(db, ORG_B).select([loadavg])[0]?.ref;
  assert.ok(refB !== undefined);
  assert.throws(() => db.appender(ORG_A).appendRef(refB, unixMs(T0), 9), BadDataError);
  await db.close();
});

test('the series limit per organization refuses the whole batch with a clear error', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock, { maxSeriesPerOrg: 3 });
  await put(db, ORG_A, hostMetric('h1', 'a'), [[T0, 1]]);
  await put(db, ORG_A, hostMetric('h1', 'b'), [[T0, 1]]);
  const app = db.appender(ORG_A);
  app.append(hostMetric('h1', 'a'), unixMs(T0 + 1000), 2);
  app.append(hostMetric('h1', 'c'), unixMs(T0), 1);
  app.append(hostMetric('h1', 'd'), unixMs(T0), 1);
  await assert.rejects(app.commit(), (err: unknown) => {
    assert.ok(err instanceof LimitError);
    assert.match(err.message, /series limit reached: organization org-a has 2 series .* \(limit 3\)/);
    return true;
  });
  const q = everything(db, ORG_A);
  assert.deepEqual(get(q, [matcher('=', '__name__', 'a')]), [[T0, 1]]);
  assert.equal(q.select([matcher('=~', '__name__', '.+')]).length, 2);
  // Another organization has its own budget.
  await put(db, ORG_B, hostMetric('h1', 'c'), [[T0, 1]]);
  await db.close();
});

test('a malformed timestamp refuses the whole batch; nothing is applied', async () => {
  const clock = testClock(T0);
  const db = await openTestDb(dir(), clock);
  const app = db.appender(ORG_A);
  app.append(hostMetric('h1', 'loadavg5'), unixMs(T0), 1);
  app.append(hostMetric('h1', 'loadavg5'), unixMs(T0 + 0.5), 2);
  await assert.rejects(app.commit(), BadDataError);
  assert.deepEqual(get(everything(db, ORG_A), [loadavg]), []);
  assert.throws(() => db.appender(ORG_A).append(labelsFromRecord({}), unixMs(T0), 1), BadDataError);
  await db.close();
});

test('data survives close and reopen (WAL replay), series keep their refs', async () => {
  const clock = testClock(T0);
  const d = dir();
  let db = await openTestDb(d, clock, { fsync: 'batch' });
  const ref = db.appender(ORG_A).append(hostMetric('h1', 'loadavg5'), unixMs(T0), 1);
  await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [
    [T0 - MINUTE_MS, 0.5],
    [T0, 1],
  ]);
  await db.close();
  db = await openTestDb(d, clock, { fsync: 'batch' });
  assert.deepEqual(get(everything(db, ORG_A), [loadavg]), [
    [T0 - MINUTE_MS, 0.5],
    [T0, 1],
  ]);
  const app = db.appender(ORG_A);
  app.appendRef(ref, unixMs(T0 + MINUTE_MS), 2);
  await app.commit();
  assert.equal(get(everything(db, ORG_A), [loadavg]).length, 3);
  await db.close();
});

test('deleting a series hides it now and after a restart; the same labels start afresh', async () => {
  const clock = testClock(T0);
  const d = dir();
  let db = await openTestDb(d, clock);
  await put(db, ORG_A, hostMetric('retired', 'loadavg5'), [[T0 - HOUR_MS, 1]]);
  await put(db, ORG_A, hostMetric('kept', 'loadavg5'), [[T0 - HOUR_MS, 2]]);
  await assert.rejects(db.deleteSeries(ORG_A, []), BadDataError);
  assert.equal(await db.deleteSeries(ORG_B, [matcher('=', 'host', 'retired')]), 0);
  assert.equal(await db.deleteSeries(ORG_A, [matcher('=', 'host', 'retired')]), 1);
  assert.deepEqual(get(everything(db, ORG_A), [matcher('=', 'host', 'retired')]), []);
  await db.close();
  db = await openTestDb(d, clock);
  assert.deepEqual(get(everything(db, ORG_A), [matcher('=', 'host', 'retired')]), []);
  assert.deepEqual(get(everything(db, ORG_A), [matcher('=', 'host', 'kept')]), [[T0 - HOUR_MS, 2]]);
  await put(db, ORG_A, hostMetric('retired', 'loadavg5'), [[T0, 5]]);
  assert.deepEqual(get(everything(db, ORG_A), [matcher('=', 'host', 'retired')]), [[T0, 5]]);
  await db.close();
});

test('a data directory is opened by one owner at a time', async () => {
  const clock = testClock(T0);
  const d = dir();
  const db = await openTestDb(d, clock);
  await assert.rejects(openTestDb(d, clock), (err: unknown) => {
    assert.ok(err instanceof UnavailableError);
    assert.match(err.message, /is in use by process/);
    return true;
  });
  await db.close();
  const again = await openTestDb(d, clock);
  await again.close();
});

test('a torn or garbled WAL tail is cut at the last good record; the engine starts with the rest', async () => {
  for (const damage of ['truncate', 'garble'] as const) {
    const clock = testClock(T0);
    const d = dir();
    let db = await openTestDb(d, clock, { fsync: 'batch' });
    for (let b = 0; b < 5; b++) await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [[T0 - (10 - b) * MINUTE_MS, b]]);
    await db.close();
    const walDir = join(d, 'wal');
    const segment = join(walDir, readdirSync(walDir).sort().at(-1) as string);
    const size = statSync(segment).size;
    if (damage === 'truncate') truncateSync(segment, size - 3);
    else {
      const bytes = readFileSync(segment);
      bytes[size - 2] = (bytes[size - 2] as number) ^ 0xff;
      writeFileSync(segment, bytes);
    }
    const logs: string[] = [];
    db = await openTestDb(d, clock, { log: (m) => logs.push(m) });
    assert.deepEqual(
      get(everything(db, ORG_A), [loadavg]).map(([, v]) => v),
      [0, 1, 2, 3],
      damage,
    );
    assert.ok(
      logs.some((m) => /^wal: .*dropped \d+ bytes/.test(m)),
      `${damage}: the cut is logged: ${logs.join(' | ')}`,
    );
    // Writing goes on after the repair, and survives another restart.
    await put(db, ORG_A, hostMetric('h1', 'loadavg5'), [[T0, 9]]);
    await db.close();
    db = await openTestDb(d, clock);
    assert.deepEqual(
      get(everything(db, ORG_A), [loadavg]).map(([, v]) => v),
      [0, 1, 2, 3, 9],
    );
    await db.close();
  }
});

test('a restart loads the head snapshot and replays only the WAL written after it', async () => {
  const clock = testClock(T0);
  const d = dir();
  let db = await openTestDb(d, clock, { fsync: 'batch' });
  const model = new Map<number, number>();
  const write = async (points: [number, number][]) => {
    await put(db, ORG_A, hostMetric('h1', 'loadavg5'), points);
    for (const [t, v] of points) model.set(t, v);
  };
  for (let m = 0; m < 100; m++) await write([[T0 - (100 - m) * MINUTE_MS, m]]);
  await write([[T0 - 150 * MINUTE_MS, -1]]);
  await db.maintain();
  const walAfterSnapshot = db.stats().walBytes;
  // Overwrites of samples that are in the snapshot, a late one, and new ones.
  await write([
    [T0 - 100 * MINUTE_MS, 1000],
    [T0 - 5 * MINUTE_MS, 1001],
    [T0 - 150 * MINUTE_MS, 1002],
    [T0 - 200 * MINUTE_MS, 1003],
  ]);
  for (let m = 0; m < 10; m++) await write([[T0 + m * 1000, m]]);
  await db.close();
  assert.ok(
    readdirSync(d).some((n) => n.startsWith('head-snapshot.')),
    'a snapshot was written',
  );
  db = await openTestDb(d, clock);
  assert.ok(db.stats().walBytes < walAfterSnapshot + 4096, 'the WAL before the snapshot was dropped');
  assert.deepEqual(
    get(everything(db, ORG_A), [loadavg]),
    [...model.entries()].sort((a, b) => a[0] - b[0]),
  );
  await db.close();
});

test('writes racing a head snapshot are all there after a restart, the last write winning', async () => {
  const clock = testClock(T0);
  const d = dir();
  let db = await openTestDb(d, clock, { fsync: 'batch' });
  const labels = Array.from({ length: 3000 }, (_, i) => hostMetric(`h${i}`, 'loadavg5'));
  const model = labels.map(() => new Map<number, number>());
  const write = async (points: [number, number, number][]) => {
    const app = db.appender(ORG_A);
    for (const [i, t, v] of points) {
      app.append(labels[i] as (typeof labels)[0], unixMs(t), v);
      model[i]?.set(t, v);
    }
    await app.commit();
  };
  for (let m = 0; m < 20; m++) await write(labels.map((_, i) => [i, T0 - (20 - m) * MINUTE_MS, m + i]));
  clock.now = T0 + 11 * MINUTE_MS;
  let done = false;
  const maintaining = db.maintain().then(() => {
    done = true;
  });
  let round = 0;
  let racing = 0;
  while (!done || round < 3) {
    // Overwrite old samples and add new ones, across the whole ref range, while it copies.
    round++;
    if (!done) racing++;
    await write(
      Array.from({ length: 300 }, (_, k) => {
        const i = (k * 10 + round) % labels.length;
        return [i, T0 - (1 + (round % 19)) * MINUTE_MS, -round] as [number, number, number];
      }),
    );
    await write([[round % labels.length, T0 + round * 1000, round]]);
  }
  await maintaining;
  assert.ok(racing > 0, 'some writes ran while the snapshot was being taken');
  await db.close();
  db = await openTestDb(d, clock);
  const q = everything(db, ORG_A);
  for (const [i, l] of labels.entries()) {
    const want = [...(model[i] as Map<number, number>).entries()].sort((a, b) => a[0] - b[0]);
    assert.deepEqual(
      get(
        q,
        l.map((x) => matcher('=', x.name, x.value)),
      ),
      want,
      `series ${i}`,
    );
  }
  await db.close();
});

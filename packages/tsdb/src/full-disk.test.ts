import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DAY_MS, MINUTE_MS, UnavailableError, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { Tsdb } from './db.ts';
import { hostMetric, ORG_A, tempDir } from './testing/fixture.ts';

const T0 = Date.UTC(2026, 4, 1);
const isRoot = process.getuid?.() === 0;
const required = process.env.SABA_REQUIRE_SERVICES === '1';

test('a full disk refuses writes clearly, keeps what was acknowledged, and recovers when space returns', async (t) => {
  if (!isRoot) {
    if (required) assert.fail('SABA_REQUIRE_SERVICES=1 but this test needs root to mount a small tmpfs');
    t.skip('needs root to mount a small tmpfs');
    return;
  }
  const mnt = tempDir('saba-full-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt.dir]);
  t.after(() => {
    execFileSync('umount', [mnt.dir]);
    mnt.remove();
  });
  const filler = join(mnt.dir, 'filler');
  writeFileSync(filler, Buffer.alloc(512 * 1024));
  const dir = join(mnt.dir, 'data');
  const clock = { now: T0 };
  const open = () =>
    Tsdb.open({ dir, clock: () => clock.now, maintenanceIntervalMs: 0, fsync: 'batch', walSegmentBytes: 256 * 1024 });
  let db = await open();
  const labels = Array.from({ length: 500 }, (_, i) => hostMetric(`h${i % 50}`, `m${Math.floor(i / 50)}`));
  const acked: number[] = [];
  const write = async (b: number) => {
    const app = db.appender(ORG_A);
    for (const l of labels) app.append(l, unixMs(T0 + b * MINUTE_MS), b);
    await app.commit();
    acked.push(b);
  };
  let failure: unknown;
  let b = 0;
  for (; b < 10_000 && failure === undefined; b++) {
    clock.now = T0 + b * MINUTE_MS;
    await write(b).catch((err: unknown) => {
      failure = err;
    });
  }
  assert.ok(failure instanceof UnavailableError, `expected UnavailableError, got ${String(failure)}`);
  assert.match((failure as Error).message, /disk full/i);
  assert.ok(acked.length > 10, `some batches were written before the disk filled: ${acked.length}`);

  // Reads still work and hold every acknowledged batch, and nothing of the refused one.
  const check = (want: readonly number[]) => {
    const q = db.querier(ORG_A, unixMs(0), unixMs(T0 + 100_000 * MINUTE_MS));
    const s = q.select([matcher('=', 'host', 'h7'), matcher('=', '__name__', 'm3')])[0]?.samples();
    assert.ok(s);
    assert.deepEqual(Array.from(s.vs.subarray(0, s.length)), want);
  };
  check(acked);

  // Space returns: writes succeed again without a restart.
  rmSync(filler);
  clock.now = T0 + b * MINUTE_MS;
  await write(b);
  check(acked);
  await db.close();
  db = await open();
  check(acked);
  await db.close();
});

test('a head cut that meets a full disk loses nothing: data stays readable, and the next cut writes it', async (t) => {
  if (!isRoot) {
    if (required) assert.fail('SABA_REQUIRE_SERVICES=1 but this test needs root to mount a small tmpfs');
    t.skip('needs root to mount a small tmpfs');
    return;
  }
  const mnt = tempDir('saba-full-cut-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt.dir]);
  t.after(() => {
    execFileSync('umount', [mnt.dir]);
    mnt.remove();
  });
  const dir = join(mnt.dir, 'data');
  const clock = { now: T0 };
  const open = () => Tsdb.open({ dir, clock: () => clock.now, maintenanceIntervalMs: 0, fsync: 'batch' });
  let db = await open();
  const labels = Array.from({ length: 200 }, (_, i) => hostMetric(`h${i % 20}`, `m${Math.floor(i / 20)}`));
  const minutes = 4 * 60;
  for (let m = 0; m < minutes; m++) {
    clock.now = T0 + m * MINUTE_MS;
    const app = db.appender(ORG_A);
    for (const [i, l] of labels.entries()) app.append(l, unixMs(clock.now), m * 1000 + i);
    await app.commit();
  }
  // Fill what is left of the disk, then cut: writing the block fails.
  const filler = join(mnt.dir, 'filler');
  const free = statfsSync(mnt.dir);
  writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 4096)));
  await assert.rejects(db.maintain(), (err: unknown) => err instanceof Error);
  const check = () => {
    const q = db.querier(ORG_A, unixMs(0), unixMs(T0 + 10 * DAY_MS));
    const s = q.select([matcher('=', 'host', 'h3'), matcher('=', '__name__', 'm4')])[0]?.samples();
    assert.ok(s);
    assert.equal(s.length, minutes);
    for (let m = 0; m < minutes; m++) assert.equal(s.vs[m], m * 1000 + 83);
  };
  check();
  rmSync(filler);
  await db.maintain();
  assert.ok(db.blocks().length > 0, 'the cut succeeds once space returns');
  check();
  await db.close();
  db = await open();
  check();
  await db.close();
});

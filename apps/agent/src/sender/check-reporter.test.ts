import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiError, type CheckReport, NetworkError } from '@saba/client';
import { sleep, systemClock } from '../clock.ts';
import {
  arrayLogger,
  fakePost,
  manualClock,
  nowSec,
  openQueue,
  SLACK_MS,
  tempDir,
  until,
} from '../testing/sender-test-kit.ts';
import { CheckReporter } from './check-reporter.ts';
import { DiskQueue, type QueueLimits } from './disk-queue.ts';

// `post` is a fake (sender-test-kit.ts); the queue is the real one.
//
// Timed assertions are lower bounds ("did not send early") or upper bounds with at least 460 ms
// to spare, so a loaded 2-core machine cannot make them flake.
const LIMITS: QueueLimits = { maxAgeSeconds: 6 * 3600, maxBytes: 1 << 30 };

function report(i: number, occurredAt = nowSec()): CheckReport {
  return {
    source: { type: 'host', hostId: 'h1' },
    name: `check-${i}`,
    status: i % 2 === 0 ? 'OK' : 'CRITICAL',
    message: `message ${i}`,
    occurredAt,
  };
}

test('sendAll posts chunks of 20 in order, slower while the backlog is over twice the checkers', async (t) => {
  // 2.4 s minutes: the official 15 s pace is 600 ms, its 1 s pace 40 ms.
  const clock = systemClock(2400);
  const { queue } = await openQueue(t, LIMITS);
  const { post, calls } = fakePost<CheckReport>();
  const reporter = new CheckReporter(queue, post, clock, arrayLogger().log, 1);
  for (let i = 0; i < 41; i++) await reporter.enqueue(report(i), false);

  assert.equal(await reporter.sendAll(), true);
  assert.deepEqual(
    calls.map((c) => c.items.length),
    [20, 20, 1],
  );
  assert.deepEqual(
    calls.flatMap((c) => c.items.map((r) => r.name)),
    Array.from({ length: 41 }, (_, i) => `check-${i}`),
  );
  const [a, b, c] = calls.map((x) => x.atMs) as [number, number, number];
  assert.ok(b - a >= 600 - SLACK_MS, `21 left for 1 checker: the 15 s pace, got ${b - a} ms`);
  assert.ok(c - b >= 40 - SLACK_MS, `1 left: the 1 s pace, got ${c - b} ms`);
  assert.ok(c - b < 500, `1 left: the 1 s pace, not the 15 s one, got ${c - b} ms`);
  assert.equal(queue.length, 0);
});

test('an urgent report wakes the loop at once and takes the waiting ones along', async (t) => {
  // Real 60 s minutes: without the wake nothing would be sent for a minute.
  const { queue } = await openQueue(t, LIMITS);
  const { post, calls } = fakePost<CheckReport>();
  const reporter = new CheckReporter(queue, post, systemClock(60_000), arrayLogger().log, 2);
  const controller = new AbortController();
  t.after(() => controller.abort()); // a failed assertion must not leave the loop running
  const running = reporter.run(controller.signal);

  await reporter.enqueue(report(0), false);
  await sleep(300);
  assert.equal(calls.length, 0, 'a routine report waits for the minute');
  const woken = Date.now();
  await reporter.enqueue(report(1), true);
  await until('the urgent post', () => calls.length === 1);
  assert.ok((calls[0]?.atMs ?? 0) - woken < 10_000);
  assert.deepEqual(
    calls[0]?.items.map((r) => r.name),
    ['check-0', 'check-1'],
  );
  controller.abort();
  await running;
});

test('a failed round is retried after half a minute', async (t) => {
  // 2 s minutes: the retry (1 s) and the next regular round (2 s) are 1 s apart.
  const { queue } = await openQueue(t, LIMITS);
  const { post, calls } = fakePost<CheckReport>([new NetworkError('ECONNREFUSED', 3)]);
  const { log, lines } = arrayLogger();
  const reporter = new CheckReporter(queue, post, systemClock(2000), log, 1);
  const controller = new AbortController();
  t.after(() => controller.abort());
  const running = reporter.run(controller.signal);
  await reporter.enqueue(report(0), true);
  await until('the retry', () => calls.length === 2);
  const gap = (calls[1]?.atMs ?? 0) - (calls[0]?.atMs ?? 0);
  assert.ok(gap >= 1000 - SLACK_MS, `retried after ${gap} ms`);
  assert.ok(gap < 1800, `retried after ${gap} ms: a minute, not half`);
  assert.ok(lines.some((l) => l.includes('WARNING <checks> Failed to post check reports (will retry)')));
  await until('the queue to drain', () => queue.length === 0);
  controller.abort();
  await running;
});

test('unusable answers (400/404/413/422) drop the chunk; other failures keep everything', async (t) => {
  const cases: { error: Error; dropped: boolean }[] = [
    ...[400, 404, 413, 422].map((s) => ({ error: new ApiError(s, 'invalid report'), dropped: true })),
    ...[401, 403, 429, 500, 503].map((s) => ({ error: new ApiError(s, 'not now'), dropped: false })),
    { error: new NetworkError('ECONNRESET', 5), dropped: false },
  ];
  for (const c of cases) {
    const { queue } = await openQueue(t, LIMITS);
    const { post, calls } = fakePost<CheckReport>([c.error]);
    const { log, lines } = arrayLogger();
    const reporter = new CheckReporter(queue, post, systemClock(1000), log, 100);
    for (let i = 0; i < 25; i++) await reporter.enqueue(report(i), false);
    const ok = await reporter.sendAll();
    if (c.dropped) {
      // The first 20 are dropped and the rest sent in the same round.
      assert.equal(ok, true, c.error.message);
      assert.deepEqual(
        calls.map((x) => x.items.length),
        [20, 5],
        c.error.message,
      );
      assert.deepEqual(
        calls[1]?.items.map((r) => r.name),
        ['check-20', 'check-21', 'check-22', 'check-23', 'check-24'],
      );
      assert.equal(queue.length, 0);
      assert.ok(lines.some((l) => l.includes('ERROR <checks> reports rejected, dropping 20')));
    } else {
      assert.equal(ok, false, c.error.message);
      assert.equal(calls.length, 1, c.error.message);
      assert.equal(queue.length, 25, c.error.message);
    }
  }
});

test('reports survive a restart: a new queue on the same directory sends them in order', async (t) => {
  const dir = tempDir(t);
  const t0 = nowSec();
  const first = new CheckReporter(
    await DiskQueue.open(dir, LIMITS),
    fakePost<CheckReport>([new NetworkError('ECONNREFUSED', 1)]).post,
    systemClock(1000),
    arrayLogger().log,
    1,
  );
  for (let i = 0; i < 3; i++) await first.enqueue(report(i, t0), true);
  assert.equal(await first.sendAll(), false);

  const queue = await DiskQueue.open(dir, LIMITS);
  assert.equal(queue.length, 3);
  const { post, calls } = fakePost<CheckReport>();
  const second = new CheckReporter(queue, post, systemClock(1000), arrayLogger().log, 1);
  assert.equal(await second.sendAll(), true);
  assert.deepEqual(calls.length, 1);
  assert.deepEqual(calls[0]?.items, [report(0, t0), report(1, t0), report(2, t0)]);
  assert.equal(queue.length, 0);
});

test('sendAll ages out reports past the queue limit before sending', async (t) => {
  const clock = manualClock(60_000, 1_700_000_000_000);
  const { queue } = await openQueue(t, { maxAgeSeconds: 3600, maxBytes: 1 << 20 });
  const { post, calls } = fakePost<CheckReport>();
  const reporter = new CheckReporter(queue, post, clock, arrayLogger().log, 1);
  await reporter.enqueue(report(0, clock.nowMs() / 1000 - 1800), false);
  await reporter.enqueue(report(1, clock.nowMs() / 1000), false);
  clock.advance(1900 * 1000);
  assert.equal(await reporter.sendAll(), true);
  assert.deepEqual(
    calls.map((c) => c.items.map((r) => r.name)),
    [['check-1']],
  );
});

// An empty record file is what a power cut can leave when fsync is off; any unreadable one must
// not stop the reporter: run() would reject and no check would be reported until a restart,
// which would then fail on the same file again.
test('an unreadable record is dropped with an error and the others are sent', async (t) => {
  const t0 = nowSec();
  const { dir, queue: writer } = await openQueue(t, LIMITS);
  await writer.push(t0, report(0, t0), t0);
  await writer.push(t0 + 2, report(2, t0 + 2), t0);
  writeFileSync(join(dir, `${t0 + 1}-00000099.json`), '');

  const queue = await DiskQueue.open(dir, LIMITS);
  assert.equal(queue.length, 3);
  const { post, calls } = fakePost<CheckReport>();
  const { log, lines } = arrayLogger();
  const reporter = new CheckReporter(queue, post, systemClock(1000), log, 1);
  assert.equal(await reporter.sendAll(), true);
  assert.deepEqual(
    calls.map((c) => c.items.map((r) => r.name)),
    [['check-0', 'check-2']],
  );
  assert.equal(queue.length, 0);
  assert.ok(lines.some((l) => l.includes(`ERROR <checks> buffered report ${t0 + 1}-00000099.json is unreadable`)));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, type HostMetricValue, NetworkError } from '@saba/client';
import { sleep, systemClock } from '../clock.ts';
import {
  arrayLogger,
  fakePost,
  manualClock,
  nowSec,
  type Outcome,
  openQueue,
  SLACK_MS,
  until,
} from '../testing/sender-test-kit.ts';
import { DiskQueue, type QueueLimits } from './disk-queue.ts';
import { MetricSender, type PostMetrics } from './metric-sender.ts';

// `post` is a fake (sender-test-kit.ts); the queue is the real one.
//
// Timed assertions are lower bounds ("did not post early") or upper bounds at least 800 ms wide,
// so a loaded 2-core machine cannot make them flake.
const LIMITS: QueueLimits = { maxAgeSeconds: 86_400, maxBytes: 1 << 30 };

function batch(size: number, timeSec: number): HostMetricValue[] {
  return Array.from({ length: size }, (_, i) => ({ hostId: 'h1', name: `custom.m${i}`, time: timeSec, value: i }));
}

test('a post merges the oldest batches up to 10,000 values; a bigger batch goes alone', async (t) => {
  const cases: { batches: number[]; posts: number[] }[] = [
    { batches: [1, 1, 1], posts: [3] },
    { batches: [3000, 3000, 3000, 3000], posts: [9000, 3000] },
    { batches: [5000, 5000, 1], posts: [10_000, 1] },
    { batches: [4000, 4000, 4000, 4000], posts: [8000, 8000] },
    { batches: [10_000, 1], posts: [10_000, 1] },
    { batches: [12_000, 5, 5], posts: [12_000, 10] },
    { batches: [5, 12_000], posts: [5, 12_000] },
  ];
  for (const c of cases) {
    const { queue } = await openQueue(t, LIMITS);
    for (const [i, size] of c.batches.entries()) await queue.push(1000 + i * 60, batch(size, 1000 + i * 60), 1000);
    const { post, calls } = fakePost<HostMetricValue>();
    const { log } = arrayLogger();
    const sender = new MetricSender(queue, post, systemClock(1000), log, 0);
    while (queue.length > 0) assert.equal(await sender.postOnce(), true);
    assert.deepEqual(
      calls.map((p) => p.items.length),
      c.posts,
      `batches ${c.batches}`,
    );
    // Oldest first, every value once.
    const times = calls.flatMap((p) => p.items.map((v) => v.time));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(
      times.length,
      c.batches.reduce((a, b) => a + b, 0),
    );
  }
});

test('a quick network failure is retried at once, once; other failures are not', async (t) => {
  const cases: { name: string; outcomes: Outcome[]; ok: boolean; calls: number }[] = [
    { name: 'quick network error, then success', outcomes: [new NetworkError('ECONNRESET', 10)], ok: true, calls: 2 },
    {
      name: 'quick network error twice',
      outcomes: [new NetworkError('ECONNRESET', 10), new NetworkError('ECONNRESET', 10)],
      ok: false,
      calls: 2,
    },
    { name: 'slow network error (25 s)', outcomes: [new NetworkError('timed out', 25_000)], ok: false, calls: 1 },
    { name: 'API error 503', outcomes: [new ApiError(503, 'unavailable')], ok: false, calls: 1 },
    { name: 'API error 400', outcomes: [new ApiError(400, 'bad')], ok: false, calls: 1 },
    { name: 'some other error', outcomes: [new Error('boom')], ok: false, calls: 1 },
  ];
  for (const c of cases) {
    const { queue } = await openQueue(t, LIMITS);
    await queue.push(1000, batch(3, 1000), 1000);
    const { post, calls } = fakePost<HostMetricValue>(c.outcomes);
    const { log, lines } = arrayLogger();
    const sender = new MetricSender(queue, post, systemClock(1000), log, 0);
    assert.equal(await sender.postOnce(), c.ok, c.name);
    assert.equal(calls.length, c.calls, c.name);
    assert.equal(queue.length, c.ok ? 0 : 1, c.name);
    assert.equal(
      lines.some((l) => l.includes('Failed to post metrics value (will retry)')),
      !c.ok,
      c.name,
    );
  }
});

test('only 400/404/413/422 drop a batch, after 60 failures; 401/403/429/5xx and network errors never', async (t) => {
  const cases: { error: () => Error; dropsAfter?: number }[] = [
    ...[400, 404, 413, 422].map((status) => ({ error: () => new ApiError(status, 'unusable'), dropsAfter: 60 })),
    ...[401, 403, 429, 500, 502, 503].map((status) => ({ error: () => new ApiError(status, 'try later') })),
    { error: () => new NetworkError('ECONNREFUSED', 30_000) },
  ];
  for (const c of cases) {
    const name = c.error().message;
    const { queue } = await openQueue(t, LIMITS);
    // Two batches merged into each post: both count each failure.
    await queue.push(1000, batch(2, 1000), 1000);
    await queue.push(1060, batch(2, 1060), 1000);
    const { post, calls } = fakePost<HostMetricValue>(Array.from({ length: 200 }, c.error));
    const { log, lines } = arrayLogger();
    const sender = new MetricSender(queue, post, systemClock(1000), log, 0);
    for (let i = 1; i < 60; i++) assert.equal(await sender.postOnce(), false);
    assert.equal(queue.length, 2, `${name}: kept after 59 failures`);
    await sender.postOnce();
    if (c.dropsAfter === 60) {
      assert.equal(queue.length, 0, `${name}: dropped at the 60th`);
      assert.ok(lines.some((l) => / ERROR <metrics> .*abandoned: 2 batch\(es\) after 60 rejections/.test(l)));
    } else {
      for (let i = 0; i < 40; i++) await sender.postOnce();
      assert.equal(queue.length, 2, `${name}: kept after 100 failures`);
      assert.equal(calls.length, 100);
      assert.ok(!lines.some((l) => l.includes(' ERROR ')), name);
    }
  }
});

test('each batch counts its own rejections: a newer batch outlives the one before it', async (t) => {
  const { queue } = await openQueue(t, LIMITS);
  await queue.push(1000, batch(1, 1000), 1000);
  const { post, calls } = fakePost<HostMetricValue>(Array.from({ length: 120 }, () => new ApiError(422, 'invalid')));
  const sender = new MetricSender(queue, post, systemClock(1000), arrayLogger().log, 0);
  for (let i = 0; i < 30; i++) await sender.postOnce();
  await queue.push(1060, batch(1, 1060), 1060);
  for (let i = 0; i < 30; i++) await sender.postOnce();
  assert.deepEqual(
    queue.entries.map((e) => e.timeSec),
    [1060],
    'the first batch is dropped at its 60th failure, the second has 30',
  );
  for (let i = 0; i < 29; i++) await sender.postOnce();
  assert.equal(queue.length, 1);
  await sender.postOnce();
  assert.equal(queue.length, 0);
  assert.equal(calls.length, 90);
});

test('run: the first batch is posted at once, not at the host offset', async (t) => {
  // Real 60 s minutes, and an offset 30 s away: "at once" is then far from the offset.
  const clock = systemClock(60_000);
  const offsetSeconds = (Math.floor(Date.now() / 1000) + 30) % 60;
  const { queue } = await openQueue(t, LIMITS);
  const { post, calls } = fakePost<HostMetricValue>();
  const sender = new MetricSender(queue, post, clock, arrayLogger().log, offsetSeconds);
  const controller = new AbortController();
  t.after(() => controller.abort()); // a failed assertion must not leave the loop running
  const running = sender.run(controller.signal);
  const enqueued = Date.now();
  await sender.enqueue(nowSec(), batch(3, nowSec()));
  await until('the first post', () => calls.length === 1, 20_000);
  assert.ok((calls[0]?.atMs ?? 0) - enqueued < 10_000, 'posted without waiting ~30 s for the offset');
  assert.equal(queue.length, 0);
  controller.abort();
  await running;
});

test('run: a later batch waits for the host offset within the minute', async (t) => {
  const clock = systemClock(1000);
  const offsetSeconds = 30; // 500 ms into each 1 s minute
  const { queue } = await openQueue(t, LIMITS);
  const { post, calls } = fakePost<HostMetricValue>();
  const sender = new MetricSender(queue, post, clock, arrayLogger().log, offsetSeconds);
  const controller = new AbortController();
  t.after(() => controller.abort());
  const running = sender.run(controller.signal);
  await sender.enqueue(nowSec(), batch(1, nowSec()));
  await until('the first post', () => calls.length === 1);

  // Enqueue 100 ms into a minute, so the wait for the offset is ~400 ms.
  await sleep((1100 - (Date.now() % 1000)) % 1000);
  // The sender reckons its wait after the write to disk, so the offset it aims at is the one
  // after the time just before the call or the one after the time just after it.
  const offsetAfter = (ms: number) => ms - (ms % 1000) + 500 + (ms % 1000 > 500 ? 1000 : 0);
  const before = Date.now();
  await sender.enqueue(nowSec(), batch(1, nowSec()));
  const after = Date.now();
  await until('the second post', () => calls.length === 2);
  const at = calls[1]?.atMs ?? 0;
  assert.ok(at >= offsetAfter(before) - SLACK_MS, `posted ${offsetAfter(before) - at} ms before the offset`);
  assert.ok(at - offsetAfter(after) < 900, `posted ${at - offsetAfter(after)} ms after the offset, a minute late`);
  controller.abort();
  await running;
});

test('run: a backlog drains in merged posts half a minute apart; a failure waits a minute', async (t) => {
  // The backlog runs on 2 s minutes, so half a minute (1 s) and a minute (2 s) are 1 s apart: a
  // wide margin for a busy machine. The failure case needs only the lower bound: 1 s minutes.
  const cases: {
    name: string;
    minuteMs: number;
    batches: number[];
    outcomes: Outcome[];
    posts: number[];
    gapMs: number;
  }[] = [
    {
      name: 'backlog',
      minuteMs: 2000,
      batches: [4000, 4000, 4000, 4000],
      outcomes: [],
      posts: [8000, 8000],
      gapMs: 1000,
    },
    {
      name: 'failure',
      minuteMs: 1000,
      batches: [5],
      outcomes: [new ApiError(503, 'down')],
      posts: [5, 5],
      gapMs: 1000,
    },
  ];
  for (const c of cases) {
    const { queue } = await openQueue(t, LIMITS);
    const start = nowSec() - c.batches.length;
    for (const [i, size] of c.batches.entries()) await queue.push(start + i, batch(size, start + i), start);
    const { post, calls } = fakePost<HostMetricValue>(c.outcomes);
    const sender = new MetricSender(queue, post, systemClock(c.minuteMs), arrayLogger().log, 0);
    const controller = new AbortController();
    t.after(() => controller.abort());
    const running = sender.run(controller.signal);
    await until(`${c.name}: posts`, () => calls.length === c.posts.length);
    await until(`${c.name}: queue drained`, () => queue.length === 0);
    assert.deepEqual(
      calls.map((p) => p.items.length),
      c.posts,
      c.name,
    );
    const gap = (calls[1]?.atMs ?? 0) - (calls[0]?.atMs ?? 0);
    assert.ok(gap >= c.gapMs - SLACK_MS, `${c.name}: gap ${gap} ms`);
    assert.ok(gap < c.gapMs + 800, `${c.name}: gap ${gap} ms`);
    controller.abort();
    await running;
  }
});

test('flush posts what it can before the deadline and leaves the rest on disk', async (t) => {
  const cases: {
    name: string;
    deadlineMs: number;
    postMs: number;
    outcomes: Outcome[];
    calls: number;
    left: number;
  }[] = [
    { name: 'time for all', deadlineMs: 20_000, postMs: 100, outcomes: [], calls: 3, left: 0 },
    { name: 'deadline already passed', deadlineMs: 0, postMs: 100, outcomes: [], calls: 0, left: 3 },
    // Posts of 8 s against a 10 s deadline: the second starts at 8 s, the third would at 16 s.
    { name: 'deadline reached', deadlineMs: 10_000, postMs: 8000, outcomes: [], calls: 2, left: 1 },
    {
      name: 'a failure ends the flush',
      deadlineMs: 20_000,
      postMs: 100,
      outcomes: [undefined, new ApiError(503, 'down')],
      calls: 2,
      left: 2,
    },
  ];
  for (const c of cases) {
    const { dir, queue } = await openQueue(t, LIMITS);
    // 6,000 values each: no two fit in one post, so each batch is one post.
    for (const i of [0, 1, 2]) await queue.push(1000 + i * 60, batch(6000, 1000 + i * 60), 1000);
    const clock = manualClock(60_000, 1_000_000);
    const { post: record, calls } = fakePost<HostMetricValue>(c.outcomes);
    const post: PostMetrics = async (values) => {
      clock.advance(c.postMs);
      await record(values);
    };
    const sender = new MetricSender(queue, post, clock, arrayLogger().log, 0);
    await sender.flush(1_000_000 + c.deadlineMs);
    assert.equal(calls.length, c.calls, c.name);
    assert.equal(queue.length, c.left, c.name);
    const reopened = await DiskQueue.open(dir, LIMITS);
    assert.deepEqual(
      reopened.entries.map((e) => e.timeSec),
      queue.entries.map((e) => e.timeSec),
      `${c.name}: what is left is on disk`,
    );
  }
});

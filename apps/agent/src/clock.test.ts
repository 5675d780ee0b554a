import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { Alarm, type Clock, scaled, sleep, systemClock } from './clock.ts';

// Timer assertions are lower bounds ("did not end early") or far-apart upper bounds (a 10 s sleep
// that ends within 5 s was cut short), so a loaded machine cannot make them flake. setTimeout may
// fire a millisecond early, hence the 5 ms slack on lower bounds.
const SLACK_MS = 5;

test('scaled: seconds of a 60 s minute become milliseconds of the clock minute', () => {
  const cases: { minuteMs: number; seconds: number; ms: number }[] = [
    { minuteMs: 60_000, seconds: 30, ms: 30_000 },
    { minuteMs: 60_000, seconds: 1, ms: 1000 },
    { minuteMs: 1000, seconds: 30, ms: 500 },
    { minuteMs: 1000, seconds: 15, ms: 250 },
    { minuteMs: 1000, seconds: 60, ms: 1000 },
    { minuteMs: 1000, seconds: 0, ms: 0 },
    { minuteMs: 1200, seconds: 1, ms: 20 },
  ];
  for (const c of cases) {
    const clock: Clock = systemClock(c.minuteMs);
    assert.equal(scaled(clock, c.seconds), c.ms, `${c.seconds} s of a ${c.minuteMs} ms minute`);
  }
});

test('systemClock: minutes under a second or fractional are refused; nowMs is wall time', () => {
  for (const bad of [0, 999, 1000.5, Number.NaN, -60_000]) {
    assert.throws(() => systemClock(bad), /minute must be at least 1000 ms/, String(bad));
  }
  assert.equal(systemClock().minuteMs, 60_000);
  const before = Date.now();
  const now = systemClock(1000).nowMs();
  assert.ok(now >= before && now <= Date.now());
});

test('sleep: waits its time, ends early on abort, never rejects, leaves no listener behind', async () => {
  const cases: { name: string; ms: number; abortAfterMs?: number; preAborted?: boolean; atLeastMs: number }[] = [
    { name: 'runs to its end', ms: 120, atLeastMs: 120 },
    { name: 'negative is zero', ms: -50, atLeastMs: 0 },
    { name: 'aborted before it starts', ms: 10_000, preAborted: true, atLeastMs: 0 },
    { name: 'aborted while sleeping', ms: 10_000, abortAfterMs: 50, atLeastMs: 50 },
  ];
  for (const c of cases) {
    const controller = new AbortController();
    if (c.preAborted === true) controller.abort();
    if (c.abortAfterMs !== undefined) setTimeout(() => controller.abort(), c.abortAfterMs);
    const started = Date.now();
    await sleep(c.ms, controller.signal);
    const took = Date.now() - started;
    assert.ok(took >= c.atLeastMs - SLACK_MS, `${c.name}: ended after ${took} ms`);
    assert.ok(took < 5000, `${c.name}: took ${took} ms`);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, `${c.name}: listener left`);
  }
});

test('sleep without a signal', async () => {
  const started = Date.now();
  await sleep(60);
  assert.ok(Date.now() - started >= 60 - SLACK_MS);
});

test('Alarm: a wake before the sleep ends the next sleep at once, and only that one', async () => {
  const alarm = new Alarm();
  alarm.wake();
  alarm.wake(); // wakes do not pile up: one pending wake at most
  let started = Date.now();
  await alarm.sleep(10_000);
  assert.ok(Date.now() - started < 5000, 'the pending wake ended the sleep');
  started = Date.now();
  await alarm.sleep(100);
  assert.ok(Date.now() - started >= 100 - SLACK_MS, 'the second sleep ran its full time');
});

test('Alarm: sleeps end by time, by wake, or by abort, and leave no listener behind', async () => {
  const cases: {
    name: string;
    ms: number;
    wakeAfterMs?: number;
    abortAfterMs?: number;
    preAborted?: boolean;
    atLeastMs: number;
  }[] = [
    { name: 'time', ms: 100, atLeastMs: 100 },
    { name: 'wake while sleeping', ms: 10_000, wakeAfterMs: 50, atLeastMs: 50 },
    { name: 'wake during an endless sleep', ms: Number.POSITIVE_INFINITY, wakeAfterMs: 50, atLeastMs: 50 },
    { name: 'abort while sleeping', ms: Number.POSITIVE_INFINITY, abortAfterMs: 50, atLeastMs: 50 },
    { name: 'aborted before it starts', ms: Number.POSITIVE_INFINITY, preAborted: true, atLeastMs: 0 },
  ];
  for (const c of cases) {
    const alarm = new Alarm();
    const controller = new AbortController();
    if (c.preAborted === true) controller.abort();
    if (c.wakeAfterMs !== undefined) setTimeout(() => alarm.wake(), c.wakeAfterMs);
    if (c.abortAfterMs !== undefined) setTimeout(() => controller.abort(), c.abortAfterMs);
    const started = Date.now();
    await alarm.sleep(c.ms, controller.signal);
    const took = Date.now() - started;
    assert.ok(took >= c.atLeastMs - SLACK_MS, `${c.name}: ended after ${took} ms`);
    assert.ok(took < 5000, `${c.name}: took ${took} ms`);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0, `${c.name}: listener left`);
    // A wake after the sleep ended is kept for the next sleep, not lost.
    alarm.wake();
    const next = Date.now();
    await alarm.sleep(10_000);
    assert.ok(Date.now() - next < 5000, `${c.name}: a later wake was lost`);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLimiter } from './limiter.ts';

/** A task that stays running until `release` is called. */
function gate<T>(value: T) {
  let release!: () => void;
  const done = new Promise<void>((r) => {
    release = r;
  });
  return {
    task: async () => {
      await done;
      return value;
    },
    release,
  };
}

test('never runs more than the limit at once, and starts waiting tasks in order', async () => {
  const limit = createLimiter(2);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const gates = Array.from({ length: 6 }, (_, i) => gate(i));
  const results = gates.map((g, i) =>
    limit(async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      const v = await g.task();
      running--;
      return v;
    }),
  );
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(started, [0, 1]);
  gates[1]?.release();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(started, [0, 1, 2]);
  for (const g of gates) g.release();
  assert.deepEqual(await Promise.all(results), [0, 1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
});

test('a failing task rejects its own promise and frees its place', async () => {
  const limit = createLimiter(1);
  const failed = limit(async () => {
    throw new Error('boom');
  });
  const thrown = limit(() => {
    throw new Error('sync boom');
  });
  const ok = limit(async () => 'ok');
  await assert.rejects(failed, /boom/);
  await assert.rejects(thrown, /sync boom/);
  assert.equal(await ok, 'ok');
});

test('a limit that is not a positive integer is refused', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => createLimiter(bad), RangeError);
});

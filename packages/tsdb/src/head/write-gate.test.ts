import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WriteGate } from './write-gate.ts';

test('pause waits for commits in flight and holds new ones until resume', async () => {
  const gate = new WriteGate();
  const events: string[] = [];
  let finishFirst: () => void = () => {};
  const first = gate.run(async () => {
    events.push('first start');
    await new Promise<void>((r) => {
      finishFirst = r;
    });
    events.push('first end');
  });
  const paused = gate.pause().then(() => events.push('paused'));
  await new Promise((r) => setImmediate(r));
  const second = gate.run(async () => {
    events.push('second');
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(events, ['first start']);
  finishFirst();
  await paused;
  assert.deepEqual(events, ['first start', 'first end', 'paused']);
  gate.resume();
  await Promise.all([first, second]);
  assert.deepEqual(events, ['first start', 'first end', 'paused', 'second']);
});

test('a failing commit still releases the gate', async () => {
  const gate = new WriteGate();
  await assert.rejects(
    gate.run(async () => {
      throw new Error('boom');
    }),
  );
  await gate.pause();
  gate.resume();
});

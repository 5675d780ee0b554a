import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orgId } from '@saba/model';
import type { AnnouncedEvent, ApiDeps } from '../deps.ts';
import { announce } from './announce.ts';

// The outbox failing on demand cannot be had from a real catalog, so `announce` here is a plain
// function that fails for one event: what matters is what the helper does with that.
test('announce: a failure is logged, the other events still go, and the caller is not failed', async () => {
  const stored: AnnouncedEvent[] = [];
  const logged: string[] = [];
  const deps = {
    announce: async (_org, e) => {
      if (e.event === 'hostStatus') throw new Error('database is locked');
      stored.push(e);
    },
    log: (line) => logged.push(line),
  } as Pick<ApiDeps, 'announce' | 'log'> as ApiDeps;
  const events: AnnouncedEvent[] = [
    { event: 'hostRegister', hostId: 'h1' },
    { event: 'hostStatus', hostId: 'h1', previousStatus: 'working', status: 'standby' },
    { event: 'hostRetire', hostId: 'h1', roles: [] },
  ];
  await announce(deps, orgId('o1'), events);
  assert.deepEqual(stored, [events[0], events[2]]);
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /hostStatus could not be stored: Error: database is locked/);
});

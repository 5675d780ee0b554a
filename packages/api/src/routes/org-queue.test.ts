import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Catalog, openCatalog } from '@saba/catalog';
import { type OrgId, orgId, unixSec } from '@saba/model';
import {
  addToDefaultGroup,
  defaultNotificationGroup,
  ensureDefaultNotificationGroups,
  storedGroup,
} from './group-docs.ts';
import { OrgQueue } from './org-queue.ts';

const A = orgId('a');
const B = orgId('b');
const tick = () => new Promise((r) => setImmediate(r));

test('one organization runs in order, a failure does not stop the next, other organizations do not wait', async () => {
  const q = new OrgQueue();
  const seen: string[] = [];
  const step =
    (name: string, fail = false) =>
    async () => {
      seen.push(`${name} start`);
      await tick();
      seen.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
  const results = await Promise.allSettled([q.run(A, step('a1', true)), q.run(A, step('a2')), q.run(B, step('b1'))]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'fulfilled', 'fulfilled'],
  );
  assert.ok(seen.indexOf('a1 end') < seen.indexOf('a2 start'), seen.join(', '));
  assert.ok(seen.indexOf('b1 start') < seen.indexOf('a1 end'), seen.join(', '));
  await tick();
  assert.equal((q as unknown as { tails: Map<OrgId, unknown> }).tails.size, 0, 'settled organizations are forgotten');
});

async function withCatalog(f: (c: Catalog, org: OrgId) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-api-groups-'));
  const c = await openCatalog({ driver: 'sqlite', path: join(dir, 'catalog.db') });
  try {
    await f(c, (await c.orgs.create('o', null, unixSec(1))).id);
  } finally {
    await c.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('channels added to the default group at once through the queue are all kept', () =>
  withCatalog(async (c, org) => {
    const q = new OrgQueue();
    const ids = Array.from({ length: 10 }, (_, i) => `ch${i}`);
    await Promise.all(ids.map((id) => q.run(org, () => addToDefaultGroup(c, org, id, unixSec(2)))));
    const groups = await c.notificationGroups.list(org);
    assert.equal(groups.length, 1);
    assert.deepEqual([...storedGroup(groups[0] as (typeof groups)[0]).childChannelIds].sort(), ids);
  }));

test('the default group is made once; start-up gives one to organizations without', () =>
  withCatalog(async (c, org) => {
    const other = (await c.orgs.create('p', null, unixSec(1))).id;
    const first = await defaultNotificationGroup(c, org, unixSec(2));
    assert.deepEqual(await defaultNotificationGroup(c, org, unixSec(3)), first);
    assert.equal(storedGroup(first).isDefault, true);
    assert.equal(await ensureDefaultNotificationGroups(c, unixSec(4)), 1);
    assert.equal(await ensureDefaultNotificationGroups(c, unixSec(5)), 0);
    assert.equal((await c.notificationGroups.list(other)).length, 1);
    assert.equal((await c.notificationGroups.list(org)).length, 1);
  }));

// Notification groups (spec mackerel-api.md §11.2, features §4.4): the default group every
// organization has (new ones, and ones made before groups existed), CRUD with the bodies
// mackerel-client-go sends, what a group may name, what a delete cleans up, and isolation.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '@saba/catalog';
import { unixSec } from '@saba/model';
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { assertError, type Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { createMonitor, hostMonitorBody } from '../testing/monitor-fixtures.ts';

let h: Harness;
let key: string;
let readKey: string;
let otherKey: string;
/** Made in `before`: two channels, a monitor and a service of the test organization. */
let chA: string;
let chB: string;
let monitorId: string;
/** A channel of the other organization. */
let foreignChannel: string;

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  ({ key, readKey } = await h.newOrg('groups'));
  otherKey = (await h.newOrg('groups-other')).key;
  chA = await made('/api/v0/channels', { name: 'a', type: 'webhook', url: 'https://a.example.com/' });
  chB = await made('/api/v0/channels', { name: 'b', type: 'webhook', url: 'https://b.example.com/' });
  foreignChannel = await made('/api/v0/channels', { name: 'x', type: 'webhook', url: 'https://x.example/' }, otherKey);
  monitorId = await createMonitor(h, hostMonitorBody('custom.groups.load'), key);
  assert.equal((await call('POST', '/api/v0/services', { name: 'GroupSvc' })).status, 200);
});
after(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, k = key) {
  return h.call(method, path, { key: k, ...(body !== undefined ? { body } : {}) });
}

async function made(path: string, body: Json, k = key): Promise<string> {
  const a = await call('POST', path, body, k);
  assert.equal(a.status, 200, `POST ${path}: ${a.text}`);
  return a.json.id as string;
}

async function groups(k = key): Promise<Json[]> {
  const a = await call('GET', '/api/v0/notification-groups', undefined, k);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['notificationGroups']);
  return a.json.notificationGroups as Json[];
}

async function defaultGroup(k = key): Promise<Json> {
  const found = (await groups(k)).filter((g) => g.type === 'group-default');
  assert.equal(found.length, 1, 'exactly one default group');
  return found[0] as Json;
}

/** The default group of an organization with no channels yet. */
const EMPTY_DEFAULT = {
  type: 'group-default',
  name: 'Default notification group',
  notificationLevel: 'all',
  childNotificationGroupIds: [],
  childChannelIds: [],
  monitors: [],
  services: [],
};

describe('the default group (features §4.4: every organization has one)', () => {
  test('a new organization has exactly one, empty, at level all', async () => {
    const { key: fresh } = await h.newOrg('groups-fresh');
    const list = await groups(fresh);
    assert.equal(list.length, 1);
    assert.deepEqual(list[0], { id: (list[0] as Json).id, ...EMPTY_DEFAULT });
  });

  test('the organization the server bootstraps has one', async () => {
    await defaultGroup(h.key);
  });

  test('an organization made before groups existed gets one at server start, once', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'saba-groups-'));
    const config = loadConfig([], {
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_DATA_DIR: dataDir,
      SABA_API_KEY: `groups-boot-${process.pid}`,
      SABA_FSYNC: 'never',
    });
    try {
      // What an older Saba left: an organization with a key and no notification group.
      const catalog = await openCatalog(config.catalog);
      const org = await catalog.orgs.create('legacy', null, unixSec(1_700_000_000));
      const { key: legacyKey } = await catalog.orgs.createKey(org.id, 'k', 'write', unixSec(1_700_000_000));
      assert.deepEqual(await catalog.notificationGroups.list(org.id), []);
      await catalog.close();

      for (let start = 0; start < 2; start++) {
        const server = await startServer(config, () => {});
        try {
          const res = await fetch(`${server.url}/api/v0/notification-groups`, { headers: { 'x-api-key': legacyKey } });
          const list = ((await res.json()) as Json).notificationGroups as Json[];
          assert.equal(list.length, 1, `start ${start + 1}`);
          assert.deepEqual(list[0], { id: (list[0] as Json).id, ...EMPTY_DEFAULT });
        } finally {
          await server.close();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('it cannot be renamed (400) or deleted (400); its other settings can change', async () => {
    const d = await defaultGroup();
    const path = `/api/v0/notification-groups/${d.id}`;
    assertError(await call('PUT', path, { ...d, name: 'Renamed' }), 400, /"name" of the default notification group/);
    assertError(await call('DELETE', path), 400, /default notification group cannot be deleted/);

    const put = await call('PUT', path, { ...d, notificationLevel: 'critical', childChannelIds: [chA] });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json, { ...d, notificationLevel: 'critical', childChannelIds: [chA] });
    assert.deepEqual(await defaultGroup(), put.json);
    // As it was, for the other tests: both channels joined it when they were made.
    assert.equal((await call('PUT', path, d)).status, 200);
    assert.deepEqual(d.childChannelIds, [chA, chB]);
  });

  test('a client cannot make a second default group: a posted "type" is ignored', async () => {
    const a = await call('POST', '/api/v0/notification-groups', { name: 'sneaky', type: 'group-default' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.type, 'group');
    await defaultGroup();
  });
});

describe('notification groups CRUD (spec §11.2)', () => {
  test('POST answers the input with id and type; PUT replaces it; DELETE answers it; the list follows', async () => {
    // As mackerel-client-go marshals it: nil slices are null, monitors and services omitempty.
    const input = {
      name: 'db team',
      notificationLevel: 'critical',
      childNotificationGroupIds: null,
      childChannelIds: [chA, chB],
      monitors: [{ id: monitorId, skipDefault: true }],
      services: [{ name: 'GroupSvc' }],
    };
    const a = await call('POST', '/api/v0/notification-groups', input);
    assert.equal(a.status, 200, a.text);
    const id = a.json.id as string;
    assert.equal(typeof id, 'string');
    assert.deepEqual(a.json, { id, type: 'group', ...input, childNotificationGroupIds: [] });
    assert.deepEqual(
      (await groups()).find((g) => g.id === id),
      a.json,
    );

    const child = await made('/api/v0/notification-groups', { name: 'db oncall', notificationLevel: 'all' });
    const replacement = {
      name: 'db team renamed',
      notificationLevel: 'all',
      childNotificationGroupIds: [child],
      childChannelIds: null,
    };
    const put = await call('PUT', `/api/v0/notification-groups/${id}`, replacement);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json, {
      id,
      type: 'group',
      name: 'db team renamed',
      notificationLevel: 'all',
      childNotificationGroupIds: [child],
      childChannelIds: [],
      monitors: [],
      services: [],
    });
    assert.deepEqual(
      (await groups()).find((g) => g.id === id),
      put.json,
    );

    const del = await call('DELETE', `/api/v0/notification-groups/${id}`);
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.json, put.json);
    assert.ok(!(await groups()).some((g) => g.id === id));
    assertError(await call('DELETE', `/api/v0/notification-groups/${id}`), 404);
    assertError(await call('PUT', `/api/v0/notification-groups/${id}`, replacement), 404);
  });

  test('DELETE removes the group from every parent that names it', async () => {
    const child = await made('/api/v0/notification-groups', { name: 'child', notificationLevel: 'all' });
    const sibling = await made('/api/v0/notification-groups', { name: 'sibling', notificationLevel: 'all' });
    const parent = await made('/api/v0/notification-groups', {
      name: 'parent',
      notificationLevel: 'all',
      childNotificationGroupIds: [child, sibling],
    });
    assert.equal((await call('DELETE', `/api/v0/notification-groups/${child}`)).status, 200);
    assert.deepEqual((await groups()).find((g) => g.id === parent)?.childNotificationGroupIds, [sibling]);
  });

  test('deleting a monitor or a service removes it from the groups that name it; what is read back can be written back', async () => {
    const gone = await createMonitor(h, hostMonitorBody('custom.groups.gone'), key);
    assert.equal((await call('POST', '/api/v0/services', { name: 'GoneSvc' })).status, 200);
    const g = await made('/api/v0/notification-groups', {
      name: 'names them',
      monitors: [
        { id: gone, skipDefault: true },
        { id: monitorId, skipDefault: false },
      ],
      services: [{ name: 'GoneSvc' }, { name: 'GroupSvc' }],
    });
    assert.equal((await call('DELETE', `/api/v0/monitors/${gone}`)).status, 200);
    assert.equal((await call('DELETE', '/api/v0/services/GoneSvc')).status, 200);
    const read = (await groups()).find((x) => x.id === g);
    assert.deepEqual(read?.monitors, [{ id: monitorId, skipDefault: false }]);
    assert.deepEqual(read?.services, [{ name: 'GroupSvc' }]);
    // A client that reads a group and writes it back (as Terraform does) is not refused.
    const { id: _id, ...body } = read as Json;
    const put = await call('PUT', `/api/v0/notification-groups/${g}`, body);
    assert.equal(put.status, 200, put.text);
  });

  test('a cycle through children is allowed (routing visits each group once)', async () => {
    const x = await made('/api/v0/notification-groups', { name: 'x', notificationLevel: 'all' });
    const y = await made('/api/v0/notification-groups', { name: 'y', childNotificationGroupIds: [x] });
    const put = await call('PUT', `/api/v0/notification-groups/${x}`, { name: 'x', childNotificationGroupIds: [y] });
    assert.equal(put.status, 200, put.text);
  });
});

describe('what a group may name (400s)', () => {
  const cases: ReadonlyArray<readonly [string, () => Json, RegExp]> = [
    ['no name', () => ({ notificationLevel: 'all' }), /"name" is required/],
    ['an unknown level', () => ({ name: 'g', notificationLevel: 'warning' }), /"notificationLevel"/],
    ['an unknown channel', () => ({ name: 'g', childChannelIds: ['NoSuchChannel'] }), /no channel "NoSuchChannel"/],
    ["another organization's channel", () => ({ name: 'g', childChannelIds: [foreignChannel] }), /no channel/],
    ['an unknown group', () => ({ name: 'g', childNotificationGroupIds: ['NoSuchGroup'] }), /no notification group/],
    [
      'an unknown monitor',
      () => ({ name: 'g', monitors: [{ id: 'NoSuchMonitor', skipDefault: false }] }),
      /no monitor/,
    ],
    ['an unknown service', () => ({ name: 'g', services: [{ name: 'NoSuchSvc' }] }), /no service "NoSuchSvc"/],
    ['a channel twice', () => ({ name: 'g', childChannelIds: [chA, chA] }), /lists ".*" twice/],
    ['childChannelIds a string', () => ({ name: 'g', childChannelIds: chA }), /"childChannelIds" must be an array/],
    ['a monitor as a string', () => ({ name: 'g', monitors: [monitorId] }), /"monitors"\[0\] must be an object/],
    ['skipDefault a string', () => ({ name: 'g', monitors: [{ id: monitorId, skipDefault: 'yes' }] }), /skipDefault/],
  ];
  for (const [what, body, pattern] of cases) {
    test(`POST with ${what}`, async () => {
      const before = (await groups()).length;
      assertError(await call('POST', '/api/v0/notification-groups', body()), 400, pattern);
      assert.equal((await groups()).length, before);
    });
  }

  test('PUT naming the group itself as a child', async () => {
    const id = await made('/api/v0/notification-groups', { name: 'self' });
    assertError(
      await call('PUT', `/api/v0/notification-groups/${id}`, { name: 'self', childNotificationGroupIds: [id] }),
      400,
      /lists the group itself/,
    );
  });
});

describe('organizations and keys', () => {
  test('another organization neither sees nor changes a group', async () => {
    const id = await made('/api/v0/notification-groups', { name: 'private' });
    assert.ok(!(await groups(otherKey)).some((g) => g.id === id));
    assertError(await call('PUT', `/api/v0/notification-groups/${id}`, { name: 'taken' }, otherKey), 404);
    assertError(await call('DELETE', `/api/v0/notification-groups/${id}`, undefined, otherKey), 404);
    assert.equal((await groups()).find((g) => g.id === id)?.name, 'private');
  });

  test('a read-only key lists groups but gets 403 on every write, which changes nothing', async () => {
    const id = await made('/api/v0/notification-groups', { name: 'ro' });
    const before = await groups();
    assert.deepEqual(await groups(readKey), before);
    assertError(await call('POST', '/api/v0/notification-groups', { name: 'ro2' }, readKey), 403);
    assertError(await call('PUT', `/api/v0/notification-groups/${id}`, { name: 'ro3' }, readKey), 403);
    assertError(await call('DELETE', `/api/v0/notification-groups/${id}`, undefined, readKey), 403);
    assert.deepEqual(await groups(), before);
  });
});

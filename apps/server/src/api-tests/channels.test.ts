// Notification channels (spec mackerel-api.md §11.1, features §4.3): every type's round trip with
// the bodies mackerel-client-go sends, the 400s, email's userIds (users of the organization only),
// the default group a new channel joins, what a delete cleans up, Saba's resume of a suspended
// channel, and organization isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OrgId, unixSec } from '@saba/model';
import { assertError, assertSuccess, type Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let key: string;
let readKey: string;
let org: OrgId;
/** A second organization, for isolation. */
let otherKey: string;

before(async () => {
  h = await startHarness({}, { monitorTimers: false });
  const made = await h.newOrg('channels');
  key = made.key;
  readKey = made.readKey;
  org = (await h.server.catalog.orgs.getByName('channels'))?.id as OrgId;
  otherKey = (await h.newOrg('channels-other')).key;
});
after(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, k = key) {
  return h.call(method, path, { key: k, ...(body !== undefined ? { body } : {}) });
}

async function channels(k = key): Promise<Json[]> {
  const a = await call('GET', '/api/v0/channels', undefined, k);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['channels']);
  return a.json.channels as Json[];
}

async function groups(k = key): Promise<Json[]> {
  const a = await call('GET', '/api/v0/notification-groups', undefined, k);
  assert.equal(a.status, 200, a.text);
  return a.json.notificationGroups as Json[];
}

async function defaultGroup(k = key): Promise<Json> {
  const found = (await groups(k)).filter((g) => g.type === 'group-default');
  assert.equal(found.length, 1, 'exactly one default group');
  return found[0] as Json;
}

async function createChannel(body: Json, k = key): Promise<string> {
  const a = await call('POST', '/api/v0/channels', body, k);
  assert.equal(a.status, 200, a.text);
  return a.json.id as string;
}

const HOOK = 'https://hooks.example.com/saba';
const PD_KEY = 'R0123456789abcdef0123456789ABCDE';

/**
 * One row per type: the body as mackerel-client-go marshals it (its `Mentions` struct has no
 * omitempty effect, so every body carries `"mentions": {}`; unset pointers are left out), what
 * the API answers, and a PUT body.
 */
const ROUND_TRIPS: ReadonlyArray<readonly [string, Json, Json, Json]> = [
  [
    'email',
    { name: 'ops mail', type: 'email', emails: ['ops@example.com'], mentions: {}, events: ['alert', 'alertGroup'] },
    { type: 'email', name: 'ops mail', emails: ['ops@example.com'], userIds: [], events: ['alert', 'alertGroup'] },
    { name: 'ops mail 2', type: 'email', emails: ['a@example.com', 'b@example.com'], userIds: null, mentions: {} },
  ],
  [
    'slack',
    {
      name: 'ops room',
      type: 'slack',
      url: 'https://hooks.slack.com/services/TAAAA/BBBB/XXXXX',
      mentions: { ok: 'ok message', warning: 'warning message' },
      enabledGraphImage: true,
      events: ['alert'],
    },
    {
      type: 'slack',
      name: 'ops room',
      url: 'https://hooks.slack.com/services/TAAAA/BBBB/XXXXX',
      mentions: { ok: 'ok message', warning: 'warning message' },
      enabledGraphImage: true,
      events: ['alert'],
    },
    { name: 'ops room', type: 'slack', url: 'https://hooks.slack.com/services/T/B/Y', mentions: { critical: '@here' } },
  ],
  [
    'webhook',
    { name: 'hook', type: 'webhook', url: HOOK, mentions: {}, events: ['alertGroup', 'hostStatus'] },
    { type: 'webhook', name: 'hook', url: HOOK, enabledGraphImage: false, events: ['alertGroup', 'hostStatus'] },
    { name: 'hook', type: 'webhook', url: `${HOOK}/2`, mentions: {}, enabledGraphImage: true, events: null },
  ],
  [
    'microsoft-teams',
    { name: 'team', type: 'microsoft-teams', url: HOOK, mentions: {} },
    { type: 'microsoft-teams', name: 'team', url: HOOK, events: ['alert'] },
    { name: 'team 2', type: 'microsoft-teams', url: HOOK, events: [] },
  ],
  [
    'pagerduty',
    { name: 'pager', type: 'pagerduty', integrationKey: PD_KEY, level: 'critical', mentions: {} },
    { type: 'pagerduty', name: 'pager', integrationKey: PD_KEY, level: 'critical', closeIncidentOnAlertClose: true },
    { name: 'pager', type: 'pagerduty', integrationKey: PD_KEY, closeIncidentOnAlertClose: false, endpoint: HOOK },
  ],
  [
    'oncall-webhook',
    { name: 'on call', type: 'oncall-webhook', url: HOOK, mentions: {} },
    { type: 'oncall-webhook', name: 'on call', url: HOOK, level: 'all' },
    { name: 'on call', type: 'oncall-webhook', url: HOOK, level: 'critical' },
  ],
];

describe('channels CRUD (spec §11.1)', () => {
  for (const [type, input, answer, replacement] of ROUND_TRIPS) {
    test(`${type}: POST answers it bare with id and suspendedAt; PUT replaces; DELETE answers it`, async () => {
      const a = await call('POST', '/api/v0/channels', input);
      assert.equal(a.status, 200, a.text);
      const id = a.json.id as string;
      assert.equal(typeof id, 'string');
      assert.deepEqual(a.json, { id, ...answer, suspendedAt: null });
      assert.deepEqual(
        (await channels()).find((c) => c.id === id),
        a.json,
      );

      const put = await call('PUT', `/api/v0/channels/${id}`, replacement);
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.id, id);
      assert.equal(put.json.type, type);
      assert.equal(put.json.name, replacement.name);
      assert.equal(put.json.suspendedAt, null);
      assert.deepEqual(
        (await channels()).find((c) => c.id === id),
        put.json,
      );

      const del = await call('DELETE', `/api/v0/channels/${id}`);
      assert.equal(del.status, 200, del.text);
      assert.deepEqual(del.json, put.json);
      assert.ok(!(await channels()).some((c) => c.id === id));
      assertError(await call('DELETE', `/api/v0/channels/${id}`), 404);
      assertError(await call('PUT', `/api/v0/channels/${id}`, replacement), 404);
    });
  }

  test('what a PUT leaves out takes its default: the body replaces the settings', async () => {
    const id = await createChannel({ name: 'full', type: 'webhook', url: HOOK, enabledGraphImage: true, events: [] });
    const put = await call('PUT', `/api/v0/channels/${id}`, { name: 'bare', type: 'webhook', url: HOOK });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.enabledGraphImage, false);
    assert.deepEqual(put.json.events, ['alert']);
  });

  test("the Go client's null arrays and null mentions are empty, not errors", async () => {
    const a = await call('POST', '/api/v0/channels', {
      name: 'nulls',
      type: 'slack',
      url: HOOK,
      mentions: null,
      enabledGraphImage: null,
      events: null,
    });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.mentions, {});
    assert.deepEqual(a.json.events, ['alert']);
    const mail = await call('POST', '/api/v0/channels', {
      name: 'mail',
      type: 'email',
      emails: ['x@example.com'],
      userIds: null,
      events: null,
    });
    assert.equal(mail.status, 200, mail.text);
    assert.deepEqual(mail.json.userIds, []);
  });

  test('the type cannot change on PUT (400), and the channel stays as it was', async () => {
    const id = await createChannel({ name: 'fixed', type: 'webhook', url: HOOK });
    const before = (await channels()).find((c) => c.id === id);
    assertError(
      await call('PUT', `/api/v0/channels/${id}`, { name: 'fixed', type: 'slack', url: HOOK }),
      400,
      /"type" cannot be changed/,
    );
    assert.deepEqual(
      (await channels()).find((c) => c.id === id),
      before,
    );
  });
});

describe('400s per channel type (spec §11.1: invalid email, url or event)', () => {
  const slack = { name: 's', type: 'slack', url: HOOK };
  const webhook = { name: 'w', type: 'webhook', url: HOOK };
  const email = { name: 'e', type: 'email', emails: ['ops@example.com'] };
  const teams = { name: 't', type: 'microsoft-teams', url: HOOK };
  const pagerduty = { name: 'p', type: 'pagerduty', integrationKey: PD_KEY };
  const oncall = { name: 'o', type: 'oncall-webhook', url: HOOK };
  const cases: ReadonlyArray<readonly [string, Json, RegExp]> = [
    ['no type', { name: 'x', url: HOOK }, /"type" is required/],
    ['an unknown type (Mackerel-only, e.g. line)', { name: 'x', type: 'line' }, /"type" must be one of/],
    ['no name', { type: 'webhook', url: HOOK }, /"name" is required/],
    [
      'addToDefaultNotificationGroup not a boolean',
      { ...webhook, addToDefaultNotificationGroup: 'yes' },
      /addToDefault/,
    ],
    ['slack: mentions a string', { ...slack, mentions: '@here' }, /"mentions" must be an object/],
    ['slack: mentions an array', { ...slack, mentions: ['@here'] }, /"mentions" must be an object/],
    ['slack: a mention not a string', { ...slack, mentions: { critical: 1 } }, /"mentions"\."critical"/],
    ['slack: no url', { name: 's', type: 'slack', mentions: {} }, /"url" is required/],
    ['slack: events a string', { ...slack, events: 'alert' }, /"events" must be an array/],
    ['slack: an unknown event', { ...slack, events: ['alert', 'hostDown'] }, /"events"\[1\] must be one of/],
    ['slack: enabledGraphImage a string', { ...slack, enabledGraphImage: 'true' }, /"enabledGraphImage"/],
    ['webhook: an ftp url', { ...webhook, url: 'ftp://example.com/x' }, /"url" must be an http or https URL/],
    ['webhook: not a url', { ...webhook, url: 'not a url' }, /"url" is not a valid URL/],
    ['webhook: an event not a string', { ...webhook, events: [1] }, /"events"\[0\]/],
    ['email: emails null', { ...email, emails: null }, /"emails" must list at least one address/],
    ['email: a bad address', { ...email, emails: ['not-an-address'] }, /"emails"\[0\] is not a valid email/],
    ['email: emails a string', { ...email, emails: 'ops@example.com' }, /"emails" must be an array/],
    ['email: no emails and no users', { ...email, emails: [], userIds: [] }, /or "userIds" one user/],
    ['email: an unknown user id', { ...email, userIds: ['u1'] }, /"userIds"\[0\] is not a user of this organization/],
    ['email: a user id not a string', { ...email, userIds: [7] }, /"userIds"\[0\] must be a string/],
    ['email: an unknown event', { ...email, events: ['alerts'] }, /"events"\[0\]/],
    ['microsoft-teams: no url', { name: 't', type: 'microsoft-teams' }, /"url" is required/],
    ['microsoft-teams: events an object', { ...teams, events: { alert: true } }, /"events" must be an array/],
    ['pagerduty: a short key', { ...pagerduty, integrationKey: 'abc' }, /"integrationKey" must be 32/],
    ['pagerduty: an unknown level', { ...pagerduty, level: 'warning' }, /"level" must be "all" or "critical"/],
    ['pagerduty: an endpoint not http', { ...pagerduty, endpoint: 'mailto:x@example.com' }, /"endpoint"/],
    ['oncall-webhook: no url', { name: 'o', type: 'oncall-webhook' }, /"url" is required/],
    ['oncall-webhook: an unknown level', { ...oncall, level: 'high' }, /"level"/],
  ];
  for (const [what, body, pattern] of cases) {
    test(`POST with ${what}: 400 naming the field, nothing created`, async () => {
      const before = (await channels()).length;
      assertError(await call('POST', '/api/v0/channels', body), 400, pattern);
      assert.equal((await channels()).length, before);
    });
  }

  test('a body that is not an object is 400', async () => {
    assertError(await call('POST', '/api/v0/channels', ['webhook']), 400, /must be a JSON object/);
  });
});

describe("email userIds: the organization's users (spec §11.1, features §4.3)", () => {
  test('users of the organization are accepted without emails, kept exactly as given, and replaced by PUT', async () => {
    const ada = await h.addUser('manager', 'channels');
    const bob = await h.addUser('viewer', 'channels');
    const a = await call('POST', '/api/v0/channels', { name: 'team', type: 'email', userIds: [ada.id] });
    assert.equal(a.status, 200, a.text);
    const id = a.json.id as string;
    assert.deepEqual(a.json, {
      id,
      type: 'email',
      name: 'team',
      emails: [],
      userIds: [ada.id],
      events: ['alert'],
      suspendedAt: null,
    });
    assert.deepEqual(
      (await channels()).find((c) => c.id === id),
      a.json,
    );

    // Terraform's user_ids and a channel copied from Mackerel come back in the order sent.
    const body = { name: 'team', type: 'email', emails: ['ops@example.com'], userIds: [bob.id, ada.id] };
    const put = await call('PUT', `/api/v0/channels/${id}`, body);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.userIds, [bob.id, ada.id]);
    assert.deepEqual(put.json.emails, ['ops@example.com']);
    assert.deepEqual(
      (await channels()).find((c) => c.id === id),
      put.json,
    );
  });

  test("another organization's user or an unknown id is 400 on POST and PUT, and nothing changes", async () => {
    const mine = await h.addUser('collaborator', 'channels');
    const theirs = await h.addUser('owner', 'channels-other');
    const before = (await channels()).length;
    for (const userIds of [[theirs.id], [mine.id, 'NoSuchUser']]) {
      const body = { name: 'team', type: 'email', emails: ['ops@example.com'], userIds };
      assertError(
        await call('POST', '/api/v0/channels', body),
        400,
        new RegExp(`"userIds"\\[${userIds.length - 1}\\] is not a user of this organization`),
      );
    }
    assert.equal((await channels()).length, before);

    const id = await createChannel({ name: 'team', type: 'email', userIds: [mine.id] });
    const stored = (await channels()).find((c) => c.id === id);
    assertError(
      await call('PUT', `/api/v0/channels/${id}`, { name: 'team', type: 'email', userIds: [mine.id, theirs.id] }),
      400,
      /"userIds"\[1\] is not a user of this organization/,
    );
    assert.deepEqual(
      (await channels()).find((c) => c.id === id),
      stored,
    );
    // The other organization cannot name this organization's user either.
    assertError(
      await call('POST', '/api/v0/channels', { name: 'x', type: 'email', userIds: [mine.id] }, otherKey),
      400,
      /"userIds"\[0\]/,
    );
  });

  test('a removed user the channel already names may be written back; a new channel may not name them', async () => {
    const leaving = await h.addUser('viewer', 'channels');
    const staying = await h.addUser('viewer', 'channels');
    const id = await createChannel({ name: 'team', type: 'email', userIds: [leaving.id, staying.id] });
    assert.equal((await call('DELETE', `/api/v0/users/${leaving.id}`)).status, 200);
    const stored = (await channels()).find((c) => c.id === id) as Json;
    const { id: _id, suspendedAt: _s, ...asRead } = stored;
    const put = await call('PUT', `/api/v0/channels/${id}`, asRead);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.userIds, [leaving.id, staying.id]);
    assertError(
      await call('POST', '/api/v0/channels', { name: 'x', type: 'email', userIds: [leaving.id] }),
      400,
      /"userIds"\[0\] is not a user of this organization/,
    );
  });
});

describe('the default notification group and addToDefaultNotificationGroup (features §4.4)', () => {
  test('a new channel joins the default group unless told otherwise', async () => {
    const implicit = await createChannel({ name: 'implicit', type: 'webhook', url: HOOK });
    const yes = await createChannel({ name: 'yes', type: 'webhook', url: HOOK, addToDefaultNotificationGroup: true });
    const no = await createChannel({ name: 'no', type: 'webhook', url: HOOK, addToDefaultNotificationGroup: false });
    const nil = await createChannel({ name: 'nil', type: 'webhook', url: HOOK, addToDefaultNotificationGroup: null });
    const members = (await defaultGroup()).childChannelIds as string[];
    assert.ok(members.includes(implicit) && members.includes(yes) && members.includes(nil));
    assert.ok(!members.includes(no));
  });

  test('the answer does not echo addToDefaultNotificationGroup; a PUT ignores it', async () => {
    const a = await call('POST', '/api/v0/channels', {
      name: 'echo',
      type: 'webhook',
      url: HOOK,
      addToDefaultNotificationGroup: false,
    });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.addToDefaultNotificationGroup, undefined);
    const id = a.json.id as string;
    const put = await call('PUT', `/api/v0/channels/${id}`, {
      name: 'echo',
      type: 'webhook',
      url: HOOK,
      addToDefaultNotificationGroup: true,
    });
    assert.equal(put.status, 200, put.text);
    assert.ok(!((await defaultGroup()).childChannelIds as string[]).includes(id));
  });

  test('ten channels created at once all join the default group (no lost update)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('POST', '/api/v0/channels', { name: `p${i}`, type: 'webhook', url: HOOK }),
      ),
    );
    const ids = answers.map((a) => {
      assert.equal(a.status, 200, a.text);
      return a.json.id as string;
    });
    const members = (await defaultGroup()).childChannelIds as string[];
    assert.deepEqual(
      ids.filter((id) => !members.includes(id)),
      [],
    );
  });

  test('DELETE removes the channel from every group that names it', async () => {
    const id = await createChannel({ name: 'doomed', type: 'webhook', url: HOOK });
    const kept = await createChannel({ name: 'kept', type: 'webhook', url: HOOK });
    const g = await call('POST', '/api/v0/notification-groups', { name: 'team', childChannelIds: [id, kept] });
    assert.equal(g.status, 200, g.text);
    assert.ok(((await defaultGroup()).childChannelIds as string[]).includes(id));

    assert.equal((await call('DELETE', `/api/v0/channels/${id}`)).status, 200);
    for (const group of await groups()) {
      assert.ok(!(group.childChannelIds as string[]).includes(id), `group ${group.name} still names ${id}`);
    }
    const team = (await groups()).find((x) => x.id === g.json.id);
    assert.deepEqual(team?.childChannelIds, [kept]);
  });
});

describe("suspension (features §4.3) and Saba's POST /api/v0/channels/<id>/resume", () => {
  test('a suspended channel shows suspendedAt; resume clears it', async () => {
    const id = await createChannel({ name: 'flaky', type: 'webhook', url: HOOK });
    // Delivery suspends a failing channel; here the catalog is told directly, as the worker does.
    await h.server.catalog.channels.setSuspended(org, id, unixSec(1_700_000_000));
    assert.equal((await channels()).find((c) => c.id === id)?.suspendedAt, 1_700_000_000);
    const put = await call('PUT', `/api/v0/channels/${id}`, { name: 'flaky', type: 'webhook', url: HOOK });
    assert.equal(put.json.suspendedAt, 1_700_000_000, 'a PUT does not resume');

    assertError(await call('POST', `/api/v0/channels/${id}/resume`, undefined, readKey), 403);
    assertSuccess(await call('POST', `/api/v0/channels/${id}/resume`));
    assert.equal((await channels()).find((c) => c.id === id)?.suspendedAt, null);
    // Resuming a channel that is not suspended is fine.
    assertSuccess(await call('POST', `/api/v0/channels/${id}/resume`));
  });

  test('404 for an unknown channel', async () => {
    assertError(await call('POST', '/api/v0/channels/NoSuchChannel/resume'), 404);
  });
});

describe('organizations and keys', () => {
  test('another organization neither sees nor changes a channel; its default group does not get it', async () => {
    const id = await createChannel({ name: 'mine', type: 'webhook', url: HOOK });
    assert.ok(!(await channels(otherKey)).some((c) => c.id === id));
    const body = { name: 'theirs', type: 'webhook', url: HOOK };
    assertError(await call('PUT', `/api/v0/channels/${id}`, body, otherKey), 404);
    assertError(await call('DELETE', `/api/v0/channels/${id}`, undefined, otherKey), 404);
    assertError(await call('POST', `/api/v0/channels/${id}/resume`, undefined, otherKey), 404);
    assert.ok(!((await defaultGroup(otherKey)).childChannelIds as string[]).includes(id));
    assert.ok((await channels()).some((c) => c.id === id && c.name === 'mine'));
  });

  test('a read-only key lists channels but gets 403 on every write, which changes nothing', async () => {
    const id = await createChannel({ name: 'ro', type: 'webhook', url: HOOK });
    const before = await channels();
    assert.deepEqual(await channels(readKey), before);
    const body = { name: 'ro2', type: 'webhook', url: HOOK };
    assertError(await call('POST', '/api/v0/channels', body, readKey), 403);
    assertError(await call('PUT', `/api/v0/channels/${id}`, body, readKey), 403);
    assertError(await call('DELETE', `/api/v0/channels/${id}`, undefined, readKey), 403);
    assert.deepEqual(await channels(), before);
  });
});

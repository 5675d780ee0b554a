// API-key management for signed-in owners and managers (Saba's own; spec features §6.1, §6.2),
// and the organization's users (spec mackerel-api.md §14).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, type Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { type Browser, signIn } from '../testing/sign-in.ts';

let h: Harness;
let owner: Browser;
before(async () => {
  h = await startHarness(
    { SABA_ADMIN_EMAIL: 'keys-owner@example.com', SABA_ADMIN_PASSWORD: 'keys-password' },
    { monitorTimers: false },
  );
  owner = await signIn(h, 'keys-owner@example.com', 'keys-password');
});
after(async () => {
  await h.close();
});

async function listKeys(b: Browser): Promise<Json[]> {
  const a = await b.call('GET', '/api/v0/api-keys');
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(Object.keys(a.json), ['apiKeys']);
  return a.json.apiKeys as Json[];
}

describe('API keys', () => {
  test('listed without secrets; created read or read-write, shown once; revoked keys are refused at once', async () => {
    const listed = await listKeys(owner);
    // The harness's SABA_API_KEY, imported at the first start.
    assert.deepEqual(
      listed.map((k) => [k.name, k.permission]),
      [['SABA_API_KEY', 'write']],
    );
    for (const k of listed) assert.deepEqual(Object.keys(k).sort(), ['createdAt', 'id', 'name', 'permission']);

    const made = await owner.call('POST', '/api/v0/api-keys', { body: { name: 'ci reader', permission: 'read' } });
    assert.equal(made.status, 200, made.text);
    assert.deepEqual(Object.keys(made.json).sort(), ['createdAt', 'id', 'key', 'name', 'permission']);
    assert.equal(made.json.name, 'ci reader');
    assert.equal(made.json.permission, 'read');
    assert.equal(made.headers.get('cache-control'), 'no-store');
    const key = made.json.key as string;
    assert.match(key, /^[A-Za-z0-9_-]{44}$/);

    // It works as any key does, read-only.
    assert.equal((await h.call('GET', '/api/v0/org', { key })).status, 200);
    assertError(await h.call('POST', '/api/v0/services', { key, body: { name: 'ReadKeySvc' } }), 403, /read-only/);
    const { key: _secret, ...record } = made.json;
    const byId = (x: Json, y: Json) => (x.id < y.id ? -1 : 1);
    assert.deepEqual((await listKeys(owner)).sort(byId), [...listed, record].sort(byId));
    assert.ok(!JSON.stringify(await listKeys(owner)).includes(key), 'the list never shows a key');

    const writer = await owner.call('POST', '/api/v0/api-keys', { body: { name: 'agent', permission: 'write' } });
    assert.equal(writer.status, 200, writer.text);
    assert.equal(
      (await h.call('POST', '/api/v0/services', { key: writer.json.key, body: { name: 'WriteKeySvc' } })).status,
      200,
    );

    const gone = await owner.call('DELETE', `/api/v0/api-keys/${record.id}`);
    assert.equal(gone.status, 200, gone.text);
    assert.deepEqual(gone.json, record);
    // At once: the key was in this process's cache a moment ago.
    assertError(await h.call('GET', '/api/v0/org', { key }), 403);
    assert.deepEqual((await listKeys(owner)).map((k) => k.name).sort(), ['SABA_API_KEY', 'agent']);
    assertError(await owner.call('DELETE', `/api/v0/api-keys/${record.id}`), 404);
  });

  test('a manager manages keys too', async () => {
    const u = await h.addUser('manager');
    const manager = await signIn(h, u.email, u.password);
    const made = await manager.call('POST', '/api/v0/api-keys', { body: { name: 'by manager', permission: 'write' } });
    assert.equal(made.status, 200, made.text);
    assert.ok((await listKeys(manager)).some((k) => k.id === made.json.id));
    assert.equal((await manager.call('DELETE', `/api/v0/api-keys/${made.json.id}`)).status, 200);
  });

  test('bad names and permissions are 400; nothing is created', async () => {
    const before = await listKeys(owner);
    const cases: unknown[] = [
      {},
      { name: '', permission: 'read' },
      { name: 'x'.repeat(65), permission: 'read' },
      { name: 7, permission: 'read' },
      { name: 'k' },
      { name: 'k', permission: 'admin' },
      { name: 'k', permission: 'READ' },
      [],
    ];
    for (const body of cases) assertError(await owner.call('POST', '/api/v0/api-keys', { body }), 400);
    assert.deepEqual(await listKeys(owner), before);
    const longest = await owner.call('POST', '/api/v0/api-keys', {
      body: { name: 'é'.repeat(64), permission: 'read' },
    });
    assert.equal(longest.status, 200, '64 characters is fine');
  });

  test('creating a key needs the CSRF token like any write', async () => {
    const before = await listKeys(owner);
    const body = { name: 'no csrf', permission: 'write' };
    assertError(await owner.call('POST', '/api/v0/api-keys', { body, csrf: null }), 403);
    assertError(await owner.call('POST', '/api/v0/api-keys', { body, csrf: 'wrong' }), 403);
    assert.deepEqual(await listKeys(owner), before);
  });

  test('an API key cannot manage keys, even a read-write one', async () => {
    const before = await listKeys(owner);
    const id = before[0]?.id as string;
    assertError(await h.call('GET', '/api/v0/api-keys'), 403, /signed-in/);
    assertError(await h.call('POST', '/api/v0/api-keys', { body: { name: 'k', permission: 'write' } }), 403);
    assertError(await h.call('DELETE', `/api/v0/api-keys/${id}`), 403);
    assert.deepEqual(await listKeys(owner), before);
  });

  test('a collaborator and a viewer cannot see or manage keys', async () => {
    const before = await listKeys(owner);
    const id = before[0]?.id as string;
    for (const authority of ['collaborator', 'viewer'] as const) {
      const b = await signIn(h, ...creds(await h.addUser(authority)));
      assertError(await b.call('GET', '/api/v0/api-keys'), 403, /owner or a manager/);
      assertError(await b.call('POST', '/api/v0/api-keys', { body: { name: 'k', permission: 'read' } }), 403);
      assertError(await b.call('DELETE', `/api/v0/api-keys/${id}`), 403);
    }
    assert.deepEqual(await listKeys(owner), before);
  });

  test("an organization's keys are its own", async () => {
    const other = await h.newOrg('keys-other');
    const u = await h.addUser('owner', other.name);
    const b = await signIn(h, u.email, u.password);
    const mine = (await listKeys(b)).map((k) => k.name).sort();
    assert.deepEqual(mine, ['read', 'write'], "the harness's two keys of that organization");
    const foreign = (await listKeys(owner))[0]?.id as string;
    assertError(await b.call('DELETE', `/api/v0/api-keys/${foreign}`), 404);
    assert.ok((await listKeys(owner)).some((k) => k.id === foreign));
  });
});

/** A user's email and password, as signIn takes them. */
function creds(u: { email: string; password: string }): [string, string] {
  return [u.email, u.password];
}

describe('GET /api/v0/users', () => {
  test("the organization's users in Mackerel's shape, to a key or a session", async () => {
    const viewer = await h.addUser('viewer');
    const a = await h.call('GET', '/api/v0/users');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(Object.keys(a.json), ['users']);
    const users = a.json.users as Json[];
    const first = users[0] as Json;
    assert.deepEqual(first, {
      id: first.id,
      screenName: 'admin',
      email: 'keys-owner@example.com',
      authority: 'owner',
      isInRegistrationProcess: false,
      isMFAEnabled: false,
      authenticationMethods: ['password'],
      joinedAt: first.joinedAt,
    });
    assert.equal(typeof first.joinedAt, 'number');
    assert.ok(users.some((u) => u.id === viewer.id && u.email === viewer.email && u.authority === 'viewer'));
    for (const u of users) assert.ok(!('passwordHash' in u) && !JSON.stringify(u).includes('scrypt'));

    const asViewer = await signIn(h, viewer.email, viewer.password);
    assert.deepEqual((await asViewer.call('GET', '/api/v0/users')).json, a.json);

    const other = await h.newOrg('users-other');
    const b = await h.call('GET', '/api/v0/users', { key: other.readKey });
    assert.equal(b.status, 200, b.text);
    assert.ok(
      !(b.json.users as Json[]).some((u) => users.some((v) => v.id === u.id)),
      'none of the first organization',
    );
  });
});

describe('DELETE /api/v0/users/<id>', () => {
  test('a read-write key or an owner removes a member, who is signed out; never the creator', async () => {
    const users = async () => ((await h.call('GET', '/api/v0/users')).json.users as Json[]).map((u) => u.id);
    const creator = (await users())[0] as string;
    const leaving = await h.addUser('collaborator');
    const session = await signIn(h, leaving.email, leaving.password);
    const removed = await h.call('DELETE', `/api/v0/users/${leaving.id}`);
    assert.equal(removed.status, 200, removed.text);
    assert.equal(removed.json.id, leaving.id);
    assert.equal(removed.json.email, leaving.email);
    assert.ok(!(await users()).includes(leaving.id));
    assert.equal((await session.call('GET', '/api/v0/org')).status, 403, 'the session ended with the user');

    const next = await h.addUser('viewer');
    assert.equal((await owner.call('DELETE', `/api/v0/users/${next.id}`)).status, 200);

    assertError(await h.call('DELETE', `/api/v0/users/${creator}`), 403, /creator cannot be deleted/);
    assertError(await h.call('DELETE', '/api/v0/users/nosuchuser'), 404);
    const other = await h.newOrg('users-delete-other');
    assertError(await h.call('DELETE', `/api/v0/users/${creator}`, { key: other.key }), 404);
    assertError(await h.call('DELETE', `/api/v0/users/${creator}`, { key: other.readKey }), 403, /read-only/);
    const collaborator = await h.addUser('collaborator');
    const victim = await h.addUser('viewer');
    const asCollaborator = await signIn(h, collaborator.email, collaborator.password);
    assertError(await asCollaborator.call('DELETE', `/api/v0/users/${victim.id}`), 403, /owner or a manager/);
    assert.ok((await users()).includes(victim.id), 'nothing was removed');
  });
});

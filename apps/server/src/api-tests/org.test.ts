// The caller's organization (spec mackerel-api.md §14): `GET /api/v0/org`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { msToSec, nowMs } from '@saba/model';
import { assertError } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

test("GET /api/v0/org answers a bare {name, displayName} for the key's organization", async () => {
  const a = await h.call('GET', '/api/v0/org');
  assert.equal(a.status, 200, a.text);
  // Not wrapped in {"org": ...}; displayName is a string or null.
  assert.deepEqual(a.json, { name: h.server.bootstrap.orgName, displayName: null });
});

test('each key sees its own organization, read-only keys included', async () => {
  const org = await h.newOrg('second-org');
  for (const key of [org.key, org.readKey]) {
    const a = await h.call('GET', '/api/v0/org', { key });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { name: 'second-org', displayName: null });
  }
});

test('the display name when the organization has one', async () => {
  // No API sets an organization's display name; the operator's catalog does.
  const now = msToSec(nowMs());
  const org = await h.server.catalog.orgs.create('shown-org', 'Shown Org', now);
  const { key } = await h.server.catalog.orgs.createKey(org.id, 'k', 'read', now);
  assert.deepEqual((await h.call('GET', '/api/v0/org', { key })).json, { name: 'shown-org', displayName: 'Shown Org' });
});

test('403 without a valid key', async () => {
  assertError(await h.call('GET', '/api/v0/org', { key: null }), 403);
  assertError(await h.call('GET', '/api/v0/org', { key: 'not-a-key' }), 403);
});

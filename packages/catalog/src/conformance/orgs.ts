import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, NotFoundError, orgId } from '@saba/model';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** Organizations and API keys. */
export function orgTests(open: OpenCatalog): void {
  describe('orgs', () => {
    test('create returns the org; get, getByName and list find it', () =>
      withCatalog(open, async (c) => {
        const b = await c.orgs.create('beta', null, at(1));
        const a = await c.orgs.create('alpha', 'Alpha Inc.', at(2));
        assert.match(a.id, ID_PATTERN);
        assert.deepEqual(a, {
          id: a.id,
          name: 'alpha',
          displayName: 'Alpha Inc.',
          defaultHostStatus: 'working',
          createdAt: at(2),
        });
        assert.deepEqual(await c.orgs.get(a.id), a);
        assert.deepEqual(await c.orgs.getByName('beta'), b);
        assert.deepEqual(await c.orgs.list(), [a, b], 'sorted by name');
        assert.equal(await c.orgs.get(orgId('nope')), undefined);
        assert.equal(await c.orgs.getByName('gamma'), undefined);
        assert.equal(await c.ping(), true);
      }));

    test('a taken name is a ConflictError and changes nothing', () =>
      withCatalog(open, async (c) => {
        await c.orgs.create('alpha', null, T0);
        await rejectsWith(c.orgs.create('alpha', 'again', T0), ConflictError, 'alpha');
        assert.equal((await c.orgs.list()).length, 1);
      }));

    test('createKey returns a 44-character key that authenticates; only its record is listed', () =>
      withCatalog(open, async (c) => {
        const [a] = await twoOrgs(c);
        const { key, record } = await c.orgs.createKey(a, 'agent', 'write', at(5));
        assert.match(key, /^[A-Za-z0-9_-]{44}$/);
        assert.match(record.id, ID_PATTERN);
        assert.deepEqual(record, { id: record.id, orgId: a, name: 'agent', permission: 'write', createdAt: at(5) });
        assert.deepEqual(await c.orgs.authenticate(key), { orgId: a, permission: 'write', keyId: record.id });
        assert.equal(await c.orgs.authenticate(`${key}x`), undefined);
        assert.equal(await c.orgs.authenticate(''), undefined);
        const other = await c.orgs.createKey(a, 'reader', 'read', at(6));
        assert.notEqual(other.key, key);
        // Strict deep equality: the records carry no hash or key text.
        assert.deepEqual(await c.orgs.listKeys(a), [record, other.record]);
      }));

    test('importKey stores a chosen key; the same key twice is a ConflictError, in any org', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const key = 'operator-chosen-key-0123456789';
        const rec = await c.orgs.importKey(a, 'bootstrap', 'read', key, T0);
        assert.deepEqual(await c.orgs.authenticate(key), { orgId: a, permission: 'read', keyId: rec.id });
        await rejectsWith(c.orgs.importKey(a, 'again', 'write', key, T0), ConflictError);
        await rejectsWith(c.orgs.importKey(b, 'stolen', 'write', key, T0), ConflictError);
        assert.deepEqual(await c.orgs.listKeys(b), []);
        assert.deepEqual(await c.orgs.authenticate(key), { orgId: a, permission: 'read', keyId: rec.id });
      }));

    test('keys of an unknown org are refused with NotFoundError', () =>
      withCatalog(open, async (c) => {
        await rejectsWith(c.orgs.createKey(orgId('nope'), 'k', 'read', T0), NotFoundError, 'nope');
        await rejectsWith(c.orgs.importKey(orgId('nope'), 'k', 'read', 'some-key', T0), NotFoundError, 'nope');
        assert.equal(await c.orgs.authenticate('some-key'), undefined);
      }));

    test('deleteKey revokes; another org can neither list nor delete the key', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const { key, record } = await c.orgs.createKey(a, 'agent', 'write', T0);
        assert.deepEqual(await c.orgs.listKeys(b), []);
        await rejectsWith(c.orgs.deleteKey(b, record.id), NotFoundError, record.id);
        assert.ok(await c.orgs.authenticate(key), 'still valid after the other org tried');
        await c.orgs.deleteKey(a, record.id);
        assert.equal(await c.orgs.authenticate(key), undefined);
        assert.deepEqual(await c.orgs.listKeys(a), []);
        await rejectsWith(c.orgs.deleteKey(a, record.id), NotFoundError, record.id);
      }));
  });
}

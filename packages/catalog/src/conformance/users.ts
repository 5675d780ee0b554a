import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, type OrgId, orgId } from '@saba/model';
import type { Catalog, Session, User, UserCreate } from '../catalog.ts';
import { at, ID_PATTERN, type OpenCatalog, rejectsWith, T0, twoOrgs, withCatalog } from './fixture.ts';

/** A user create body; the hash is any string to the catalog. */
function userInput(over: Partial<UserCreate> = {}): UserCreate {
  return { email: 'ada@example.com', screenName: 'ada', authority: 'owner', passwordHash: 'scrypt$test$1', ...over };
}

/** A session of `userId` made at T0 that expires at `at(expiresIn)`. */
function sessionOf(userId: string, tokenHash: string, expiresIn: number): Session {
  return { tokenHash, userId, csrfToken: `csrf-${tokenHash}`, createdAt: T0, expiresAt: at(expiresIn), lastSeenAt: T0 };
}

async function oneUser(c: Catalog): Promise<{ org: OrgId; user: User }> {
  const [org] = await twoOrgs(c);
  return { org, user: await c.users.create(org, userInput(), at(1)) };
}

/** Users (web sign-in) and their sessions. */
export function userTests(open: OpenCatalog): void {
  describe('users', () => {
    test('create returns the user without its hash; get and list find it within its organization only', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        const ada = await c.users.create(a, userInput(), at(2));
        const bob = await c.users.create(a, userInput({ email: 'bob@example.com', authority: 'viewer' }), at(1));
        assert.match(ada.id, ID_PATTERN);
        assert.deepEqual(ada, {
          id: ada.id,
          orgId: a,
          email: 'ada@example.com',
          screenName: 'ada',
          authority: 'owner',
          createdAt: at(2),
        });
        assert.deepEqual(await c.users.get(a, ada.id), ada);
        assert.deepEqual(await c.users.list(a), [bob, ada], 'oldest first');
        assert.equal(await c.users.get(b, ada.id), undefined);
        assert.deepEqual(await c.users.list(b), []);
      }));

    test('an email is taken on the whole server, in any ASCII case; the refused create stores nothing', () =>
      withCatalog(open, async (c) => {
        const [a, b] = await twoOrgs(c);
        await c.users.create(a, userInput({ email: 'Ada@Example.com' }), T0);
        await rejectsWith(c.users.create(a, userInput({ email: 'ada@example.COM' }), T0), ConflictError, 'exists');
        await rejectsWith(c.users.create(b, userInput({ email: 'ADA@EXAMPLE.COM' }), T0), ConflictError);
        assert.equal((await c.users.list(a)).length, 1);
        assert.deepEqual(await c.users.list(b), []);
        // Only ASCII folds, on both drivers alike: these are two addresses.
        await c.users.create(a, userInput({ email: 'élodie@example.com' }), T0);
        await c.users.create(a, userInput({ email: 'Élodie@example.com' }), T0);
        assert.equal((await c.users.list(a)).length, 3);
      }));

    test('a user of an unknown organization is refused with NotFoundError', () =>
      withCatalog(open, async (c) => {
        await rejectsWith(c.users.create(orgId('nope'), userInput(), T0), NotFoundError, 'nope');
        assert.equal(await c.users.findLogin('ada@example.com'), undefined);
      }));

    test('findLogin finds the user and its hash by email in any case', () =>
      withCatalog(open, async (c) => {
        const { user } = await oneUser(c);
        assert.deepEqual(await c.users.findLogin('ada@example.com'), { user, passwordHash: 'scrypt$test$1' });
        assert.deepEqual(await c.users.findLogin('ADA@example.Com'), { user, passwordHash: 'scrypt$test$1' });
        assert.equal(await c.users.findLogin('ada@example.org'), undefined);
        assert.equal(await c.users.findLogin(''), undefined);
      }));

    test("setPassword replaces the hash and ends the user's sessions, not others'", () =>
      withCatalog(open, async (c) => {
        const { org, user } = await oneUser(c);
        const other = await c.users.create(org, userInput({ email: 'bob@example.com' }), T0);
        await c.sessions.create(sessionOf(user.id, 'h1', 100), T0);
        await c.sessions.create(sessionOf(other.id, 'h2', 100), T0);
        await c.users.setPassword(user.id, 'scrypt$test$2');
        assert.equal((await c.users.findLogin('ada@example.com'))?.passwordHash, 'scrypt$test$2');
        assert.equal(await c.sessions.get('h1', at(1)), undefined);
        assert.equal((await c.sessions.get('h2', at(1)))?.user.id, other.id);
        await rejectsWith(c.users.setPassword('nosuchuser', 'x'), NotFoundError, 'nosuchuser');
      }));

    test("delete removes a member with its sessions; the creator and other organizations' users stay", () =>
      withCatalog(open, async (c) => {
        const [org, b] = await twoOrgs(c);
        const creator = await c.users.create(org, userInput(), at(1));
        const bob = await c.users.create(org, userInput({ email: 'bob@example.com', authority: 'manager' }), at(2));
        const eve = await c.users.create(b, userInput({ email: 'eve@example.com' }), at(2));
        await c.sessions.create(sessionOf(bob.id, 'hb', 100), T0);
        await rejectsWith(c.users.delete(org, creator.id), ForbiddenError, 'creator');
        await rejectsWith(c.users.delete(org, eve.id), NotFoundError, eve.id);
        await rejectsWith(c.users.delete(org, 'nosuchuser'), NotFoundError, 'nosuchuser');
        assert.deepEqual(await c.users.delete(org, bob.id), bob);
        assert.deepEqual(await c.users.list(org), [creator]);
        assert.deepEqual(await c.users.list(b), [eve]);
        assert.equal(await c.sessions.get('hb', at(1)), undefined, 'signed out');
        assert.equal(await c.users.findLogin('bob@example.com'), undefined);
        // The address is free again.
        await c.users.create(b, userInput({ email: 'bob@example.com' }), at(3));
      }));
  });

  describe('sessions', () => {
    test('get answers the unexpired session with its user; touch records use; delete signs out', () =>
      withCatalog(open, async (c) => {
        const { user } = await oneUser(c);
        const s = sessionOf(user.id, 'hash-a', 100);
        await c.sessions.create(s, T0);
        assert.deepEqual(await c.sessions.get('hash-a', at(99)), { session: s, user });
        assert.equal(await c.sessions.get('hash-b', at(1)), undefined);
        await c.sessions.touch('hash-a', at(50));
        assert.deepEqual((await c.sessions.get('hash-a', at(60)))?.session, { ...s, lastSeenAt: at(50) });
        assert.equal(await c.sessions.delete('hash-a'), true);
        assert.equal(await c.sessions.get('hash-a', at(60)), undefined);
        assert.equal(await c.sessions.delete('hash-a'), false);
      }));

    test('an expired session is refused and deleted', () =>
      withCatalog(open, async (c) => {
        const { user } = await oneUser(c);
        await c.sessions.create(sessionOf(user.id, 'hash-a', 100), T0);
        assert.equal(await c.sessions.get('hash-a', at(100)), undefined, 'expiresAt itself is expired');
        // Gone, not just hidden: asking as of an earlier time finds nothing either.
        assert.equal(await c.sessions.get('hash-a', at(1)), undefined);
      }));

    test('prune deletes the expired only, and so does every create', () =>
      withCatalog(open, async (c) => {
        const { user } = await oneUser(c);
        await c.sessions.create(sessionOf(user.id, 'old-1', 10), T0);
        await c.sessions.create(sessionOf(user.id, 'old-2', 20), T0);
        await c.sessions.create(sessionOf(user.id, 'live', 100), T0);
        assert.equal(await c.sessions.prune(at(10)), 1);
        assert.equal(await c.sessions.prune(at(10)), 0);
        await c.sessions.create(sessionOf(user.id, 'new', 200), at(50));
        assert.equal(await c.sessions.prune(at(50)), 0, 'the create took old-2 with it');
        assert.ok(await c.sessions.get('live', at(50)));
        assert.ok(await c.sessions.get('new', at(50)));
      }));

    test('a session of an unknown user is refused with NotFoundError', () =>
      withCatalog(open, async (c) => {
        await twoOrgs(c);
        await rejectsWith(c.sessions.create(sessionOf('nosuchuser', 'h', 100), T0), NotFoundError, 'nosuchuser');
        assert.equal(await c.sessions.get('h', T0), undefined);
      }));
  });
}

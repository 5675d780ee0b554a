// Web sign-in (docs/decisions/0010-web-sign-in.md, spec features §6.1–6.3): the session cookie
// and its CSRF token on every route, authorities, sign-out, expiry, the same answer for a wrong
// password and an unknown email, the 429 after repeated failures, the cookie's attributes, and
// the first start's owner (SABA_ADMIN_PASSWORD, or a generated password in the banner).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashSessionToken } from '@saba/api';
import { unixSec } from '@saba/model';
import { assertError, assertSuccess, type Json, nowSec } from '../testing/api-fixtures.ts';
import { spawnServer } from '../testing/child-process.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { postSession, signIn } from '../testing/sign-in.ts';

const OWNER = { email: 'owner@example.com', password: 'owner-password-1' };
/** 14 days. */
const MAX_AGE = 1_209_600;

let h: Harness;
before(async () => {
  h = await startHarness(
    { SABA_ADMIN_EMAIL: OWNER.email, SABA_ADMIN_PASSWORD: OWNER.password },
    { monitorTimers: false },
  );
});
after(async () => {
  await h.close();
});

async function serviceNames(): Promise<string[]> {
  return ((await h.call('GET', '/api/v0/services')).json.services as Json[]).map((s) => s.name as string);
}

describe('sign-in', () => {
  test("SABA_ADMIN_PASSWORD is the first owner's: the answer is the user and a CSRF token, with the cookie", async () => {
    assert.equal(h.server.bootstrap.ownerEmail, OWNER.email);
    assert.equal(h.server.bootstrap.generatedPassword, undefined);
    const b = await signIn(h, OWNER.email, OWNER.password);
    const { user, csrfToken } = b.signedIn.json;
    assert.deepEqual(Object.keys(b.signedIn.json).sort(), ['csrfToken', 'user']);
    assert.match(csrfToken, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(user, {
      id: user.id,
      screenName: 'admin',
      email: OWNER.email,
      authority: 'owner',
      isInRegistrationProcess: false,
      isMFAEnabled: false,
      authenticationMethods: ['password'],
      joinedAt: user.joinedAt,
    });
    assert.ok(Math.abs(user.joinedAt - nowSec()) < 600);
    assert.equal(b.signedIn.headers.get('cache-control'), 'no-store');
    assert.equal(
      b.signedIn.headers.get('set-cookie'),
      `${b.cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${MAX_AGE}`,
      'no Secure over plain http without an https public URL',
    );
    // The email is matched in any case.
    await signIn(h, OWNER.email.toUpperCase(), OWNER.password);
  });

  test("GET /api/v0/session answers the cookie's user and CSRF token; none without a live session", async () => {
    const b = await signIn(h, OWNER.email, OWNER.password);
    const a = await b.call('GET', '/api/v0/session');
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, b.signedIn.json);
    assertError(await h.call('GET', '/api/v0/session', { key: null }), 403);
    assertError(
      await h.call('GET', '/api/v0/session', { key: null, headers: { cookie: 'saba_session=nonsense' } }),
      403,
    );
    assertError(await h.call('GET', '/api/v0/session', { key: null, headers: { cookie: 'theme=dark' } }), 403);
  });

  test('a wrong password and an unknown email get the very same answer', async () => {
    const wrong = await postSession(h, OWNER.email, 'not-the-password');
    const unknown = await postSession(h, 'nobody@example.com', 'not-the-password');
    assertError(wrong, 403, /wrong email or password/);
    assert.equal(unknown.status, wrong.status);
    assert.equal(unknown.text, wrong.text);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assertError(await postSession(h, OWNER.email, ''), 403);
  });

  test('a malformed sign-in body is 400', async () => {
    const cases: unknown[] = [[], { email: OWNER.email }, { password: OWNER.password }, { email: 1, password: 'x' }];
    for (const body of cases) assertError(await h.call('POST', '/api/v0/session', { key: null, body }), 400);
    assertError(await h.call('POST', '/api/v0/session', { key: null, raw: '{"email":' }), 400);
  });

  test('10 failures within 15 minutes close an email with 429, even to the right password; others are open', async () => {
    const u = await h.addUser('viewer');
    for (let i = 0; i < 10; i++) assertError(await postSession(h, u.email, `guess-${i}`), 403);
    assertError(await postSession(h, u.email, 'guess-11'), 429, /too many failed sign-ins/);
    assertError(await postSession(h, u.email.toUpperCase(), u.password), 429);
    // An unknown email is closed alike, so the 429 tells nothing either.
    for (let i = 0; i < 10; i++) await postSession(h, 'ghost@example.com', `guess-${i}`);
    assertError(await postSession(h, 'ghost@example.com', 'guess'), 429);
    await signIn(h, OWNER.email, OWNER.password);
  });

  test('a burst of guesses sent at once gets no more than 10 tries', async () => {
    const u = await h.addUser('viewer');
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => postSession(h, u.email, `burst-${i}`)));
    for (const a of answers) assertError(a, a.status === 429 ? 429 : 403);
    assert.deepEqual(answers.map((a) => a.status).sort(), [
      ...Array<number>(10).fill(403),
      ...Array<number>(5).fill(429),
    ]);
  });
});

describe('the session on the API', () => {
  test('the cookie alone reads any route', async () => {
    const b = await signIn(h, OWNER.email, OWNER.password);
    const org = await b.call('GET', '/api/v0/org');
    assert.equal(org.status, 200, org.text);
    assert.deepEqual(org.json, { name: h.server.bootstrap.orgName, displayName: null });
    const hosts = await b.call('GET', '/api/v0/hosts');
    assert.equal(hosts.status, 200, hosts.text);
    assert.deepEqual(hosts.json, (await h.call('GET', '/api/v0/hosts')).json);
  });

  test('a write without the CSRF token, or with a wrong one, is 403 and does nothing; with it, it runs', async () => {
    const b = await signIn(h, OWNER.email, OWNER.password);
    const other = await signIn(h, OWNER.email, OWNER.password);
    const before = await serviceNames();
    const body = { name: 'CsrfSvc', memo: '' };
    assertError(await b.call('POST', '/api/v0/services', { body, csrf: null }), 403, /X-Saba-Csrf-Token/);
    assertError(await b.call('POST', '/api/v0/services', { body, csrf: 'wrong' }), 403);
    assertError(await b.call('POST', '/api/v0/services', { body, csrf: other.csrfToken }), 403, /X-Saba-Csrf-Token/);
    assert.deepEqual(await serviceNames(), before, 'nothing was created');
    const made = await b.call('POST', '/api/v0/services', { body });
    assert.equal(made.status, 200, made.text);
    assert.ok((await serviceNames()).includes('CsrfSvc'));
    assertError(await b.call('DELETE', '/api/v0/services/CsrfSvc', { csrf: null }), 403);
    assert.ok((await serviceNames()).includes('CsrfSvc'));
    assert.equal((await b.call('DELETE', '/api/v0/services/CsrfSvc')).status, 200);
    assert.ok(!(await serviceNames()).includes('CsrfSvc'));
  });

  test('X-Api-Key wins over the cookie: a valid key needs no CSRF token, an unknown key is refused', async () => {
    const b = await signIn(h, OWNER.email, OWNER.password);
    const withKey = await h.call('POST', '/api/v0/services', {
      headers: { cookie: b.cookie },
      body: { name: 'KeySvc' },
    });
    assert.equal(withKey.status, 200, withKey.text);
    const viewer = await h.addUser('viewer');
    const v = await signIn(h, viewer.email, viewer.password);
    // The viewer's cookie does not make the owner's key read-only, nor a bad key good.
    assert.equal((await h.call('DELETE', '/api/v0/services/KeySvc', { headers: { cookie: v.cookie } })).status, 200);
    assertError(await h.call('GET', '/api/v0/org', { key: 'no-such-key', headers: { cookie: b.cookie } }), 403);
  });

  test('a viewer reads and may not write; a collaborator and a manager write', async () => {
    const viewer = await signIn(h, ...creds(await h.addUser('viewer')));
    assert.equal((await viewer.call('GET', '/api/v0/services')).status, 200);
    assertError(await viewer.call('POST', '/api/v0/services', { body: { name: 'ViewerSvc' } }), 403, /viewer/);
    assert.ok(!(await serviceNames()).includes('ViewerSvc'));
    for (const authority of ['collaborator', 'manager'] as const) {
      const b = await signIn(h, ...creds(await h.addUser(authority)));
      const name = `${authority}-svc`;
      assert.equal((await b.call('POST', '/api/v0/services', { body: { name } })).status, 200, authority);
      assert.ok((await serviceNames()).includes(name));
    }
  });

  test('sign-out deletes the session and clears the cookie; the cookie then opens nothing', async () => {
    const b = await signIn(h, OWNER.email, OWNER.password);
    const out = await h.call('DELETE', '/api/v0/session', { key: null, headers: { cookie: b.cookie } });
    assertSuccess(out);
    assert.equal(out.headers.get('set-cookie'), 'saba_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
    assertError(await b.call('GET', '/api/v0/session'), 403);
    assertError(await b.call('GET', '/api/v0/org'), 403);
    // Signing out without a session still clears the cookie.
    assertSuccess(await h.call('DELETE', '/api/v0/session', { key: null }));
  });

  test('an expired session is refused, and deleted', async () => {
    const owner = await h.server.catalog.users.findLogin(OWNER.email);
    assert.ok(owner);
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashSessionToken(token);
    const then = unixSec(nowSec() - 20 * 86_400);
    await h.server.catalog.sessions.create(
      {
        tokenHash,
        userId: owner.user.id,
        csrfToken: 'c',
        createdAt: then,
        expiresAt: unixSec(nowSec() - 1),
        lastSeenAt: then,
      },
      then,
    );
    assert.ok(await h.server.catalog.sessions.get(tokenHash, then), 'stored, and live as of its own time');
    const cookie = `saba_session=${token}`;
    assertError(await h.call('GET', '/api/v0/session', { key: null, headers: { cookie } }), 403);
    assertError(await h.call('GET', '/api/v0/org', { key: null, headers: { cookie } }), 403);
    assert.equal(await h.server.catalog.sessions.get(tokenHash, then), undefined, 'gone');
  });
});

/** A user's email and password, as signIn takes them. */
function creds(u: { email: string; password: string }): [string, string] {
  return [u.email, u.password];
}

describe('the cookie behind an https public URL', () => {
  test('is Secure, when set and when cleared', async () => {
    const secure = await startHarness(
      {
        SABA_PUBLIC_URL: 'https://saba.example.com',
        SABA_ADMIN_EMAIL: 'tls@example.com',
        SABA_ADMIN_PASSWORD: 'tls-password',
      },
      { monitorTimers: false },
    );
    try {
      const b = await signIn(secure, 'tls@example.com', 'tls-password');
      assert.equal(
        b.signedIn.headers.get('set-cookie'),
        `${b.cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${MAX_AGE}; Secure`,
      );
      const out = await secure.call('DELETE', '/api/v0/session', { key: null, headers: { cookie: b.cookie } });
      assert.match(out.headers.get('set-cookie') ?? '', /; Max-Age=0; Secure$/);
    } finally {
      await secure.close();
    }
  });
});

/** Signs in to a child server as the first owner. */
function signInTo(url: string, password: string): Promise<Response> {
  return fetch(`${url}/api/v0/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'first@example.com', password }),
  });
}

describe('the first start without SABA_ADMIN_PASSWORD', () => {
  test('prints a generated password once, which signs in; the catalog holds no clear text of it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'saba-session-'));
    try {
      const s = await spawnServer({ SABA_DATA_DIR: dir, SABA_ADMIN_EMAIL: 'first@example.com' });
      let password: string;
      try {
        const m = await s.waitFor(
          /Created the owner of "default" for web sign-in: first@example\.com\.[\s\S]*?\n\n {2}(\S+)\n/,
        );
        password = m[1] as string;
        assert.match(password, /^[A-Za-z0-9_-]{24}$/);
        const res = await signInTo(s.url, password);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(((await res.json()) as Json).user.authority, 'owner');
      } finally {
        assert.deepEqual(await s.stop(), { code: 0, signal: null });
      }
      const again = await spawnServer({ SABA_DATA_DIR: dir, SABA_ADMIN_EMAIL: 'first@example.com' });
      try {
        assert.equal((await signInTo(again.url, password)).status, 200, 'the same password after a restart');
        // A banner would have been printed before the server answered anything.
        assert.doesNotMatch(again.stdout(), /Created the owner|password/i, 'an owner exists: nothing printed');
      } finally {
        assert.deepEqual(await again.stop(), { code: 0, signal: null });
      }
      for (const f of (await readdir(dir)).filter((n) => n.startsWith('catalog.sqlite'))) {
        assert.ok(!(await readFile(join(dir, f))).includes(Buffer.from(password)), `${f} holds the password`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

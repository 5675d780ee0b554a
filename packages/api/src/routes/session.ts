// Web sign-in (docs/decisions/0010-web-sign-in.md): a password gets a session cookie and a CSRF
// token; the cookie then stands for the user on every route, the token on every write.
import { msToSec, objectBody, requiredString, UnauthorizedError, unixSec } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookie.ts';
import type { Reply, Route } from '../http/route.ts';
import { LoginThrottle } from '../login-throttle.ts';
import { decoyHash, verifyPassword } from '../password.ts';
import { SESSION_LIFETIME_SEC, type SessionAuth } from '../session-auth.ts';
import { hashSessionToken, newCsrfToken, newSessionToken } from '../session-token.ts';
import { userJson } from './users.ts';

/** One answer for an unknown email and a wrong password, so neither tells which emails exist. */
const WRONG = 'wrong email or password';

/** Answers of the session routes are about one browser: no cache keeps them. */
const NO_STORE = { 'cache-control': 'no-store' } as const;

/** `POST`, `GET` and `DELETE /api/v0/session`: sign in, who is signed in, sign out (Saba's own). */
export function sessionRoutes(deps: ApiDeps, sessions: SessionAuth, throttle = new LoginThrottle(deps.clock)): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v0/session',
      access: 'open',
      name: 'session.create',
      handler: async ({ body, secureCookies }): Promise<Reply> => {
        const o = objectBody(body, '{"email": ..., "password": ...}');
        const email = requiredString(o, 'email');
        const password = requiredString(o, 'password');
        // Before the password is checked: a closed email gets no answer about its password.
        throttle.attempt(email);
        const login = await deps.catalog.users.findLogin(email);
        // An unknown email still costs a hash, so the time taken does not tell it apart.
        const ok = await verifyPassword(password, login?.passwordHash ?? (await decoyHash()));
        if (login === undefined || !ok) throw new UnauthorizedError(WRONG);
        throttle.succeed(email);
        const now = msToSec(deps.clock());
        const token = newSessionToken();
        const csrfToken = newCsrfToken();
        const expiresAt = unixSec(now + SESSION_LIFETIME_SEC);
        const session = { tokenHash: hashSessionToken(token), userId: login.user.id, csrfToken, expiresAt };
        await deps.catalog.sessions.create({ ...session, createdAt: now, lastSeenAt: now }, now);
        return {
          body: { user: userJson(login.user), csrfToken },
          headers: { ...NO_STORE, 'set-cookie': sessionCookie(token, SESSION_LIFETIME_SEC, secureCookies) },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/session',
      access: 'open',
      name: 'session.get',
      handler: async ({ cookie }): Promise<Reply> => {
        const token = readCookie(cookie, SESSION_COOKIE);
        const found = token === undefined ? undefined : await sessions.session(token);
        if (found === undefined) throw new UnauthorizedError('not signed in');
        return { body: { user: userJson(found.user), csrfToken: found.session.csrfToken }, headers: NO_STORE };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/session',
      access: 'open',
      name: 'session.delete',
      handler: async ({ cookie, secureCookies }): Promise<Reply> => {
        const token = readCookie(cookie, SESSION_COOKIE);
        if (token !== undefined) await deps.catalog.sessions.delete(hashSessionToken(token));
        // Success even without a session: the browser's cookie is cleared either way.
        return { body: { success: true }, headers: { ...NO_STORE, 'set-cookie': clearedSessionCookie(secureCookies) } };
      },
    },
  ];
}

import type { Catalog, Principal, Session, User } from '@saba/catalog';
import { ForbiddenError, msToSec, UnauthorizedError, type UnixMs } from '@saba/model';
import { readCookie, SESSION_COOKIE } from './http/cookie.ts';
import { csrfMatches, hashSessionToken } from './session-token.ts';

/** How long a session lasts from sign-in: 14 days, then the browser signs in again. */
export const SESSION_LIFETIME_SEC = 14 * 24 * 60 * 60;
/** lastSeenAt is written at most once a minute per session, not on every request of a page. */
const TOUCH_EVERY_SEC = 60;

/** The principal of a signed-in user: a viewer reads; owners, managers and collaborators write too. */
export function userPrincipal(user: User): Principal {
  return {
    orgId: user.orgId,
    permission: user.authority === 'viewer' ? 'read' : 'write',
    keyId: '',
    user: { id: user.id, authority: user.authority },
  };
}

/**
 * Resolves the session cookie to a principal (docs/decisions/0010-web-sign-in.md). Not cached, unlike
 * API keys: a browser makes few requests, and a sign-out must end the session in every process at once.
 */
export class SessionAuth {
  constructor(
    private readonly catalog: Catalog,
    private readonly clock: () => UnixMs,
  ) {}

  /**
   * The principal of the request's session cookie. UnauthorizedError without a live session;
   * ForbiddenError when a method other than GET or HEAD lacks the session's CSRF token.
   */
  async authenticate(cookie: string | undefined, method: string, csrfToken: string | undefined): Promise<Principal> {
    const token = readCookie(cookie, SESSION_COOKIE);
    if (token === undefined) throw new UnauthorizedError('API key is required (X-Api-Key header), or sign in');
    const found = await this.session(token);
    if (found === undefined) throw new UnauthorizedError('the session has ended; sign in again');
    // The cookie goes with any request the browser makes; the header only with our page's own.
    if (method !== 'GET' && method !== 'HEAD' && !csrfMatches(found.session.csrfToken, csrfToken))
      throw new ForbiddenError('X-Saba-Csrf-Token header is missing or wrong; nothing was done');
    return userPrincipal(found.user);
  }

  /** The live session of a cookie's token with its user, or undefined; notes when it was last used. */
  async session(token: string): Promise<{ session: Session; user: User } | undefined> {
    const now = msToSec(this.clock());
    const found = await this.catalog.sessions.get(hashSessionToken(token), now);
    if (found !== undefined && now - found.session.lastSeenAt >= TOUCH_EVERY_SEC)
      await this.catalog.sessions.touch(found.session.tokenHash, now);
    return found;
  }
}

// The session cookie's header syntax (RFC 6265): reading one cookie of a Cookie header, and
// writing the Set-Cookie that sets or clears it.

/** The session cookie's name. */
export const SESSION_COOKIE = 'saba_session';

/** The value of cookie `name` in a Cookie header; undefined when absent or empty. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value === '' ? undefined : value;
  }
  return undefined;
}

/**
 * A Set-Cookie value for the session: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), the whole server's path, and Secure when the browser reaches us over https.
 */
export function sessionCookie(value: string, maxAgeSec: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSec}${secure ? '; Secure' : ''}`;
}

/** A Set-Cookie value that makes the browser forget the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

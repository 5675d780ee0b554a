import { ApiError, apiGet, apiSend, setCsrfToken } from './client.ts';
import type { Session } from './types.ts';

const PATH = '/api/v0/session';

/** The current session, or null when nobody is signed in (the server answers 401 or 403). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const s = await apiGet<Session>(PATH);
    setCsrfToken(s.csrfToken);
    return s;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

/** Signs in with a password; the server sets the HttpOnly session cookie. */
export async function signIn(email: string, password: string): Promise<Session> {
  const s = await apiSend<Session>('POST', PATH, { email, password });
  setCsrfToken(s.csrfToken);
  return s;
}

/** Signs out: the server ends the session and clears its cookie. */
export async function signOut(): Promise<void> {
  try {
    await apiSend('DELETE', PATH);
  } finally {
    setCsrfToken('');
  }
}

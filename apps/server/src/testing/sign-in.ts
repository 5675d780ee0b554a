// Web sign-in for API tests: a browser's session (its cookie and CSRF token) over the harness.
import assert from 'node:assert/strict';
import type { Answer, CallOptions, Harness } from './harness.ts';

/** A signed-in browser: what it sends back, and its calls. */
export interface Browser {
  /** `saba_session=<token>`, as the browser sends it. */
  readonly cookie: string;
  readonly csrfToken: string;
  /** The sign-in answer. */
  readonly signedIn: Answer;
  /** A call with the cookie (and no API key); writes carry the CSRF token unless `csrf` says otherwise. */
  call(method: string, path: string, options?: { body?: unknown; csrf?: string | null }): Promise<Answer>;
}

/** `POST /api/v0/session` with no API key. */
export function postSession(h: Harness, email: string, password: string, options: CallOptions = {}): Promise<Answer> {
  return h.call('POST', '/api/v0/session', { ...options, key: null, body: { email, password } });
}

/** Signs in (asserting a 200 that sets the cookie) and returns the browser. */
export async function signIn(h: Harness, email: string, password: string): Promise<Browser> {
  const signedIn = await postSession(h, email, password);
  assert.equal(signedIn.status, 200, signedIn.text);
  const setCookie = signedIn.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] as string;
  assert.match(cookie, /^saba_session=[A-Za-z0-9_-]{43}$/);
  const csrfToken = signedIn.json.csrfToken as string;
  return {
    cookie,
    csrfToken,
    signedIn,
    call: (method, path, o = {}) => {
      const headers: Record<string, string> = { cookie };
      const csrf = o.csrf === undefined ? csrfToken : o.csrf;
      if (method !== 'GET' && csrf !== null) headers['x-saba-csrf-token'] = csrf;
      return h.call(method, path, { key: null, headers, ...(o.body !== undefined ? { body: o.body } : {}) });
    },
  };
}

// JSON over fetch to the server the page came from. The session cookie is HttpOnly, so the browser
// sends it and this code never sees it; every write also carries the session's CSRF token.

/** The header the server checks on every request other than GET. */
const CSRF_HEADER = 'X-Saba-Csrf-Token';

/** The server answered with a non-2xx status; `message` is Mackerel's `error.message` when present. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken = '';
const authListeners = new Set<() => void>();

/** The CSRF header of the current session, for code that calls fetch itself (the PromQL editor's completion). */
export function csrfHeaders(): Record<string, string> {
  return { [CSRF_HEADER]: csrfToken };
}

/** Remembers the token of the current session (empty after signing out). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/**
 * Calls `listener` whenever a request other than the session's is refused with 401 or 403, which
 * is how an ended session shows (Mackerel answers 403 for a missing key too, so the listener asks
 * the session endpoint whether it was that or a missing permission). Returns the unsubscribe.
 */
export function onAuthRefused(listener: () => void): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

async function request<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    ...(signal !== undefined ? { signal } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const message = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
    if ((res.status === 401 || res.status === 403) && !path.startsWith('/api/v0/session')) {
      for (const l of authListeners) l();
    }
    throw new ApiError(res.status, typeof message === 'string' ? message : `${res.status} ${res.statusText}`);
  }
  return json as T;
}

/** GET `path` and the parsed JSON answer. */
export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, undefined, signal);
}

/** A write (POST, PUT, DELETE) with a JSON body and the CSRF header; the parsed JSON answer. */
export function apiSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

/** `?k=v&k=w` from pairs, leaving out empty values. */
export function query(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== '') q.append(k, String(v));
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

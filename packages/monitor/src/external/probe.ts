// The HTTP(S) request of an external URL monitor (spec features §2.6): one check, every failure a
// result. It uses node:http/node:https, not fetch, because only they hand over the peer
// certificate, whose expiry the monitor watches.
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ExternalMonitor } from '../kinds/config.ts';
import { CookieJar } from './cookie-jar.ts';

/** The checker's version in its User-Agent; equal to packages/monitor/package.json's (a test checks). */
export const CHECKER_VERSION = '0.1.0';

/** The User-Agent sent when a monitor gives no headers, after Mackerel's `mackerel-http-checker/x.y.z`. */
export const DEFAULT_USER_AGENT = `Saba-http-checker/${CHECKER_VERSION}`;

/** How long one check may take, connect to last body byte, redirects included: Mackerel's 15 s. */
export const PROBE_TIMEOUT_MS = 15_000;

/**
 * How much of a body is read. containsString needs the page's text, not a download of any size:
 * 1 MiB covers ordinary HTML pages and health endpoints while a monitor pointed at a large file
 * costs at most that much memory and bandwidth each minute. Text past it is not searched.
 */
export const BODY_CAP_BYTES = 1024 * 1024;

// Mackerel: "3 or more redirects is an error" when following them.
const MAX_REDIRECTS = 2;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What one check of an external monitor found. */
export interface ProbeResult {
  /** The request succeeded and the status, body and certificate checks passed. */
  readonly ok: boolean;
  /** The status of the last response, or null when none came. */
  readonly statusCode: number | null;
  /** From request start to the end of the last body, or null when no response was read to its end. */
  readonly responseTimeMs: number | null;
  /** When the peer certificate of the last response expires, epoch seconds; https only. */
  readonly certificateExpiresAt: number | null;
  /** What the alert shows: "200 OK 123 ms", "connect ECONNREFUSED 127.0.0.1:1", "timeout after 15 s", ... */
  readonly message: string;
}

/** How a probe runs; every field has a default. */
export interface ProbeOptions {
  /** Overall limit in ms (default 15,000). */
  readonly timeoutMs?: number;
  /** The User-Agent of the default headers (default DEFAULT_USER_AGENT). */
  readonly userAgent?: string;
  /** The monotonic clock in ms that response times are measured with (default performance.now). */
  readonly now?: () => number;
}

/** One request and its response, body read up to the cap. */
interface Exchange {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly certificateExpiresAt: number | null;
}

/** What a request sends. */
interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: string | null;
}

/** Checks the monitor's URL once, as Mackerel's checker does. Never throws: every failure is a result. */
export async function probeUrl(m: ExternalMonitor, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const now = options.now ?? (() => performance.now());
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const started = now();
  let statusCode: number | null = null;
  try {
    let url = parseUrl(m.url);
    if (url === null) return failure(`invalid URL ${JSON.stringify(m.url)}`);
    let method: string = m.method;
    let body = m.method === 'POST' || m.method === 'PUT' ? m.requestBody : null;
    let given = givenHeaders(m, options.userAgent ?? DEFAULT_USER_AGENT);
    const jar = new CookieJar();
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return failure(`unsupported URL scheme "${url.protocol}"`);
      const res = await exchange(
        { url, method, headers: withCookies(withAuth(given, url), jar.header(url)), body },
        m,
        abort.signal,
      );
      statusCode = res.status;
      jar.store(url, res.headers['set-cookie']);
      const location = res.headers.location;
      if (!m.followRedirect || !REDIRECT_STATUSES.has(res.status) || location === undefined)
        return judgeResponse(m, res, now() - started);
      if (redirects >= MAX_REDIRECTS)
        return failure(`too many redirects: 3 or more are an error (the 3rd points to ${location})`, res.status);
      const next = parseUrl(location, url);
      if (next === null) return failure(`invalid redirect Location ${JSON.stringify(location)}`, res.status);
      // As Go's client: 301/302/303 turn a request into a GET without body; 307/308 repeat it.
      if (res.status !== 307 && res.status !== 308 && method !== 'GET') {
        method = 'GET';
        body = null;
      }
      // Credentials the monitor gave for one host are not handed to another (Go's client does the same).
      if (next.hostname !== url.hostname) given = withoutCredentials(given);
      url = next;
    }
  } catch (err) {
    if (abort.signal.aborted) return failure(`timeout after ${timeoutMs / 1000} s`, statusCode);
    return failure(err instanceof Error ? err.message : String(err), statusCode);
  } finally {
    clearTimeout(timer);
  }
}

function parseUrl(text: string, base?: URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

function failure(message: string, statusCode: number | null = null): ProbeResult {
  return { ok: false, statusCode, responseTimeMs: null, certificateExpiresAt: null, message };
}

/** Applies the status and body rules to the last response. */
function judgeResponse(m: ExternalMonitor, res: Exchange, elapsedMs: number): ProbeResult {
  const summary = [String(res.status), res.statusText, `${Math.round(elapsedMs)} ms`].filter((s) => s !== '').join(' ');
  const result = (ok: boolean, message: string): ProbeResult => ({
    ok,
    statusCode: res.status,
    responseTimeMs: elapsedMs,
    certificateExpiresAt: res.certificateExpiresAt,
    message,
  });
  if (m.expectedStatusCode !== null) {
    if (res.status !== m.expectedStatusCode)
      return result(false, `expected status ${m.expectedStatusCode}, got ${res.status}`);
  } else if (res.status < 200 || res.status >= 400) {
    return result(false, summary);
  }
  if (m.containsString !== null && !res.body.includes(m.containsString))
    return result(false, `the body does not contain ${JSON.stringify(m.containsString)}`);
  return result(true, summary);
}

/** The monitor's headers, or the checker's defaults when it gives none (`[]` sends none). */
function givenHeaders(m: ExternalMonitor, userAgent: string): Record<string, string | string[]> {
  if (m.headers === null) return { 'User-Agent': userAgent, 'Cache-Control': 'no-cache' };
  const out: Record<string, string | string[]> = {};
  for (const { name, value } of m.headers) {
    const key = Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    const had = out[key];
    out[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return out;
}

function findHeader(headers: Record<string, string | string[]>, name: string): string | undefined {
  return Object.keys(headers).find((k) => k.toLowerCase() === name);
}

/** Adds Basic auth from the URL's `user:pass@`, unless the monitor's headers carry an Authorization. */
function withAuth(headers: Record<string, string | string[]>, url: URL): Record<string, string | string[]> {
  if ((url.username === '' && url.password === '') || findHeader(headers, 'authorization') !== undefined)
    return headers;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { ...headers, Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** Adds the jar's cookies after any Cookie header the monitor gives. */
function withCookies(
  headers: Record<string, string | string[]>,
  cookies: string | undefined,
): Record<string, string | string[]> {
  if (cookies === undefined) return headers;
  const key = findHeader(headers, 'cookie');
  const had = key === undefined ? [] : [headers[key] ?? []].flat();
  const out = { ...headers };
  if (key !== undefined) delete out[key];
  out.Cookie = [...had, cookies].join('; ');
  return out;
}

function withoutCredentials(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = { ...headers };
  for (const k of Object.keys(out))
    if (k.toLowerCase() === 'authorization' || k.toLowerCase() === 'cookie') delete out[k];
  return out;
}

/** Sends one request on a fresh connection and reads its response up to the body cap. */
function exchange(out: Outgoing, m: ExternalMonitor, signal: AbortSignal): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const https = out.url.protocol === 'https:';
    const opts: RequestOptions & { rejectUnauthorized?: boolean } = {
      hostname: out.url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: out.url.port === '' ? (https ? 443 : 80) : Number(out.url.port),
      path: `${out.url.pathname}${out.url.search}`,
      method: out.method,
      headers: out.headers,
      // No keep-alive: each minute's check opens its own connection, so connect time is measured.
      agent: false,
      signal,
    };
    if (m.dualstack === 'ipv4' || m.dualstack === null) opts.family = 4;
    else if (m.dualstack === 'ipv6') opts.family = 6;
    if (https) opts.rejectUnauthorized = !m.skipCertificateVerification;
    const req = (https ? httpsRequest : httpRequest)(opts, (res) => {
      const certificateExpiresAt = https ? peerCertificateExpiry(res.socket as TLSSocket) : null;
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        const body = Buffer.concat(chunks).subarray(0, BODY_CAP_BYTES).toString('utf8');
        const status = res.statusCode ?? 0;
        const statusText = res.statusMessage || STATUS_CODES[status] || '';
        resolve({ status, statusText, headers: res.headers, body, certificateExpiresAt });
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_CAP_BYTES) {
          finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      res.on('close', () => {
        if (!settled) reject(new Error('the connection closed before the end of the body'));
        settled = true;
      });
    });
    req.on('error', reject);
    req.end(out.body ?? undefined);
  });
}

/** The expiry of the peer certificate in epoch seconds, or null when there is none. */
function peerCertificateExpiry(socket: TLSSocket): number | null {
  if (typeof socket.getPeerCertificate !== 'function') return null;
  const validTo = socket.getPeerCertificate().valid_to;
  if (validTo === undefined) return null;
  const ms = Date.parse(validTo);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

// Plain-HTTP requests to cloud metadata services, and the retry loop mackerel-agent wraps
// around them (github.com/Songmu/retry: n attempts, a fixed pause between them). node:http
// never reads HTTP_PROXY, which is what the official agent wants here too (Proxy: nil):
// metadata services answer only on the link-local address, never through a proxy.
import { request } from 'node:http';

/** Status and body of one metadata response. */
export interface MetadataResponse {
  readonly status: number;
  readonly body: string;
}

/** How hard to try: attempts, the pause between them, and each attempt's timeout. */
export interface FetchPolicy {
  readonly attempts: number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** One request: method (default GET), headers, a timeout for the whole exchange, and a cancel signal. */
export interface MetadataRequest {
  readonly method?: 'GET' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

// GCE's recursive metadata carries user attributes (startup scripts, ssh keys): generous,
// but bounded so a misbehaving endpoint cannot grow the agent's memory.
const maxBodyBytes = 1 << 20;

/** Sends one request; rejects on a network error, a timeout, cancellation or an oversized body. */
export function requestMetadata(url: string, options: MetadataRequest): Promise<MetadataResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { ...options.headers };
    // Go sends "Content-Length: 0" for a body-less PUT; say so rather than start a chunked body.
    if (method === 'PUT') headers['Content-Length'] = '0';
    // agent: false gives each request its own connection, closed afterwards: these calls are
    // rare (at start and hourly) and a kept-alive socket would outlive them for nothing.
    const req = request(url, { method, headers, agent: false });
    const fail = (error: Error) => {
      cleanup();
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(new Error('aborted'));
    const timer = setTimeout(() => fail(new Error(`timeout after ${options.timeoutMs} ms`)), options.timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) fail(new Error('metadata response too large'));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        cleanup();
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end();
  });
}

/** Waits `ms` unless the signal fires first; resolves false when cancelled. */
function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Calls `attempt` up to `attempts` times, `intervalMs` apart, until it resolves; rethrows the last error. */
export async function retry<T>(
  attempts: number,
  intervalMs: number,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  let lastError: unknown = new Error('no attempt made');
  for (let i = 0; i < attempts; i++) {
    if (i > 0 && !(await pause(intervalMs, signal))) break;
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      if (signal?.aborted) break;
    }
  }
  throw lastError;
}

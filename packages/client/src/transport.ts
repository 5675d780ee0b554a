// JSON over HTTP(S) to one API base, on node:http rather than fetch: fetch loads undici, which
// costs 8.8 MB of RSS (53.9 vs 45.1 MB after one request) against the agent's 45 MB budget, and
// needs WebAssembly, which the agent's --lite-mode turns off (docs/decisions/0006).
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import * as http from 'node:http';
import type * as Https from 'node:https';
import { isIP, type Socket } from 'node:net';

/** How to reach the API: base URL, key, proxies and connection reuse. */
export interface TransportOptions {
  /** scheme://host[:port]; any path is dropped, as mackerel-agent does. */
  readonly apibase: string;
  readonly apikey: string;
  readonly userAgent: string;
  /** Headers added to every request, e.g. mackerel-agent's X-Agent-Version and X-Revision (spec §1.2). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Proxy for http:// (and https:// when httpsProxy is unset), as `http://host:port`. */
  readonly httpProxy?: string;
  /** Proxy for https://; "direct" means none. */
  readonly httpsProxy?: string;
  readonly keepAlive?: boolean;
  /** Per-request deadline; mackerel-agent uses 25 s for metric posts. Default 30 s. */
  readonly timeoutMs?: number;
}

/** The server answered with a non-2xx status; `message` is Mackerel's `error.message` when present. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The server's own words (Mackerel's `error.message`), without the status; the CLI prints these. */
    readonly detail: string,
  ) {
    super(`API error ${status}: ${detail}`);
    this.name = 'ApiError';
  }
}

/** The request did not get an answer: refused, reset, DNS, proxy or timeout. */
export class NetworkError extends Error {
  constructor(
    message: string,
    /** How long the attempt took; mackerel-agent retries at once only when it failed fast. */
    readonly elapsedMs: number,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Sends JSON requests to the API base with the API key and parses JSON answers. */
export class Transport {
  readonly #base: URL;
  readonly #options: TransportOptions;
  readonly #agents = new Map<string, Agent>();
  #https: typeof Https | undefined;

  constructor(options: TransportOptions) {
    const base = new URL(options.apibase);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new Error(`apibase must be http:// or https://: ${options.apibase}`);
    }
    this.#base = new URL(`${base.protocol}//${base.host}`);
    this.#options = options;
  }

  /** The base URL actually used (scheme://host[:port]). */
  get base(): string {
    return this.#base.origin;
  }

  /** Sends one request; resolves with the parsed JSON body of a 2xx answer, rejects with ApiError or NetworkError. */
  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = new URL(path, this.#base);
    const payload = body === undefined ? undefined : Buffer.from(`${JSON.stringify(body)}\n`);
    const started = Date.now();
    let res: IncomingMessage;
    let text: string;
    try {
      res = await this.#send(method, url, payload);
      text = await readText(res);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new NetworkError(`${method} ${url.pathname}: ${(e as Error).message}`, Date.now() - started);
    }
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300)
      throw new ApiError(status, errorMessage(text) ?? (text.slice(0, 200) || '(no body)'));
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(status, `answer is not JSON: ${text.slice(0, 100)}`);
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    for (const a of this.#agents.values()) a.destroy();
    this.#agents.clear();
  }

  async #send(method: string, url: URL, payload: Buffer | undefined): Promise<IncomingMessage> {
    const headers: Record<string, string | number> = {
      ...this.#options.headers,
      'X-Api-Key': this.#options.apikey,
      'User-Agent': this.#options.userAgent,
      Accept: 'application/json',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    if (this.#options.keepAlive === false) headers.Connection = 'close';
    const timeout = this.#options.timeoutMs ?? 30_000;
    const proxy = this.#proxyFor(url);
    let req: ClientRequest;
    if (url.protocol === 'http:') {
      const opts: RequestOptions = { method, headers, timeout, agent: this.#agent('http:') };
      if (proxy === undefined) {
        req = http.request(url, opts);
      } else {
        // A plain-HTTP proxy gets the absolute URI in the request line. The header is set first:
        // http.request copies `headers` when called.
        if (proxy.username !== '') headers['Proxy-Authorization'] = basicAuth(proxy);
        req = http.request({ ...opts, host: proxy.hostname, port: proxy.port || 80, path: url.href });
      }
    } else {
      const https = await this.#loadHttps();
      const opts: Https.RequestOptions = { method, headers, timeout };
      if (proxy === undefined) {
        req = https.request(url, { ...opts, agent: this.#agent('https:') });
      } else {
        const socket = await connectTunnel(proxy, url, timeout);
        const tls = await import('node:tls');
        // SNI takes names only, as https.Agent does (an IP there is deprecated, DEP0123); without
        // one, `host` is the name the certificate is checked against (else the proxy's).
        const servername = isIP(url.hostname) === 0 ? url.hostname : '';
        const secure = tls.connect({ socket, host: url.hostname, servername });
        // No `agent`: with one (even `agent: false`) Node ignores createConnection and dials the
        // target directly, leaving the tunnelled socket unused and its errors uncaught.
        req = https.request(url, { ...opts, createConnection: () => secure });
      }
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeout} ms`)));
      req.end(payload);
    });
  }

  #proxyFor(url: URL): URL | undefined {
    const o = this.#options;
    const raw = url.protocol === 'https:' ? (o.httpsProxy ?? o.httpProxy) : o.httpProxy;
    if (raw === undefined || raw === '' || raw === 'direct') return undefined;
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  }

  #agent(protocol: 'http:' | 'https:'): Agent | undefined {
    let agent = this.#agents.get(protocol);
    if (agent === undefined) {
      const keepAlive = this.#options.keepAlive !== false;
      // Idle sockets close after 30 s: the agent posts once a minute, so holding them longer buys nothing.
      const opts = { keepAlive, keepAliveMsecs: 30_000, maxSockets: 4, timeout: 30_000 };
      agent = protocol === 'http:' ? new http.Agent(opts) : new (this.#https as typeof Https).Agent(opts);
      this.#agents.set(protocol, agent);
    }
    return agent;
  }

  async #loadHttps(): Promise<typeof Https> {
    // Loaded on first use: most agents talk plain HTTP to a local server and never pay for TLS.
    this.#https ??= await import('node:https');
    return this.#https;
  }
}

function basicAuth(u: URL): string {
  return `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
}

/** Opens a CONNECT tunnel through an HTTP proxy to the target's host and port. */
function connectTunnel(proxy: URL, target: URL, timeout: number): Promise<Socket> {
  const authority = `${target.hostname}:${target.port || 443}`;
  const headers: Record<string, string> = { Host: authority };
  if (proxy.username !== '') headers['Proxy-Authorization'] = basicAuth(proxy);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: proxy.hostname,
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers,
      timeout,
      agent: false,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy CONNECT answered ${res.statusCode}`));
      }
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`proxy CONNECT timed out after ${timeout} ms`)));
    req.end();
  });
}

async function readText(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text;
}

function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // not JSON: the caller shows the raw text
  }
  return undefined;
}

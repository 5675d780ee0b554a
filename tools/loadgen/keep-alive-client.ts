import { Agent, request } from 'node:http';

/** An HTTP answer: status and body text. */
export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/**
 * An HTTP/1.1 client for one base URL that keeps up to `connections` sockets open between
 * requests, as an agent fleet does (mackerel-agent reuses its connection every minute). With
 * node:http rather than fetch: undici pools without a fixed socket count, and both engines
 * must see the same number of connections.
 */
export class KeepAliveClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    base: string,
    connections: number,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** Sends one request and reads the whole answer; rejects only on a network error. */
  send(
    method: string,
    path: string,
    body?: string | Uint8Array,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const all: Record<string, string | number> = { ...this.headers, ...headers };
      if (body !== undefined) all['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      const req = request(
        { host: this.host, port: this.port, method, path, agent: this.agent, headers: all },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Like `send`, but throws unless the status is 2xx. */
  async ok(
    method: string,
    path: string,
    body?: string | Uint8Array,
    headers?: Readonly<Record<string, string>>,
  ): Promise<HttpReply> {
    const r = await this.send(method, path, body, headers);
    if (r.status < 200 || r.status > 299)
      throw new Error(`${method} ${path}: HTTP ${r.status}: ${r.body.slice(0, 500)}`);
    return r;
  }

  /** Closes every socket. */
  close(): void {
    this.agent.destroy();
  }
}

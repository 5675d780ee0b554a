// A recording HTTP proxy on loopback, for wire tests: a client's apibase points at it, it
// forwards every request unchanged to the real server and keeps what went by, so a test can
// compare a client's requests with a recorded trace (e2e/agent-wire.test.ts).
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it reached the proxy, and the server's answer status. */
export interface RecordedRequest {
  /** Order of arrival (the request line and headers), from 0. */
  readonly seq: number;
  /** Date.now() when the request's headers arrived. */
  readonly atMs: number;
  readonly method: string;
  /** Path with its query, as sent. */
  readonly path: string;
  /** Header names lower-cased by node:http; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent, undecoded ("" for none). */
  readonly body: string;
  /** The server's status, once it answered (undefined if it never did). */
  status: number | undefined;
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Everything recorded so far, in order of arrival. */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (ephemeral port) that forwards to `target` (scheme://host:port). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const entry: RecordedRequest = {
      seq: requests.length,
      atMs: Date.now(),
      method: req.method ?? '',
      path: req.url ?? '',
      headers: flatten(req.headers),
      body: '',
      status: undefined,
    };
    requests.push(entry);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      (entry as { body: string }).body = body.toString('utf8');
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
          agent: false,
        },
        (answer) => {
          entry.status = answer.statusCode;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(`${JSON.stringify({ error: { message: `proxy: ${e.message}` } })}\n`);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

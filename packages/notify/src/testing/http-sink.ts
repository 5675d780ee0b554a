// A real HTTP server on 127.0.0.1 that records what channels POST and answers as told, for the
// channel conformance suite. It is a receiver, not a fake of one: requests go over real sockets.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the sink received it. */
export interface SinkRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** Lower-case names, as node:http gives them. */
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** How the sink answers: a status (and body), or never ("hang"), holding the connection open. */
export type SinkAnswer = { readonly status: number; readonly body?: string } | 'hang';

/** A running sink. */
export interface HttpSink {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly requests: SinkRequest[];
  /** Sets how the next requests are answered (200 `ok` until told otherwise). */
  answer(a: SinkAnswer): void;
  /** The body of the newest request, parsed as JSON. */
  lastJson(): unknown;
  close(): Promise<void>;
}

/** Starts a sink on a free loopback port. */
export async function startHttpSink(): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  let current: SinkAnswer = { status: 200, body: 'ok' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (current === 'hang') return;
      res.writeHead(current.status, { 'content-type': 'text/plain' });
      res.end(current.body ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(a) {
      current = a;
    },
    lastJson() {
      const last = requests.at(-1);
      if (last === undefined) throw new Error('the sink has received nothing');
      return JSON.parse(last.body);
    },
    async close() {
      // Hanging requests hold their sockets open; close them so close() does not wait forever.
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A loopback URL where nothing listens: a port taken from a server that was then closed. */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

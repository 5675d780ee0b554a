// Test doubles of the three metadata services, served over real HTTP on 127.0.0.1: the real
// ones answer only inside their clouds (169.254.169.254, metadata.google.internal), so they
// cannot run here. Each imitates what the agent depends on, with the services' own status
// codes for a missing header: IMDSv2 401 without a valid token, GCE 403 without
// "Metadata-Flavor: Google", Azure 400 without "Metadata: true".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One request as the fake saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** A running fake: its origin, the requests it received, and how to stop it. */
export interface FakeServer {
  readonly origin: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** Serves `handle` on an ephemeral loopback port. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  res.end(body);
}

/** EC2 IMDS: `v2` required (tokens only), optional (v1 also works) or unavailable (token call 403s). */
export function startFakeEc2(options: {
  readonly imdsv2: 'required' | 'optional' | 'unavailable';
  readonly metadata: Readonly<Record<string, string>>;
}): Promise<FakeServer> {
  const token = 'AQAEAFakeTokenForTests==';
  return serve((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (options.imdsv2 === 'unavailable') return reply(res, 403, 'Forbidden');
      const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      // IMDS accepts a TTL of 1 s to 6 h and rejects the call without it.
      if (!(ttl >= 1 && ttl <= 21600)) return reply(res, 400, 'Bad Request');
      return reply(res, 200, token);
    }
    const presented = req.headers['x-aws-ec2-metadata-token'];
    if (presented !== undefined && presented !== token) return reply(res, 401, 'Unauthorized');
    if (presented === undefined && options.imdsv2 === 'required') return reply(res, 401, 'Unauthorized');
    const prefix = '/latest/meta-data/';
    const value = req.url?.startsWith(prefix) ? options.metadata[req.url.slice(prefix.length)] : undefined;
    return value === undefined ? reply(res, 404, 'Not Found') : reply(res, 200, value);
  });
}

/** GCE metadata server: the recursive document at /computeMetadata/v1/?recursive=true. */
export function startFakeGce(document: string): Promise<FakeServer> {
  return serve((req, res) => {
    if (req.headers['metadata-flavor'] !== 'Google') return reply(res, 403, 'Missing Metadata-Flavor:Google header.');
    if (req.url === '/computeMetadata/v1/?recursive=true') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Metadata-Flavor': 'Google' });
      res.end(document);
      return;
    }
    return reply(res, 404, 'Not Found');
  });
}

/** Azure IMDS: text leaves under /metadata/instance/, api-version and format=text required. */
export function startFakeAzure(leaves: Readonly<Record<string, string>>): Promise<FakeServer> {
  return serve((req, res) => {
    if (req.headers.metadata !== 'true') {
      return reply(res, 400, '{"error":"Bad request. Required metadata header not specified"}');
    }
    const url = new URL(req.url ?? '/', 'http://imds');
    if (url.searchParams.get('api-version') === null) return reply(res, 400, '{"error":"Bad request. api-version"}');
    const leaf = url.pathname.startsWith('/metadata/instance/') ? url.pathname.slice(19) : '';
    const value = url.searchParams.get('format') === 'text' ? leaves[leaf] : undefined;
    return value === undefined ? reply(res, 404, 'Not Found') : reply(res, 200, value);
  });
}

/** Accepts connections and never answers, like a firewalled 169.254.169.254. */
export function startSilentServer(): Promise<FakeServer> {
  return serve(() => {});
}

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { test } from 'node:test';
import { MackerelClient } from './client.ts';
import { ApiError } from './transport.ts';
import type { CheckReport, GraphDefInput, Host, HostInput, HostMetricValue } from './types.ts';

// Each method against a real node:http server on 127.0.0.1 that records what it received and
// answers with the case's body.

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly contentType: string | undefined;
}

/** A loopback server answering every request with `reply()`, recording what it received. */
async function serve(reply: () => { status: number; body: string }): Promise<{
  origin: string;
  seen: Seen[];
  close(): Promise<void>;
}> {
  const seen: Seen[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    seen.push({ method: req.method ?? '', url: req.url ?? '', body, contentType: req.headers['content-type'] });
    const r = reply();
    res.writeHead(r.status, { 'Content-Type': 'application/json' });
    res.end(r.body);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => res.destroy(e));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const host: Host = {
  id: '2cSZzK3XfmG',
  name: 'web01',
  customIdentifier: 'i-0123.ec2.amazonaws.com',
  status: 'working',
  memo: '',
  roles: { shop: ['web'] },
  isRetired: false,
  createdAt: 1_700_000_000,
  meta: { 'agent-name': 'saba-agent' },
};
const input: HostInput = {
  name: 'web01',
  customIdentifier: 'i-0123.ec2.amazonaws.com',
  meta: { 'agent-name': 'saba-agent', 'agent-version': '0.1.0' },
  interfaces: null,
  roleFullnames: ['shop:web'],
  checks: [{ name: 'nginx' }],
};
const values: HostMetricValue[] = [{ hostId: host.id, name: 'loadavg5', time: 1_700_000_000, value: 0.25 }];
const defs: GraphDefInput[] = [
  { name: 'custom.nginx.requests', unit: 'float', metrics: [{ name: 'custom.nginx.requests.*', isStacked: false }] },
];
const reports: CheckReport[] = [
  {
    source: { type: 'host', hostId: host.id },
    name: 'nginx',
    status: 'CRITICAL',
    message: 'down',
    occurredAt: 1_700_000_000,
  },
];

const cases: {
  name: string;
  call: (c: MackerelClient) => Promise<unknown>;
  answer: string;
  method: string;
  url: string;
  /** What was sent, exactly; undefined: no body. */
  sent?: string;
  result?: unknown;
}[] = [
  {
    name: 'findHostsByCustomIdentifier',
    call: (c) => c.findHostsByCustomIdentifier('i-0123.ec2.amazonaws.com'),
    answer: JSON.stringify({ hosts: [host] }),
    method: 'GET',
    url: '/api/v0/hosts?customIdentifier=i-0123.ec2.amazonaws.com&status=working&status=standby&status=maintenance&status=poweroff',
    result: [host],
  },
  {
    name: 'findHostsByCustomIdentifier escapes the identifier',
    call: (c) => c.findHostsByCustomIdentifier('a b&c=d/é'),
    answer: '{"hosts":[]}',
    method: 'GET',
    url: '/api/v0/hosts?customIdentifier=a+b%26c%3Dd%2F%C3%A9&status=working&status=standby&status=maintenance&status=poweroff',
    result: [],
  },
  {
    name: 'createHost',
    call: (c) => c.createHost(input),
    answer: '{"id":"2cSZzK3XfmG"}',
    method: 'POST',
    url: '/api/v0/hosts',
    sent: `${JSON.stringify(input)}\n`,
    result: '2cSZzK3XfmG',
  },
  {
    name: 'getHost',
    call: (c) => c.getHost(host.id),
    answer: JSON.stringify({ host }),
    method: 'GET',
    url: '/api/v0/hosts/2cSZzK3XfmG',
    result: host,
  },
  {
    name: 'getHost escapes the id',
    call: (c) => c.getHost('../x y'),
    answer: JSON.stringify({ host }),
    method: 'GET',
    url: '/api/v0/hosts/..%2Fx%20y',
    result: host,
  },
  {
    name: 'updateHost',
    call: (c) => c.updateHost(host.id, input),
    answer: '{"id":"2cSZzK3XfmG"}',
    method: 'PUT',
    url: '/api/v0/hosts/2cSZzK3XfmG',
    sent: `${JSON.stringify(input)}\n`,
  },
  {
    name: 'updateHostStatus',
    call: (c) => c.updateHostStatus(host.id, 'maintenance'),
    answer: '{"success":true}',
    method: 'POST',
    url: '/api/v0/hosts/2cSZzK3XfmG/status',
    sent: '{"status":"maintenance"}\n',
  },
  {
    name: 'retireHost',
    call: (c) => c.retireHost(host.id),
    answer: '{"success":true}',
    method: 'POST',
    url: '/api/v0/hosts/2cSZzK3XfmG/retire',
    sent: 'null\n',
  },
  {
    name: 'postHostMetrics',
    call: (c) => c.postHostMetrics(values),
    answer: '{"success":true}',
    method: 'POST',
    url: '/api/v0/tsdb',
    sent: `${JSON.stringify(values)}\n`,
  },
  {
    name: 'createGraphDefs',
    call: (c) => c.createGraphDefs(defs),
    answer: '{"success":true}',
    method: 'POST',
    url: '/api/v0/graph-defs/create',
    sent: `${JSON.stringify(defs)}\n`,
  },
  {
    name: 'postCheckReports',
    call: (c) => c.postCheckReports(reports),
    answer: '{"success":true}',
    method: 'POST',
    url: '/api/v0/monitoring/checks/report',
    sent: `${JSON.stringify({ reports })}\n`,
  },
  {
    name: 'putHostMetadata',
    call: (c) => c.putHostMetadata(host.id, 'my ns/v1', { a: [1, 2] }),
    answer: '{"success":true}',
    method: 'PUT',
    url: '/api/v0/hosts/2cSZzK3XfmG/metadata/my%20ns%2Fv1',
    sent: '{"a":[1,2]}\n',
  },
];

test('each MackerelClient method sends the right method, path and body, and returns the answer', async () => {
  let answer = '';
  const server = await serve(() => ({ status: 200, body: answer }));
  // A path on the apibase is dropped, as mackerel-agent does.
  const client = new MackerelClient({ apibase: `${server.origin}/some/path`, apikey: 'k', userAgent: 'test' });
  try {
    for (const c of cases) {
      answer = c.answer;
      const result = await c.call(client);
      const seen = server.seen.at(-1) as Seen;
      assert.equal(seen.method, c.method, c.name);
      assert.equal(seen.url, c.url, c.name);
      assert.equal(seen.body, c.sent ?? '', c.name);
      assert.equal(seen.contentType, c.sent === undefined ? undefined : 'application/json', c.name);
      assert.deepEqual(result, c.result, c.name);
    }
    assert.equal(server.seen.length, cases.length);
  } finally {
    client.transport.close();
    await server.close();
  }
});

test('an error answer reaches the caller as ApiError', async () => {
  const server = await serve(() => ({ status: 404, body: '{"error":{"message":"Host Not Found."}}' }));
  const client = new MackerelClient({ apibase: server.origin, apikey: 'k', userAgent: 'test' });
  try {
    await assert.rejects(client.getHost('nope'), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.status, 404);
      assert.equal(e.message, 'API error 404: Host Not Found.');
      return true;
    });
  } finally {
    client.transport.close();
    await server.close();
  }
});

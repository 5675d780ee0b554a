import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiError, NetworkError, Transport, type TransportOptions } from './transport.ts';

// Everything here is real: node:http(s) servers and a forwarding proxy on 127.0.0.1, and a
// self-signed certificate made by the `openssl` command for the HTTPS cases.

interface Seen {
  readonly method: string;
  /** The request target as sent: origin-form to a server, absolute-form to a proxy. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly remotePort: number;
}

interface Running {
  readonly port: number;
  readonly origin: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

type Answer = (seen: Seen, res: ServerResponse) => void;

const json =
  (status: number, body: string): Answer =>
  (_, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(body);
  };

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

/** Serves `answer` over HTTP (or HTTPS with `tls`) on an ephemeral loopback port, recording each request. */
async function serve(answer: Answer, tls?: { key: string; cert: string }): Promise<Running> {
  const seen: Seen[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const s: Seen = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
      remotePort: req.socket.remotePort ?? 0,
    };
    seen.push(s);
    answer(s, res);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: Error) => res.destroy(e));
  };
  const server = tls === undefined ? createServer(onRequest) : createHttpsServer(tls, onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    origin: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A forwarding HTTP proxy: absolute-form requests are passed on, CONNECT opens a tunnel (or is
 * refused with `connectStatus`). It records what it received, as a real proxy would see it.
 */
async function startProxy(connectStatus = 200): Promise<Running & { tunnelPorts: number[] }> {
  const seen: Seen[] = [];
  const tunnelPorts: number[] = [];
  const tunnels = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '', remotePort: 0 });
    const upstream = request(req.url ?? '', { method: req.method ?? 'GET', headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '', remotePort: 0 });
    tunnels.add(client);
    client.on('error', () => {});
    if (connectStatus !== 200) {
      client.end(`HTTP/1.1 ${connectStatus} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const target = connect(Number(port), host ?? '', () => {
      tunnelPorts.push(target.localPort ?? 0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    tunnels.add(target);
    target.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    seen,
    tunnelPorts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of tunnels) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function transport(apibase: string, extra: Partial<TransportOptions> = {}): Transport {
  return new Transport({ apibase, apikey: 'test-key', userAgent: 'saba-agent/0.1.0 (test)', ...extra });
}

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = await serve(json(200, '{}'));
  await s.close();
  return s.port;
}

test('requests carry the key, agent and JSON headers; bodies are JSON plus a newline', async () => {
  const cases: { method: string; body?: unknown; sent: string; contentType: boolean }[] = [
    { method: 'GET', sent: '', contentType: false },
    { method: 'POST', body: { hostId: 'h1', value: 1.5 }, sent: '{"hostId":"h1","value":1.5}\n', contentType: true },
    { method: 'POST', body: null, sent: 'null\n', contentType: true },
    { method: 'PUT', body: [1, 2], sent: '[1,2]\n', contentType: true },
    { method: 'POST', body: 'ünï', sent: '"ünï"\n', contentType: true },
  ];
  const server = await serve(json(200, '{"ok":true}'));
  const t = transport(server.origin);
  try {
    for (const [i, c] of cases.entries()) {
      assert.deepEqual(await t.request(c.method, '/api/v0/x', c.body), { ok: true });
      const s = server.seen[i] as Seen;
      assert.equal(s.method, c.method);
      assert.equal(s.url, '/api/v0/x');
      assert.equal(s.body, c.sent, `${c.method} ${JSON.stringify(c.body)}`);
      assert.equal(s.headers['x-api-key'], 'test-key');
      assert.equal(s.headers['user-agent'], 'saba-agent/0.1.0 (test)');
      assert.equal(s.headers.accept, 'application/json');
      assert.equal(s.headers['content-type'], c.contentType ? 'application/json' : undefined);
      if (c.contentType) assert.equal(s.headers['content-length'], String(Buffer.byteLength(c.sent)));
    }
  } finally {
    t.close();
    await server.close();
  }
});

test('answers: JSON is parsed, an empty 2xx is undefined, errors become ApiError with Mackerel’s message', async () => {
  const long = 'x'.repeat(300);
  const cases: { status: number; body: string; result?: unknown; error?: { status: number; message: string } }[] = [
    { status: 200, body: '{"hosts":[]}', result: { hosts: [] } },
    { status: 204, body: '', result: undefined },
    {
      status: 400,
      body: '{"error":{"message":"invalid metric name"}}',
      error: { status: 400, message: 'invalid metric name' },
    },
    { status: 403, body: '{"error":"forbidden key"}', error: { status: 403, message: 'forbidden key' } },
    { status: 404, body: '{"other":1}', error: { status: 404, message: '{"other":1}' } },
    { status: 502, body: '<html>Bad Gateway</html>', error: { status: 502, message: '<html>Bad Gateway</html>' } },
    { status: 500, body: '', error: { status: 500, message: '(no body)' } },
    { status: 503, body: long, error: { status: 503, message: long.slice(0, 200) } },
    { status: 200, body: 'not json', error: { status: 200, message: 'answer is not JSON: not json' } },
  ];
  for (const c of cases) {
    const server = await serve(json(c.status, c.body));
    const t = transport(server.origin);
    try {
      const got = t.request('GET', '/api/v0/hosts');
      if (c.error === undefined) {
        assert.deepEqual(await got, c.result);
        continue;
      }
      await assert.rejects(got, (e: unknown) => {
        assert.ok(e instanceof ApiError, `${c.status} ${c.body}`);
        assert.equal(e.status, c.error?.status);
        assert.equal(e.message, `API error ${c.error?.status}: ${c.error?.message}`);
        return true;
      });
    } finally {
      t.close();
      await server.close();
    }
  }
});

test('no answer: a refused connection and a timeout are NetworkErrors with the time they took', async () => {
  const port = await closedPort();
  // Headers and then nothing: the body read must time out too, not hang.
  const stalled = await serve((_, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
    res.write('{"ho');
  });
  const silent = await serve(() => {});
  const cases: { name: string; apibase: string; timeoutMs: number; message: RegExp; atLeastMs: number }[] = [
    { name: 'refused', apibase: `http://127.0.0.1:${port}`, timeoutMs: 30_000, message: /ECONNREFUSED/, atLeastMs: 0 },
    { name: 'no answer', apibase: silent.origin, timeoutMs: 200, message: /timed out after 200 ms/, atLeastMs: 195 },
    { name: 'body stalls', apibase: stalled.origin, timeoutMs: 200, message: /./, atLeastMs: 195 },
  ];
  try {
    for (const c of cases) {
      const t = transport(c.apibase, { timeoutMs: c.timeoutMs });
      await assert.rejects(t.request('POST', '/api/v0/tsdb', []), (e: unknown) => {
        assert.ok(e instanceof NetworkError, `${c.name}: ${e}`);
        assert.match(e.message, /^POST \/api\/v0\/tsdb: /, c.name);
        assert.match(e.message, c.message, c.name);
        assert.ok(e.elapsedMs >= c.atLeastMs && e.elapsedMs < 10_000, `${c.name}: elapsedMs ${e.elapsedMs}`);
        return true;
      });
      t.close();
    }
  } finally {
    await stalled.close();
    await silent.close();
  }
});

test('apibase: any path, query or fragment is cut to the origin; only http and https are taken', async () => {
  const server = await serve(json(200, '{}'));
  try {
    for (const suffix of ['', '/', '/mackerel/api/', '/prefix?x=1#frag']) {
      const t = transport(`${server.origin}${suffix}`);
      assert.equal(t.base, server.origin, suffix);
      await t.request('GET', '/api/v0/hosts/abc');
      assert.equal(server.seen.at(-1)?.url, '/api/v0/hosts/abc', suffix);
      t.close();
    }
  } finally {
    await server.close();
  }
  for (const bad of ['ftp://example.com', 'file:///etc/passwd']) {
    assert.throws(() => transport(bad), /apibase must be http:\/\/ or https:\/\//, bad);
  }
  assert.throws(() => transport('not a url'));
});

test('keepAlive reuses one connection; keepAlive false sends Connection: close and reconnects', async () => {
  const cases: { keepAlive: boolean | undefined; connection: string; sameSocket: boolean }[] = [
    { keepAlive: undefined, connection: 'keep-alive', sameSocket: true },
    { keepAlive: true, connection: 'keep-alive', sameSocket: true },
    { keepAlive: false, connection: 'close', sameSocket: false },
  ];
  for (const c of cases) {
    const server = await serve(json(200, '{}'));
    const t = transport(server.origin, c.keepAlive === undefined ? {} : { keepAlive: c.keepAlive });
    try {
      await t.request('GET', '/a');
      await t.request('POST', '/b', {});
      const [a, b] = server.seen as [Seen, Seen];
      assert.equal(a.headers.connection, c.connection, `keepAlive ${c.keepAlive}`);
      assert.equal(b.headers.connection, c.connection, `keepAlive ${c.keepAlive}`);
      assert.equal(a.remotePort === b.remotePort, c.sameSocket, `keepAlive ${c.keepAlive}: ports`);
    } finally {
      t.close();
      await server.close();
    }
  }
});

test('an HTTP proxy gets the absolute URI in the request line, and Proxy-Authorization from its URL', async () => {
  const target = await serve(json(200, '{"via":"proxy"}'));
  const proxy = await startProxy();
  const host = `127.0.0.1:${proxy.port}`;
  const cases: { httpProxy: string; authorization?: string }[] = [
    { httpProxy: `http://${host}` },
    { httpProxy: host }, // no scheme: http:// is assumed
    { httpProxy: `http://saba:p%40ss%3Aword@${host}`, authorization: 'Basic c2FiYTpwQHNzOndvcmQ=' }, // saba:p@ss:word
  ];
  try {
    for (const [i, c] of cases.entries()) {
      const t = transport(`${target.origin}/ignored/path`, { httpProxy: c.httpProxy });
      assert.deepEqual(await t.request('POST', '/api/v0/tsdb', [{ v: i }]), { via: 'proxy' });
      t.close();
      const p = proxy.seen.at(-1) as Seen;
      assert.equal(p.method, 'POST');
      assert.equal(p.url, `${target.origin}/api/v0/tsdb`, `${c.httpProxy}: absolute-form request line`);
      assert.equal(p.headers['proxy-authorization'], c.authorization, c.httpProxy);
      assert.equal(p.headers['x-api-key'], 'test-key');
      const s = target.seen.at(-1) as Seen;
      assert.equal(s.body, `[{"v":${i}}]\n`);
    }
    assert.equal(proxy.seen.length, cases.length);
    assert.equal(target.seen.length, cases.length);
  } finally {
    await proxy.close();
    await target.close();
  }
  // An https_proxy alone does not apply to an http:// apibase.
  const direct = await serve(json(200, '{}'));
  const unused = await startProxy();
  try {
    const t = transport(direct.origin, { httpsProxy: unused.origin });
    await t.request('GET', '/api/v0/hosts');
    t.close();
    assert.equal(unused.seen.length, 0);
    assert.equal(direct.seen.length, 1);
  } finally {
    await unused.close();
    await direct.close();
  }
});

// HTTPS: a self-signed certificate for 127.0.0.1 from the openssl command. The Transport has no
// `ca` option and uses Node's trust store, so to trust a private CA the agent must be started
// with NODE_EXTRA_CA_CERTS=<pem> (read once at process start). The full round trips therefore
// run in a child process started that way; in this process the certificate stays untrusted.
const tlsDir = mkdtempSync(join(tmpdir(), 'saba-transport-tls-'));
after(() => rmSync(tlsDir, { recursive: true, force: true }));
const tls = makeCertificate(tlsDir);
const noOpenssl = tls === undefined ? 'no openssl command to make a test certificate' : false;

function makeCertificate(dir: string): { key: string; cert: string; certPath: string } | undefined {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

test('HTTPS through a proxy: CONNECT host:port, then TLS to the target (untrusted here)', {
  skip: noOpenssl,
}, async () => {
  const target = await serve(json(200, '{}'), tls);
  const untrusted = /self[- ]signed certificate/;
  const cases: {
    name: string;
    via: 'httpsProxy' | 'httpProxy';
    userinfo?: string;
    authorization?: string;
    connectStatus: number;
    message: RegExp;
  }[] = [
    { name: 'https_proxy', via: 'httpsProxy', connectStatus: 200, message: untrusted },
    { name: 'http_proxy serves https too', via: 'httpProxy', connectStatus: 200, message: untrusted },
    {
      name: 'credentials',
      via: 'httpsProxy',
      userinfo: 'saba:secret@',
      authorization: 'Basic c2FiYTpzZWNyZXQ=',
      connectStatus: 200,
      message: untrusted,
    },
    { name: 'CONNECT refused', via: 'httpsProxy', connectStatus: 407, message: /proxy CONNECT answered 407/ },
  ];
  try {
    for (const c of cases) {
      const proxy = await startProxy(c.connectStatus);
      const t = transport(target.origin, { [c.via]: `http://${c.userinfo ?? ''}127.0.0.1:${proxy.port}` });
      try {
        await assert.rejects(t.request('GET', '/api/v0/hosts'), (e: unknown) => {
          assert.ok(e instanceof NetworkError, `${c.name}: ${e}`);
          assert.match(e.message, c.message, c.name);
          return true;
        });
        const authority = `127.0.0.1:${target.port}`;
        assert.deepEqual(
          proxy.seen.map((s) => [s.method, s.url, s.headers.host, s.headers['proxy-authorization']]),
          [['CONNECT', authority, authority, c.authorization]],
          c.name,
        );
      } finally {
        t.close();
        await proxy.close();
      }
    }
    assert.equal(target.seen.length, 0, 'no request got through an untrusted handshake');
  } finally {
    await target.close();
  }
});

test('HTTPS: https_proxy "direct" bypasses an http_proxy', { skip: noOpenssl }, async () => {
  const target = await serve(json(200, '{}'), tls);
  const proxy = await startProxy();
  const t = transport(target.origin, { httpProxy: proxy.origin, httpsProxy: 'direct' });
  try {
    await assert.rejects(t.request('GET', '/api/v0/hosts'), /self[- ]signed certificate/);
    assert.equal(proxy.seen.length, 0, 'the proxy saw nothing');
  } finally {
    t.close();
    await proxy.close();
    await target.close();
  }
});

// The child's script: both HTTPS routes, printed as JSON. It imports this directory's transport.ts
// through tsx, as the test runner does.
const CHILD = `
import { Transport } from ${JSON.stringify(new URL('./transport.ts', import.meta.url).href)};
const [apibase, proxy] = process.argv.slice(-2);
const out = [];
for (const options of [{ httpsProxy: proxy }, { httpProxy: proxy, httpsProxy: 'direct' }]) {
  const t = new Transport({ apibase, apikey: 'child-key', userAgent: 'child', ...options });
  try { out.push(await t.request('POST', '/api/v0/tsdb', [{ n: out.length }])); }
  catch (e) { out.push({ error: String(e) }); }
  t.close();
}
process.stdout.write(JSON.stringify(out));
`;

function runChild(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, '--', ...args], {
      env,
      cwd: new URL('.', import.meta.url).pathname,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('HTTPS round trips with the certificate trusted through NODE_EXTRA_CA_CERTS', { skip: noOpenssl }, async () => {
  const target = await serve(json(200, '{"ok":true}'), tls);
  const proxy = await startProxy();
  try {
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: tls?.certPath ?? '' };
    const child = await runChild(env, [target.origin, proxy.origin]);
    assert.equal(child.code, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), [{ ok: true }, { ok: true }]);
    assert.equal(child.stderr, '', 'no warning either');
    // The first came out of the proxy's tunnel, the second ("direct") did not touch the proxy.
    assert.deepEqual(
      proxy.seen.map((s) => [s.method, s.url]),
      [['CONNECT', `127.0.0.1:${target.port}`]],
    );
    assert.deepEqual(proxy.tunnelPorts, [target.seen[0]?.remotePort], 'the first request came through the tunnel');
    assert.notEqual(target.seen[1]?.remotePort, target.seen[0]?.remotePort);
    assert.deepEqual(
      target.seen.map((s) => [s.method, s.url, s.headers['x-api-key'], s.body]),
      [
        ['POST', '/api/v0/tsdb', 'child-key', '[{"n":0}]\n'],
        ['POST', '/api/v0/tsdb', 'child-key', '[{"n":1}]\n'],
      ],
    );
  } finally {
    await proxy.close();
    await target.close();
  }
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ExternalMonitor } from '../kinds/config.ts';
import { judgeExternal } from './judge.ts';
import { BODY_CAP_BYTES, CHECKER_VERSION, DEFAULT_USER_AGENT, probeUrl } from './probe.ts';

// Everything here is real: node:http(s) servers on 127.0.0.1, and for HTTPS a self-signed
// certificate made by the openssl command in a temp directory.

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaderNames: readonly string[];
  readonly body: string;
}

interface Running {
  readonly origin: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

type Handler = (seen: Seen, res: ServerResponse) => void;

async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<Running> {
  const seen: Seen[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(s);
      handler(s, res);
    });
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function monitor(url: string, over: Partial<ExternalMonitor> = {}): ExternalMonitor {
  return {
    type: 'external',
    name: 'web',
    memo: '',
    notificationInterval: null,
    isMute: false,
    url,
    method: 'GET',
    service: null,
    responseTimeWarning: null,
    responseTimeCritical: null,
    responseTimeDuration: null,
    containsString: null,
    maxCheckAttempts: 1,
    certificationExpirationWarning: null,
    certificationExpirationCritical: null,
    skipCertificateVerification: false,
    headers: null,
    requestBody: null,
    expectedStatusCode: null,
    followRedirect: false,
    dualstack: null,
    ...over,
  };
}

const answer =
  (status: number, body = '', headers: Record<string, string | string[]> = {}): Handler =>
  (_, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

test('the checker version in the User-Agent is the package version', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  assert.equal(CHECKER_VERSION, pkg.version);
  assert.equal(DEFAULT_USER_AGENT, `Saba-http-checker/${pkg.version}`);
});

test('status rules: 2xx and 3xx are OK unless expectedStatusCode says otherwise', async () => {
  const cases: Array<{ status: number; expected?: number; ok: boolean; message: RegExp }> = [
    { status: 200, ok: true, message: /^200 OK \d+ ms$/ },
    { status: 204, ok: true, message: /^204 No Content \d+ ms$/ },
    { status: 301, ok: true, message: /^301 Moved Permanently \d+ ms$/ },
    { status: 404, ok: false, message: /^404 Not Found \d+ ms$/ },
    { status: 500, ok: false, message: /^500 Internal Server Error \d+ ms$/ },
    { status: 200, expected: 201, ok: false, message: /^expected status 201, got 200$/ },
    { status: 404, expected: 404, ok: true, message: /^404 Not Found \d+ ms$/ },
    { status: 503, expected: 503, ok: true, message: /^503 Service Unavailable/ },
  ];
  for (const c of cases) {
    const srv = await serve(answer(c.status));
    try {
      const r = await probeUrl(monitor(`${srv.origin}/`, { expectedStatusCode: c.expected ?? null }));
      const name = `${c.status} expecting ${c.expected ?? '2xx/3xx'}`;
      assert.equal(r.ok, c.ok, name);
      assert.equal(r.statusCode, c.status, name);
      assert.match(r.message, c.message, name);
      assert.ok(r.responseTimeMs !== null && r.responseTimeMs >= 0, name);
      assert.equal(r.certificateExpiresAt, null, name);
    } finally {
      await srv.close();
    }
  }
});

test('containsString is searched in the body, up to the body cap', async () => {
  const big = `${'x'.repeat(BODY_CAP_BYTES + 10)}needle`;
  const srv = await serve((s, res) => res.end(s.url === '/big' ? big : '<html>all systems go</html>'));
  try {
    const found = await probeUrl(monitor(`${srv.origin}/`, { containsString: 'systems go' }));
    assert.equal(found.ok, true, found.message);
    const missing = await probeUrl(monitor(`${srv.origin}/`, { containsString: 'down' }));
    assert.deepEqual(
      [missing.ok, missing.statusCode, missing.message],
      [false, 200, 'the body does not contain "down"'],
    );
    const beyondCap = await probeUrl(monitor(`${srv.origin}/big`, { containsString: 'needle' }));
    assert.equal(beyondCap.ok, false);
    assert.equal(beyondCap.message, 'the body does not contain "needle"');
  } finally {
    await srv.close();
  }
});

test('method, body and headers reach the server: default headers, given ones, none', async () => {
  const srv = await serve(answer(200));
  try {
    await probeUrl(monitor(`${srv.origin}/a?q=1`));
    await probeUrl(monitor(`${srv.origin}/b`), { userAgent: 'Probe/9' });
    await probeUrl(
      monitor(`${srv.origin}/c`, {
        method: 'POST',
        requestBody: '{"k":1}',
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'X-Twice', value: '1' },
          { name: 'x-twice', value: '2' },
        ],
      }),
    );
    await probeUrl(monitor(`${srv.origin}/d`, { method: 'PUT', requestBody: 'put', headers: [] }));
    await probeUrl(monitor(`${srv.origin}/e`, { method: 'DELETE', requestBody: 'ignored' }));
    const [a, b, c, d, e] = srv.seen;
    assert.deepEqual([a?.method, a?.url, a?.body], ['GET', '/a?q=1', '']);
    assert.equal(a?.headers['user-agent'], DEFAULT_USER_AGENT);
    assert.equal(a?.headers['cache-control'], 'no-cache');
    assert.equal(b?.headers['user-agent'], 'Probe/9');
    assert.deepEqual([c?.method, c?.body, c?.headers['content-type']], ['POST', '{"k":1}', 'application/json']);
    assert.equal(c?.headers['x-twice'], '1, 2');
    assert.equal(c?.headers['user-agent'], undefined, 'a given list replaces the defaults');
    assert.equal(c?.headers['cache-control'], undefined);
    assert.deepEqual([d?.method, d?.body], ['PUT', 'put']);
    assert.deepEqual([...(d?.rawHeaderNames ?? [])].sort(), ['connection', 'content-length', 'host']);
    assert.deepEqual([e?.method, e?.body], ['DELETE', '']);
  } finally {
    await srv.close();
  }
});

test('Basic auth comes from user:pass@ in the URL; a given Authorization header wins', async () => {
  const srv = await serve(answer(200));
  try {
    const withCreds = srv.origin.replace('http://', 'http://alice:p%40ss@');
    await probeUrl(monitor(`${withCreds}/`));
    await probeUrl(monitor(`${withCreds}/`, { headers: [{ name: 'Authorization', value: 'Bearer t' }] }));
    assert.equal(srv.seen[0]?.headers.authorization, `Basic ${Buffer.from('alice:p@ss').toString('base64')}`);
    assert.equal(srv.seen[1]?.headers.authorization, 'Bearer t');
  } finally {
    await srv.close();
  }
});

test('redirects: a 3xx is the result when off; followed with cookies when on; 3 in a row fail', async () => {
  const srv = await serve((s, res) => {
    const route: Record<string, () => void> = {
      '/login': () => res.writeHead(302, { Location: 'home', 'Set-Cookie': ['sid=abc; Path=/; HttpOnly', 'lang=ja'] }),
      '/home': () => res.writeHead(200, { 'Content-Type': 'text/plain' }),
      '/r1': () => res.writeHead(301, { Location: '/r2' }),
      '/r2': () => res.writeHead(302, { Location: '/r3' }),
      '/r3': () => res.writeHead(307, { Location: '/home' }),
      '/post': () => res.writeHead(303, { Location: '/home' }),
    };
    (route[s.url] ?? (() => res.writeHead(404)))();
    res.end(s.url === '/home' ? `cookie: ${s.headers.cookie ?? '-'}` : '');
  });
  try {
    const off = await probeUrl(monitor(`${srv.origin}/login`));
    assert.deepEqual([off.ok, off.statusCode], [true, 302]);
    assert.deepEqual(
      srv.seen.map((s) => s.url),
      ['/login'],
    );

    srv.seen.length = 0;
    const on = await probeUrl(monitor(`${srv.origin}/login`, { followRedirect: true, containsString: 'sid=abc' }));
    assert.deepEqual([on.ok, on.statusCode], [true, 200], on.message);
    assert.deepEqual(
      srv.seen.map((s) => [s.url, s.headers.cookie]),
      [
        ['/login', undefined],
        ['/home', 'sid=abc; lang=ja'],
      ],
    );

    const two = await probeUrl(monitor(`${srv.origin}/r2`, { followRedirect: true }));
    assert.deepEqual([two.ok, two.statusCode], [true, 200], two.message);
    const three = await probeUrl(monitor(`${srv.origin}/r1`, { followRedirect: true }));
    assert.equal(three.ok, false);
    assert.equal(three.statusCode, 307);
    assert.match(three.message, /too many redirects/);

    srv.seen.length = 0;
    const post = await probeUrl(
      monitor(`${srv.origin}/post`, { followRedirect: true, method: 'POST', requestBody: 'b' }),
    );
    assert.equal(post.ok, true, post.message);
    assert.deepEqual(
      srv.seen.map((s) => [s.method, s.url, s.body]),
      [
        ['POST', '/post', 'b'],
        ['GET', '/home', ''],
      ],
    );
  } finally {
    await srv.close();
  }
});

test('a server that never answers times out; a closed port is refused; bad URLs are results', async () => {
  const silent = await serve(() => {});
  try {
    const r = await probeUrl(monitor(`${silent.origin}/`), { timeoutMs: 200 });
    assert.deepEqual(r, {
      ok: false,
      statusCode: null,
      responseTimeMs: null,
      certificateExpiresAt: null,
      message: 'timeout after 0.2 s',
    });
  } finally {
    await silent.close();
  }
  const gone = await serve(answer(200));
  await gone.close();
  const refused = await probeUrl(monitor(`${gone.origin}/`));
  assert.equal(refused.ok, false);
  assert.equal(refused.message, `connect ECONNREFUSED ${gone.origin.slice('http://'.length)}`);
  const ftp = await probeUrl(monitor('ftp://127.0.0.1/'));
  assert.deepEqual([ftp.ok, ftp.message], [false, 'unsupported URL scheme "ftp:"']);
  const invalid = await probeUrl(monitor('not a url'));
  assert.deepEqual([invalid.ok, invalid.message], [false, 'invalid URL "not a url"']);
});

test('response time runs from the request to the end of the body', async () => {
  const srv = await serve((_, res) => {
    res.write('part');
    setTimeout(() => res.end(' done'), 120);
  });
  try {
    const r = await probeUrl(monitor(`${srv.origin}/`, { containsString: 'part done' }));
    assert.equal(r.ok, true, r.message);
    assert.ok(r.responseTimeMs !== null && r.responseTimeMs >= 100, `${r.responseTimeMs}`);
    let t = 0;
    const fake = await probeUrl(monitor(`${srv.origin}/`), {
      now: () => {
        t += 1000;
        return t;
      },
    });
    assert.equal(fake.responseTimeMs, 1000);
    assert.match(fake.message, / 1000 ms$/);
  } finally {
    await srv.close();
  }
});

test('dualstack picks the address family of the lookup', async () => {
  const srv = await serve(answer(200));
  try {
    const viaName = srv.origin.replace('127.0.0.1', 'localhost');
    for (const dualstack of [null, 'ipv4', 'auto'] as const) {
      const r = await probeUrl(monitor(`${viaName}/`, { dualstack }));
      assert.equal(r.ok, true, `${dualstack}: ${r.message}`);
    }
    // The server listens on 127.0.0.1 only, so an IPv6 lookup cannot reach it.
    const v6 = await probeUrl(monitor(`${viaName}/`, { dualstack: 'ipv6' }), { timeoutMs: 2000 });
    assert.equal(v6.ok, false, v6.message);
  } finally {
    await srv.close();
  }
});

// HTTPS against a certificate valid for 3 days, made per run.
const tlsDir = mkdtempSync(join(tmpdir(), 'saba-probe-tls-'));
after(() => rmSync(tlsDir, { recursive: true, force: true }));

function makeCertificate(): { key: Buffer; cert: Buffer } {
  const keyPath = join(tlsDir, 'key.pem');
  const certPath = join(tlsDir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '3',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

test('https: a self-signed certificate fails unless verification is skipped; its expiry is read', async () => {
  const srv = await serve(answer(200, 'secure'), makeCertificate());
  try {
    const strict = await probeUrl(monitor(`${srv.origin}/`));
    assert.equal(strict.ok, false);
    assert.match(strict.message, /self[- ]signed certificate/);
    assert.equal(srv.seen.length, 0, 'nothing is sent to an unverified server');

    const m = monitor(`${srv.origin}/`, {
      skipCertificateVerification: true,
      containsString: 'secure',
      certificationExpirationWarning: 7,
      certificationExpirationCritical: 1,
    });
    const skipped = await probeUrl(m);
    assert.equal(skipped.ok, true, skipped.message);
    const nowSec = Date.now() / 1000;
    assert.ok(skipped.certificateExpiresAt !== null);
    assert.ok(Math.abs(skipped.certificateExpiresAt - (nowSec + 3 * 86_400)) < 120, `${skipped.certificateExpiresAt}`);

    const judged = judgeExternal(m, skipped, [], nowSec);
    assert.equal(judged.status, 'WARNING');
    assert.match(judged.message, /^200 OK \d+ ms; the certificate expires in 2 days$/);
  } finally {
    await srv.close();
  }
});

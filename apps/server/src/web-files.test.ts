// The web UI's file serving: index.html for the UI's routes, hashed assets, headers, and no way out
// of the directory. Requests go over real HTTP with raw paths (fetch would normalise "..").
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type Harness, startHarness } from './testing/harness.ts';
import { webFiles } from './web-files.ts';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with `path` sent exactly as written. */
function raw(port: number, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const INDEX = '<!doctype html><title>Saba test</title><div id="app"></div>';
const SCRIPT = 'console.log("saba");'.repeat(50);

let base: string;
let server: Server;
let port: number;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'saba-web-'));
  const dist = join(base, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dist, 'assets', 'main-ABC123.js'), SCRIPT);
  await writeFile(join(dist, 'assets', 'main-ABC123.js.gz'), gzipSync(SCRIPT));
  await writeFile(join(dist, 'assets', 'styles-DEF456.css'), 'body{margin:0}');
  // Outside the served directory: no path may reach it.
  await writeFile(join(base, 'secret.txt'), 'top secret');
  const handle = webFiles(dist);
  server = createServer((req, res) => handle(req, res, (req.url ?? '/').split('?', 1)[0] as string));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await rm(base, { recursive: true, force: true });
});

describe('web files', () => {
  test('every page path answers index.html, never cached, with the security headers', async () => {
    for (const path of ['/', '/hosts', '/hosts/3xYz9AbC', '/index.html', '/hosts/a?range=1d']) {
      const r = await raw(port, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.body.toString(), INDEX, path);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'same-origin');
      const csp = String(r.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe/);
    }
  });

  test('index.html answers 304 to its own ETag', async () => {
    const first = await raw(port, '/hosts');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"/);
    const again = await raw(port, '/hosts', 'GET', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('hashed assets are cached for a year with their content type; gzip when accepted', async () => {
    const js = await raw(port, '/assets/main-ABC123.js');
    assert.equal(js.status, 200);
    assert.equal(js.body.toString(), SCRIPT);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['x-content-type-options'], 'nosniff');
    assert.equal(js.headers['content-encoding'], undefined);

    const gz = await raw(port, '/assets/main-ABC123.js', 'GET', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'accept-encoding');
    assert.ok(gz.body.length < SCRIPT.length);

    const css = await raw(port, '/assets/styles-DEF456.css', 'GET', { 'accept-encoding': 'gzip' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['content-encoding'], undefined, 'no .gz beside it: served as is');
    assert.equal(css.body.toString(), 'body{margin:0}');

    const icon = await raw(port, '/favicon.svg');
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'no-cache');
  });

  test('HEAD answers the headers without a body', async () => {
    const r = await raw(port, '/assets/main-ABC123.js', 'HEAD');
    assert.equal(r.status, 200);
    assert.equal(Number(r.headers['content-length']), SCRIPT.length);
    assert.equal(r.body.length, 0);
  });

  test('a missing asset, or a missing name with an extension, is a 404 and not index.html', async () => {
    for (const path of ['/assets/main-OLD.js', '/assets/nothing', '/robots.txt']) {
      const r = await raw(port, path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
      assert.doesNotMatch(r.body.toString(), /Saba test/);
    }
  });

  test('no path leaves the directory, however it is written', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2fsecret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/secret.txt%00.js',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const r = await raw(port, path);
      assert.doesNotMatch(r.body.toString(), /top secret/, path);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status}`);
    }
    assert.equal((await raw(port, '/%2e%2e/secret.txt')).status, 400);
    assert.equal((await raw(port, '/%E0%A4%A')).status, 400);
    assert.equal((await raw(port, '/secret.txt%00.js')).status, 400);
  });

  test('without a build, every page explains how to build it', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'saba-web-empty-'));
    const handle = webFiles(empty);
    const s = createServer((req, res) => handle(req, res, req.url ?? '/'));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const r = await raw((s.address() as AddressInfo).port, '/hosts');
      assert.equal(r.status, 503);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(r.body.toString(), /npm run build:web/);
    } finally {
      await new Promise((r) => s.close(r));
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('the server serves the UI from SABA_WEB_DIR', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ SABA_WEB_DIR: join(base, 'dist') });
  });
  after(() => h.close());

  test('pages and assets outside /api; the API, health and unknown writes as before', async () => {
    const page = await h.call('GET', '/hosts/abc', { key: null });
    assert.equal(page.status, 200);
    assert.equal(page.text, INDEX);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const js = await h.call('GET', '/assets/main-ABC123.js', { key: null });
    assert.equal(js.text, SCRIPT);
    assert.equal((await h.call('GET', '/api/v0/hosts')).json.hosts.length, 0);
    assert.equal((await h.call('GET', '/api/v0/nothing')).status, 404);
    assert.deepEqual((await h.call('GET', '/healthz', { key: null })).json, { status: 'ok' });
    const post = await h.call('POST', '/hosts', { key: null, body: {} });
    assert.equal(post.status, 404);
    assert.equal(typeof post.json.error.message, 'string');
  });
});

// The server process under SIGTERM (drain in-flight requests, refuse new ones, flush, exit 0)
// and under kill -9 (what was acknowledged is on disk).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type ChildServer, spawnServer } from '../testing/child-process.ts';

const KEY = 'shutdown-test-key';
const NOW = Math.floor(Date.now() / 1000);
const T = NOW - (NOW % 60) - 60;

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: `${JSON.stringify(body)}\n` } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

async function registerHost(base: string): Promise<string> {
  const r = await api(base, 'POST', '/api/v0/hosts', {
    name: 'shutdown-host',
    meta: {},
    interfaces: null,
    roleFullnames: null,
    checks: null,
  });
  assert.equal(r.status, 200, r.text);
  return r.json.id;
}

/** Resolves with the connection error (ECONNREFUSED expected) or 'connected'. */
function tryConnect(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/**
 * What connecting gives once the listener has had `withinMs` to close: the close of a listening
 * socket completes on the server's next event-loop turn, so a connection made in the same
 * instant as the log line can still be accepted (and then reset).
 */
async function connectAfterClose(url: string, withinMs = 2_000): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const got = await tryConnect(url);
    // A connection that was in the backlog when the listener closed is reset, not refused: ask again.
    if ((got !== 'connected' && got !== 'ECONNRESET') || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dirs: string[] = [];
const children: ChildServer[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'saba-shutdown-'));
  dirs.push(d);
  return d;
}
async function start(env: Record<string, string>): Promise<ChildServer> {
  const c = await spawnServer({ SABA_API_KEY: KEY, ...env });
  children.push(c);
  return c;
}

after(async () => {
  for (const c of children) await c.stop('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

// Starting the server costs a second or more (tsx compiles it), so the two tests share a data
// directory: the server restarted after SIGTERM is the one killed with -9.
describe('server process shutdown', () => {
  let dir = '';
  let host = '';
  let s2: ChildServer | undefined;
  const drained = (i: number) => ({ name: `custom.drain.m${i}`, value: i + 0.5 });

  test('SIGTERM: a slow in-flight POST /tsdb completes with 200, new connections are refused, exit 0, nothing lost', async () => {
    dir = await tempDir();
    const s1 = await start({ SABA_DATA_DIR: dir, SABA_FSYNC: 'batch' });
    host = await registerHost(s1.url);
    // ~190 KB: 2,000 series of one minute, as a large agent fleet's catch-up post could be.
    const items = Array.from({ length: 2000 }, (_, i) => ({ hostId: host, time: T, ...drained(i) }));
    const body = Buffer.from(`${JSON.stringify(items)}\n`);
    const { hostname, port } = new URL(s1.url);
    const answer = new Promise<{ status: number; text: string; connection: string | undefined }>((resolve, reject) => {
      const req = request(
        {
          host: hostname,
          port,
          method: 'POST',
          path: '/api/v0/tsdb',
          agent: false,
          headers: {
            'X-Api-Key': KEY,
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            Expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, connection: res.headers.connection }));
        },
      );
      req.on('error', reject);
      // "100 Continue" comes once the server has parsed the headers and holds the request, so the
      // SIGTERM below lands while it is in flight (not while it still sits unread in a socket).
      req.once('continue', () => {
        const half = Math.floor(body.length / 2);
        req.write(body.subarray(0, half), async () => {
          try {
            s1.proc.kill('SIGTERM');
            await s1.waitFor(/SIGTERM received/);
            // The listener is closed now; the in-flight request is still being read.
            assert.equal(await connectAfterClose(s1.url), 'ECONNREFUSED', 'a new connection after SIGTERM is refused');
            await new Promise((r) => setTimeout(r, 200));
            req.end(body.subarray(half));
          } catch (err) {
            reject(err);
          }
        });
      });
      req.flushHeaders();
    });
    const res = await answer.catch((err: Error) => {
      throw new Error(`${err.message}\nserver stdout: ${s1.stdout()}\nserver stderr: ${s1.stderr()}`);
    });
    assert.equal(res.status, 200, `${res.text}\nserver stderr: ${s1.stderr()}`);
    assert.deepEqual(JSON.parse(res.text), { success: true });
    assert.equal(res.connection, 'close', 'a draining server tells keep-alive clients to go');
    const exit = await s1.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, s1.stderr());
    assert.match(s1.stdout(), /saba: stopped/);
    assert.equal(await tryConnect(s1.url), 'ECONNREFUSED');

    s2 = await start({ SABA_DATA_DIR: dir, SABA_FSYNC: 'batch' });
    const names = await api(s2.url, 'GET', `/api/v0/hosts/${host}/metric-names`);
    assert.equal(names.status, 200, names.text);
    assert.equal(names.json.names.length, items.length);
    for (const i of [0, 1, 999, 1500, 1999]) {
      const m = await api(
        s2.url,
        'GET',
        `/api/v0/hosts/${host}/metrics?name=${drained(i).name}&from=${T - 60}&to=${T + 60}`,
      );
      assert.deepEqual(m.json, { metrics: [{ time: T, value: drained(i).value }] });
    }
  });

  test('kill -9 right after a 200 on POST /tsdb (SABA_FSYNC=batch): the samples are there after a restart', async () => {
    const s1 = s2;
    assert.ok(s1, 'needs the server restarted by the SIGTERM test');
    const items = [0, 1, 2].flatMap((k) =>
      Array.from({ length: 30 }, (_, i) => ({
        hostId: host,
        name: `loadavg.m${i}`,
        time: T - 120 + 60 * k,
        value: i * 10 + k,
      })),
    );
    const posted = await api(s1.url, 'POST', '/api/v0/tsdb', items);
    assert.equal(posted.status, 200, posted.text);
    s1.proc.kill('SIGKILL');
    assert.deepEqual(await s1.exited, { code: null, signal: 'SIGKILL' });

    const s3 = await start({ SABA_DATA_DIR: dir, SABA_FSYNC: 'batch' });
    assert.equal((await api(s3.url, 'GET', `/api/v0/hosts/${host}`)).json.host.name, 'shutdown-host');
    for (let i = 0; i < 30; i++) {
      const m = await api(
        s3.url,
        'GET',
        `/api/v0/hosts/${host}/metrics?name=loadavg.m${i}&from=${T - 180}&to=${T + 60}`,
      );
      assert.deepEqual(
        m.json,
        { metrics: [0, 1, 2].map((k) => ({ time: T - 120 + 60 * k, value: i * 10 + k })) },
        `loadavg.m${i}`,
      );
    }
    const latest = await api(
      s3.url,
      'GET',
      `/api/v0/tsdb/latest?hostId=${host}&name=loadavg.m7&name=${drained(7).name}`,
    );
    assert.deepEqual(latest.json, {
      tsdbLatest: {
        [host]: { 'loadavg.m7': { time: T, value: 72 }, [drained(7).name]: { time: T, value: drained(7).value } },
      },
    });
    assert.equal((await api(s3.url, 'GET', `/api/v0/hosts/${host}/metric-names`)).json.names.length, 2030);
    assert.deepEqual(await s3.stop(), { code: 0, signal: null });
  });
});

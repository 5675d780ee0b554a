// Health, readiness and Saba's own metrics; and the first-start API key banner of the real process.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawnServer } from './testing/child-process.ts';
import { type Harness, startHarness } from './testing/harness.ts';

describe('health and self-metrics', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('/healthz and /readyz answer 200 without a key', async () => {
    const health = await h.call('GET', '/healthz', { key: null });
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'ok' });
    const ready = await h.call('GET', '/readyz', { key: null });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json, { status: 'ready' });
  });

  test('/metrics is Prometheus text with per-route request counts and tsdb gauges', async () => {
    const now = Math.floor(Date.now() / 1000);
    const id = (await h.call('POST', '/api/v0/hosts', { body: { name: 'm', meta: {} } })).json.id;
    const items = ['a', 'b', 'c'].map((n, i) => ({ hostId: id, name: `custom.x.${n}`, time: now - 60, value: i }));
    assert.equal((await h.call('POST', '/api/v0/tsdb', { body: items })).status, 200);
    assert.equal((await h.call('POST', '/api/v0/tsdb', { body: items })).status, 200);
    assert.equal((await h.call('GET', '/api/v0/hosts')).status, 200);
    assert.equal((await h.call('GET', '/api/v0/hosts/nosuchhost')).status, 404);
    assert.equal((await h.call('GET', '/api/v0/hosts', { key: 'wrong' })).status, 403);

    const res = await h.call('GET', '/metrics', { key: null });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const lines = res.text.split('\n');
    assert.equal(lines.at(-1), '', 'ends with a newline');
    const samples = new Map<string, number>();
    const typed = new Set<string>();
    for (const line of lines.slice(0, -1)) {
      const t = line.match(/^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/);
      if (t) typed.add(t[1] as string);
      if (line.startsWith('#')) {
        assert.match(line, /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/);
        continue;
      }
      const m = line.match(
        /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\]*")*\})? (\S+)$/,
      );
      assert.ok(m, `not an exposition line: ${JSON.stringify(line)}`);
      const family = (m[1] as string).replace(/_(bucket|sum|count)$/, '');
      assert.ok(typed.has(family) || typed.has(m[1] as string), `${m[1]} has no # TYPE before it`);
      const v = Number(m[3] === '+Inf' ? Infinity : m[3]);
      assert.ok(!Number.isNaN(v), line);
      samples.set(`${m[1]}${m[2] ?? ''}`, v);
    }
    assert.equal(samples.get('saba_http_requests_total{route="tsdb.post",status="200"}'), 2);
    assert.equal(samples.get('saba_http_requests_total{route="hosts.create",status="200"}'), 1);
    assert.equal(samples.get('saba_http_requests_total{route="hosts.list",status="200"}'), 1);
    assert.equal(samples.get('saba_http_requests_total{route="hosts.get",status="404"}'), 1);
    assert.equal(samples.get('saba_http_requests_total{route="hosts.list",status="403"}'), 1);
    assert.ok((samples.get('saba_tsdb_series') ?? 0) >= 3, 'saba_tsdb_series counts the posted series');
    assert.ok((samples.get('saba_tsdb_wal_bytes') ?? 0) > 0, 'saba_tsdb_wal_bytes after a post');
    assert.equal(samples.get('saba_http_request_duration_seconds_count{route="tsdb.post"}'), 2);
  });
});

// The two tests use separate data directories and run side by side: each process start costs seconds.
describe('first start: the generated API key', { concurrency: 2 }, () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'saba-health-'));
    dirs.push(d);
    return d;
  };
  const org = (url: string, key: string) => fetch(`${url}/api/v0/org`, { headers: { 'x-api-key': key } });

  test('printed once on the first start without SABA_API_KEY; not again on the same data directory', async () => {
    const dir = await tempDir();
    const first = await spawnServer({ SABA_DATA_DIR: dir });
    let key: string;
    try {
      // The banner follows the "listening" line.
      key = (await first.waitFor(/apikey = "([^"]+)"/))[1] as string;
      // One banner: the key on its own line and in the agent config lines.
      assert.equal(first.stdout().split('Created organization').length - 1, 1);
      assert.match(first.stdout(), new RegExp(`\\n {2}${key}\\n`));
      const res = await org(first.url, key);
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { name: string }).name, 'default');
    } finally {
      assert.deepEqual(await first.stop(), { code: 0, signal: null });
    }
    const second = await spawnServer({ SABA_DATA_DIR: dir });
    try {
      assert.equal((await org(second.url, key)).status, 200, 'the first key still works');
      // A banner would have been printed before the server answered anything.
      assert.doesNotMatch(second.stdout(), /apikey|API key|Created organization/i, second.stdout());
      assert.ok(!second.stdout().includes(key));
    } finally {
      assert.deepEqual(await second.stop(), { code: 0, signal: null });
    }
  });

  test('with SABA_API_KEY nothing is printed and that key works', async () => {
    const dir = await tempDir();
    const key = 'operator-chosen-key-0123456789';
    const s = await spawnServer({ SABA_DATA_DIR: dir, SABA_API_KEY: key });
    try {
      const res = await org(s.url, key);
      assert.equal(res.status, 200);
      assert.doesNotMatch(s.stdout(), /apikey|API key|Created organization/i);
      assert.equal(((await res.json()) as { name: string }).name, 'default');
      assert.equal((await org(s.url, `${key}x`)).status, 403);
    } finally {
      assert.deepEqual(await s.stop(), { code: 0, signal: null });
    }
  });
});

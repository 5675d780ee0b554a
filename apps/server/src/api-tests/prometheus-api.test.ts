// The Prometheus HTTP API (docs/prometheus-api.md) over loopback: every endpoint's JSON as
// Prometheus answers it, GET and form-encoded POST, the key as X-Api-Key, Bearer and Basic auth,
// Prometheus's error types and codes, and only labelled series visible, without their mark.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compress } from 'snappyjs';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from '../../../../tools/prometheus-peer/remote-write.ts';
import { createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
/** Start of the data: a whole minute an hour ago (inside the accepted write window). */
let t0: number;

before(async () => {
  h = await startHarness();
  t0 = Math.floor(nowSec() / 60) * 60_000 - 3_600_000;
  // Two jobs of `up` and a counter, a sample every 15 s for 10 minutes.
  const ts = Array.from({ length: 41 }, (_, i) => t0 + i * 15_000);
  const body = compress(
    encodeWriteRequest([
      { labels: { __name__: 'up', job: 'api', instance: 'a:1' }, ts, vs: ts.map(() => 1) },
      { labels: { __name__: 'up', job: 'api', instance: 'b:1' }, ts, vs: ts.map(() => 0) },
      { labels: { __name__: 'up', job: 'db', instance: 'c:1' }, ts, vs: ts.map(() => 1) },
      { labels: { __name__: 'reqs_total', job: 'api', instance: 'a:1' }, ts, vs: ts.map((_, i) => i * 30) },
    ]),
  );
  const res = await fetch(`${h.url}/api/v1/write`, {
    method: 'POST',
    headers: { ...REMOTE_WRITE_HEADERS, 'x-api-key': h.key },
    body,
  });
  assert.equal(res.status, 204);
  // A Mackerel host metric: never visible through the Prometheus API.
  const host = await createHost(h, { name: 'prom-api-host' });
  const post = await h.call('POST', '/api/v0/tsdb', {
    body: [{ hostId: host, name: 'custom.up', time: t0 / 1000, value: 5 }],
  });
  assert.equal(post.status, 200);
});
after(async () => {
  await h.close();
});

/** A GET of `path?params` with the default key; the JSON answer. */
async function get(path: string, params: Record<string, string | string[]>, headers?: Record<string, string>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x);
  const res = await fetch(`${h.url}${path}?${q}`, { headers: headers ?? { 'x-api-key': h.key } });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Json };
}

/** A form-encoded POST, as Grafana sends queries. */
async function post(path: string, params: Record<string, string>) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': h.key, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const sec = (ms: number) => ms / 1000;

test('an instant query answers a vector of labelled series without the mark, values as strings', async () => {
  const at = t0 + 300_000;
  const r = await get('/api/v1/query', { query: 'up{job="api"}', time: String(sec(at)) });
  assert.equal(r.status, 200);
  assert.match(r.type ?? '', /application\/json/);
  assert.deepEqual(r.json, {
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { __name__: 'up', instance: 'a:1', job: 'api' }, value: [sec(at), '1'] },
        { metric: { __name__: 'up', instance: 'b:1', job: 'api' }, value: [sec(at), '0'] },
      ],
    },
  });
});

test("Grafana's health check (1+1) answers a scalar, RFC 3339 time accepted", async () => {
  const at = new Date(t0).toISOString();
  const r = await get('/api/v1/query', { query: '1+1', time: at });
  assert.deepEqual(r.json, { status: 'success', data: { resultType: 'scalar', result: [sec(t0), '2'] } });
});

test('a range query by form POST answers a matrix on the step grid', async () => {
  const r = await post('/api/v1/query_range', {
    query: 'sum by (job) (up)',
    start: String(sec(t0)),
    end: String(sec(t0 + 120_000)),
    step: '1m',
  });
  assert.equal(r.status, 200);
  const grid = [t0, t0 + 60_000, t0 + 120_000];
  assert.deepEqual(r.json, {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        { metric: { job: 'api' }, values: grid.map((t) => [sec(t), '1']) },
        { metric: { job: 'db' }, values: grid.map((t) => [sec(t), '1']) },
      ],
    },
  });
  // rate over a counter that rises 30 per 15 s: 2 per second; step as float seconds.
  const rate = await get('/api/v1/query_range', {
    query: 'rate(reqs_total[1m])',
    start: String(sec(t0 + 120_000)),
    end: String(sec(t0 + 240_000)),
    step: '60',
  });
  assert.equal(rate.json.data.result.length, 1);
  const values: [number, string][] = rate.json.data.result[0].values;
  assert.deepEqual(
    values.map((v) => v[0]),
    [sec(t0 + 120_000), sec(t0 + 180_000), sec(t0 + 240_000)],
  );
  for (const [, v] of values) assert.ok(Math.abs(Number(v) - 2) < 1e-9, v);
});

test('query errors carry Prometheus error types and codes', async () => {
  const cases: [string, Record<string, string>, number, string, RegExp][] = [
    ['/api/v1/query', { query: 'sum(' }, 400, 'bad_data', /parse error/],
    ['/api/v1/query', { query: 'up', time: 'yesterday' }, 400, 'bad_data', /invalid parameter "time"/],
    ['/api/v1/query_range', { query: 'up[5m]', start: '0', end: '60', step: '15' }, 422, 'execution', /range vector/],
    ['/api/v1/query_range', { query: 'up', start: '0', end: '60' }, 400, 'bad_data', /invalid parameter "step"/],
    ['/api/v1/query_range', { query: 'up', start: '60', end: '0', step: '15' }, 400, 'bad_data', /before start/],
    ['/api/v1/query_range', { query: 'up', start: '0', end: '11001', step: '1' }, 400, 'bad_data', /11,000 points/],
    ['/api/v1/query_range', { query: 'up', start: '0', end: '60', step: '0' }, 400, 'bad_data', /zero or negative/],
    ['/api/v1/query_range', { query: 'up', end: '60', step: '15' }, 400, 'bad_data', /invalid parameter "start"/],
    ['/api/v1/series', {}, 400, 'bad_data', /no match\[\] parameter provided/],
    ['/api/v1/series', { 'match[]': 'up[5m]' }, 400, 'bad_data', /parse error/],
    ['/api/v1/label/1bad/values', {}, 400, 'bad_data', /invalid label name/],
    ['/api/v1/labels', { limit: '-1' }, 400, 'bad_data', /invalid parameter "limit"/],
  ];
  for (const [path, params, status, errorType, message] of cases) {
    const r = await get(path, params);
    assert.equal(r.status, status, `${path} ${JSON.stringify(params)}`);
    assert.equal(r.json.status, 'error');
    assert.equal(r.json.errorType, errorType, `${path} ${JSON.stringify(params)}`);
    assert.match(r.json.error, message);
  }
});

test('series, label names and label values see labelled series only, with match[] and limit', async () => {
  const series = await get('/api/v1/series', { 'match[]': ['up{job="db"}', 'reqs_total'] });
  assert.deepEqual(series.json, {
    status: 'success',
    data: [
      { __name__: 'reqs_total', instance: 'a:1', job: 'api' },
      { __name__: 'up', instance: 'c:1', job: 'db' },
    ],
  });
  const labels = await get('/api/v1/labels', {});
  assert.deepEqual(labels.json, { status: 'success', data: ['__name__', 'instance', 'job'] });
  const names = await post('/api/v1/label/__name__/values', {});
  assert.deepEqual(names.json, { status: 'success', data: ['reqs_total', 'up'] });
  const jobs = await get('/api/v1/label/instance/values', { 'match[]': 'up{job="api"}' });
  assert.deepEqual(jobs.json, { status: 'success', data: ['a:1', 'b:1'] });
  const limited = await get('/api/v1/label/instance/values', { limit: '1' });
  assert.deepEqual(limited.json, { status: 'success', data: ['a:1'], warnings: ['results truncated due to limit'] });
  // A window before the data holds no series.
  const early = await get('/api/v1/series', { 'match[]': 'up', start: '0', end: String(sec(t0) - 600) });
  assert.deepEqual(early.json, { status: 'success', data: [] });
  const mark = await get('/api/v1/label/__saba_labeled__/values', {});
  assert.deepEqual(mark.json, { status: 'success', data: [] });
});

test('metadata, exemplars and build info answer what Grafana reads', async () => {
  assert.deepEqual((await get('/api/v1/metadata', {})).json, { status: 'success', data: {} });
  assert.deepEqual((await get('/api/v1/query_exemplars', { query: 'up' })).json, { status: 'success', data: [] });
  const info = await get('/api/v1/status/buildinfo', {});
  assert.equal(info.json.status, 'success');
  assert.equal(info.json.data.version, '2.42.0');
  for (const field of ['revision', 'branch', 'buildUser', 'buildDate', 'goVersion'])
    assert.equal(typeof info.json.data[field], 'string', field);
});

test('the key is taken from X-Api-Key, Bearer or Basic auth; none is refused in Prometheus JSON', async () => {
  const forms: Record<string, string>[] = [
    { 'x-api-key': h.key },
    { authorization: `Bearer ${h.key}` },
    { authorization: `Basic ${Buffer.from(`grafana:${h.key}`).toString('base64')}` },
  ];
  for (const headers of forms) {
    const r = await get('/api/v1/query', { query: '1', time: '0' }, headers);
    assert.deepEqual(r.json, { status: 'success', data: { resultType: 'scalar', result: [0, '1'] } });
  }
  const wrong = `Basic ${Buffer.from('grafana:not-a-key').toString('base64')}`;
  for (const headers of [{}, { authorization: wrong }]) {
    const r = await get('/api/v1/labels', {}, headers);
    assert.equal(r.status, 403);
    assert.equal(r.json.status, 'error');
    assert.equal(r.json.errorType, 'bad_data');
    assert.equal(typeof r.json.error, 'string');
  }
  // Another organization sees none of this one's series.
  const other = await h.newOrg();
  const r = await get('/api/v1/label/__name__/values', {}, { authorization: `Bearer ${other.readKey}` });
  assert.deepEqual(r.json, { status: 'success', data: [] });
});

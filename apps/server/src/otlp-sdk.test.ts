// The proof of issue 9's OTLP half: the OpenTelemetry JS SDK, with its OTLP protobuf exporter,
// exports to a real Saba over loopback, and what the tsdb holds matches what was recorded: names
// and labels as docs/otlp.md translates them, and cumulative sums growing over two exports; and
// the same read back through the Prometheus API's /api/v1/query_range (docs/prometheus-api.md).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { labelsToRecord, type OrgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { type Harness, startHarness } from './testing/harness.ts';

let h: Harness;
let org: OrgId;

before(async () => {
  h = await startHarness();
  const p = await h.server.catalog.orgs.authenticate(h.key);
  assert.ok(p !== undefined);
  org = p.orgId;
});
after(async () => {
  await h.close();
});

/** The two export times of series `name` (ms), read from the tsdb. */
function exportTimes(name: string): number[] {
  const q = h.server.tsdb.querier(org, unixMs(0), unixMs(8.64e15));
  const [s] = q.select([matcher('=', '__name__', name), matcher('=', 'job', 'sdk-shop/checkout')]);
  assert.ok(s !== undefined, name);
  const got = s.samples();
  return Array.from(got.ts.subarray(0, got.length));
}

/** What the exports sent, through /api/v1/query_range on a grid of the two export times. */
async function readBack(): Promise<void> {
  const [first, second] = exportTimes('shop_orders_total') as [number, number];
  const range = async (query: string) => {
    const params = new URLSearchParams({
      query,
      start: String(first / 1000),
      end: String(second / 1000),
      step: String((second - first) / 1000),
    });
    const res = await fetch(`${h.url}/api/v1/query_range?${params}`, { headers: { authorization: `Bearer ${h.key}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
    };
    assert.equal(body.data.resultType, 'matrix');
    return body.data.result;
  };
  const orders = await range('shop_orders_total{job="sdk-shop/checkout"}');
  assert.equal(orders.length, 1);
  assert.equal(orders[0]?.metric.payment_method, 'card');
  assert.equal(orders[0]?.metric.__saba_labeled__, undefined, 'the mark is not shown');
  assert.deepStrictEqual(orders[0]?.values, [
    [first / 1000, '5'],
    [second / 1000, '8'],
  ]);
  const temp = await range('room_temperature_celsius{room="lab"}');
  assert.deepStrictEqual(
    temp.map((s) => s.values.map(([, v]) => v)),
    [['21.5', '22']],
  );
  const buckets = await range('sum by (le) (http_server_request_duration_seconds_bucket{job="sdk-shop/checkout"})');
  assert.deepStrictEqual(Object.fromEntries(buckets.map((s) => [s.metric.le, s.values.map(([, v]) => v)])), {
    '0.1': ['1', '1'],
    '1': ['2', '2'],
    '10': ['3', '3'],
    '+Inf': ['3', '4'],
  });
}

/** Every stored series named `name` of job sdk-shop/checkout, as {labels, values}. */
function series(name: string): { labels: Record<string, string>; values: number[] }[] {
  const q = h.server.tsdb.querier(org, unixMs(0), unixMs(8.64e15));
  return q.select([matcher('=', '__name__', name), matcher('=', 'job', 'sdk-shop/checkout')]).map((s) => {
    const got = s.samples();
    return { labels: labelsToRecord(s.labels), values: Array.from(got.vs.subarray(0, got.length)) };
  });
}

function only(name: string) {
  const all = series(name);
  assert.equal(all.length, 1, `one series ${name}: ${JSON.stringify(all)}`);
  return all[0] as { labels: Record<string, string>; values: number[] };
}

test('the OpenTelemetry SDK exports to Saba and reads back as sent', async () => {
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({ url: `${h.url}/v1/metrics`, headers: { 'Mackerel-Api-Key': h.key } }),
    // Only forceFlush exports: the test decides when.
    exportIntervalMillis: 3_600_000,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.namespace': 'sdk-shop',
      'deployment.environment.name': 'test',
    }),
    readers: [reader],
  });
  try {
    const meter = provider.getMeter('saba-sdk-test', '1.0.0');
    const orders = meter.createCounter('shop.orders', { unit: '{order}' });
    const inflight = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });
    const temp = meter.createGauge('room.temperature', { unit: 'Cel' });
    const duration = meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1, 10] },
    });

    orders.add(5, { 'payment.method': 'card' });
    inflight.add(3);
    inflight.add(-1);
    temp.record(21.5, { room: 'lab' });
    for (const v of [0.05, 0.5, 5]) duration.record(v, { 'http.route': '/cart', 'http.response.status_code': 200 });
    await reader.forceFlush();

    orders.add(3, { 'payment.method': 'card' });
    inflight.add(-2);
    temp.record(22, { room: 'lab' });
    duration.record(20, { 'http.route': '/cart', 'http.response.status_code': 200 });
    await reader.forceFlush();
    // Read before shutdown, which exports once more.
    check();
    await readBack();
  } finally {
    await provider.shutdown();
  }
});

/** What the two exports must have stored. */
function check(): void {
  const counter = only('shop_orders_total');
  assert.deepStrictEqual(counter.values, [5, 8], 'a cumulative sum grows across exports');
  assert.equal(counter.labels.payment_method, 'card');
  // Resource attributes as labels, service identity as job, the scope as otel_scope_*.
  assert.equal(counter.labels.service_name, 'checkout');
  assert.equal(counter.labels.service_namespace, 'sdk-shop');
  assert.equal(counter.labels.deployment_environment_name, 'test');
  assert.equal(counter.labels.otel_scope_name, 'saba-sdk-test');
  assert.equal(counter.labels.otel_scope_version, '1.0.0');
  assert.equal(counter.labels.__saba_labeled__, '1');

  assert.deepStrictEqual(only('http_server_active_requests').values, [2, 0], 'an up-down counter is a gauge-like sum');
  const gauge = only('room_temperature_celsius');
  assert.deepStrictEqual(gauge.values, [21.5, 22]);
  assert.equal(gauge.labels.room, 'lab');

  const base = 'http_server_request_duration_seconds';
  const count = only(`${base}_count`);
  assert.deepStrictEqual(count.values, [3, 4]);
  assert.equal(count.labels.http_route, '/cart');
  assert.equal(count.labels.http_response_status_code, '200');
  assert.deepStrictEqual(only(`${base}_sum`).values, [5.55, 25.55]);
  const buckets = Object.fromEntries(series(`${base}_bucket`).map((s) => [s.labels.le, s.values]));
  assert.deepStrictEqual(buckets, { '0.1': [1, 1], '1': [2, 2], '10': [3, 3], '+Inf': [3, 4] });
}

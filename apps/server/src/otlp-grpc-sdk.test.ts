// The proof of issue 9's OTLP/gRPC receiver: the OpenTelemetry JS SDK's gRPC exporter (grpc-js),
// configured as an application would be (OTEL_EXPORTER_OTLP_METRICS_HEADERS, _COMPRESSION), exports
// to a real Saba's gRPC port over loopback, and the Prometheus API reads back what was recorded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { type Harness, startHarness } from './testing/harness.ts';

let h: Harness;

before(async () => {
  h = await startHarness({ SABA_OTLP_GRPC_PORT: '0' });
});
after(async () => {
  await h.close();
});

/** A reader that collects only when asked, so each export's result can be checked. */
class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The exporter as an application's environment sets it up (the SDK reads the variables when it is made). */
function exporter(key: string, compression: 'gzip' | 'none'): OTLPMetricExporter {
  process.env.OTEL_EXPORTER_OTLP_METRICS_HEADERS = `mackerel-api-key=${key}`;
  process.env.OTEL_EXPORTER_OTLP_METRICS_COMPRESSION = compression;
  try {
    return new OTLPMetricExporter({ url: h.server.otlpGrpcUrl as string });
  } finally {
    delete process.env.OTEL_EXPORTER_OTLP_METRICS_HEADERS;
    delete process.env.OTEL_EXPORTER_OTLP_METRICS_COMPRESSION;
  }
}

/** Collects once and exports through `to`: the export's result code (0 success) and error. */
async function exportNow(reader: MetricReader, to: OTLPMetricExporter): Promise<{ code: number; error?: Error }> {
  const { resourceMetrics } = await reader.collect();
  return new Promise((resolve) => to.export(resourceMetrics, resolve));
}

function provider(job: string, reader: MetricReader): MeterProvider {
  return new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': job, 'service.namespace': 'grpc-shop' }),
    readers: [reader],
  });
}

/** Every sample of `selector` over the last hour, through /api/v1/query: labels and values. */
async function readBack(selector: string): Promise<{ metric: Record<string, string>; values: string[] }[]> {
  const params = new URLSearchParams({ query: `${selector}[1h]` });
  const res = await fetch(`${h.url}/api/v1/query?${params}`, { headers: { authorization: `Bearer ${h.key}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  assert.equal(body.data.resultType, 'matrix');
  return body.data.result.map((s) => ({ metric: s.metric, values: s.values.map(([, v]) => v) }));
}

test('the SDK exports over gRPC, plain and gzip, and the Prometheus API reads back what was recorded', async () => {
  const reader = new ManualReader();
  const p = provider('checkout', reader);
  const plain = exporter(h.key, 'none');
  const gzip = exporter(h.key, 'gzip');
  try {
    const meter = p.getMeter('saba-grpc-test', '1.0.0');
    const orders = meter.createCounter('shop.orders', { unit: '{order}' });
    const temp = meter.createGauge('room.temperature', { unit: 'Cel' });
    const duration = meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: { explicitBucketBoundaries: [0.1, 1, 10] },
    });

    orders.add(5, { 'payment.method': 'card' });
    temp.record(21.5, { room: 'lab' });
    for (const v of [0.05, 0.5, 5]) duration.record(v, { 'http.route': '/cart' });
    assert.deepStrictEqual(await exportNow(reader, plain), { code: 0 });

    orders.add(3, { 'payment.method': 'card' });
    temp.record(22, { room: 'lab' });
    duration.record(20, { 'http.route': '/cart' });
    assert.deepStrictEqual(await exportNow(reader, gzip), { code: 0 });
  } finally {
    await Promise.all([plain.shutdown(), gzip.shutdown(), p.shutdown()]);
  }

  const orders = await readBack('shop_orders_total{job="grpc-shop/checkout"}');
  assert.equal(orders.length, 1);
  assert.equal(orders[0]?.metric.payment_method, 'card');
  assert.equal(orders[0]?.metric.otel_scope_name, 'saba-grpc-test');
  assert.deepStrictEqual(orders[0]?.values, ['5', '8'], 'a cumulative sum grows across exports');
  assert.deepStrictEqual(
    (await readBack('room_temperature_celsius{room="lab"}')).map((s) => s.values),
    [['21.5', '22']],
  );
  const buckets = await readBack('http_server_request_duration_seconds_bucket{job="grpc-shop/checkout"}');
  assert.deepStrictEqual(Object.fromEntries(buckets.map((s) => [s.metric.le, s.values])), {
    '0.1': ['1', '1'],
    '1': ['2', '2'],
    '10': ['3', '3'],
    '+Inf': ['3', '4'],
  });
  assert.deepStrictEqual(
    (await readBack('http_server_request_duration_seconds_sum{job="grpc-shop/checkout"}')).map((s) => s.values),
    [['5.55', '25.55']],
  );
});

test('a wrong key fails the export with UNAUTHENTICATED and nothing is stored', async () => {
  const reader = new ManualReader();
  const p = provider('refused', reader);
  const wrong = exporter('not-a-key', 'none');
  try {
    p.getMeter('saba-grpc-test').createCounter('refused.orders').add(1);
    const r = await exportNow(reader, wrong);
    assert.equal(r.code, 1);
    assert.match(String(r.error?.message), /^16 UNAUTHENTICATED: .*unknown API key/);
  } finally {
    await Promise.all([wrong.shutdown(), p.shutdown()]);
  }
  assert.deepStrictEqual(await readBack('refused_orders_total'), []);
});

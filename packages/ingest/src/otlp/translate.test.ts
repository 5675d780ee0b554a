// Decoding (protobuf and JSON) and translation of one request holding every metric type, against
// the series Prometheus's OTLP receiver would store for it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BadDataError, formatLabels, isStaleMarker, LimitError } from '@saba/model';
import { encodeJson, encodeProto } from '../testing/otlp-request.ts';
import { decodeJsonRequest } from './decode-json.ts';
import { decodeProtoRequest } from './decode-proto.ts';
import type { KeyValue, Metric, MetricsRequest } from './request.ts';
import { translate } from './translate.ts';

const T = Date.UTC(2026, 0, 10, 12, 0, 0);
const attrs = (o: Record<string, KeyValue['value']>): KeyValue[] =>
  Object.entries(o).map(([key, value]) => ({ key, value }));

function request(
  metrics: Metric[],
  resource = attrs({
    'service.name': 'checkout',
    'service.namespace': 'shop',
    'service.instance.id': 'i-1',
    'host.name': 'web-1',
  }),
): MetricsRequest {
  return {
    resources: [
      {
        attributes: resource,
        scopes: [
          {
            name: 'io.saba.test',
            version: '1.2.0',
            attributes: attrs({ 'library.mode': 'fast' }),
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
            metrics,
          },
        ],
      },
    ],
  };
}

const EVERY_TYPE: Metric[] = [
  {
    name: 'queue.depth',
    unit: '{item}',
    data: { type: 'gauge', points: [{ attributes: attrs({ queue: 'mail' }), timeMs: T, value: 7, flags: 0 }] },
  },
  {
    name: 'http.requests',
    unit: '1',
    data: {
      type: 'sum',
      temporality: 2,
      monotonic: true,
      points: [
        { attributes: attrs({ 'http.route': '/cart', 'http.status_code': 200n }), timeMs: T, value: 12, flags: 0 },
      ],
    },
  },
  {
    name: 'jobs.done',
    unit: '',
    data: { type: 'sum', temporality: 1, monotonic: true, points: [{ attributes: [], timeMs: T, value: 3, flags: 0 }] },
  },
  {
    name: 'connections',
    unit: '{connection}',
    data: {
      type: 'sum',
      temporality: 2,
      monotonic: false,
      points: [{ attributes: [], timeMs: T, value: -2.5, flags: 0 }],
    },
  },
  {
    name: 'http.server.request.duration',
    unit: 's',
    data: {
      type: 'histogram',
      temporality: 2,
      points: [
        {
          attributes: attrs({ 'http.method': 'GET' }),
          timeMs: T,
          count: 6,
          sum: 1.25,
          bucketCounts: [1, 2, 3],
          explicitBounds: [0.005, 0.1],
          flags: 0,
        },
      ],
    },
  },
  {
    name: 'payload.size',
    unit: 'By',
    data: {
      type: 'exponential_histogram',
      temporality: 2,
      points: [{ attributes: [], timeMs: T, count: 3, sum: 4096, flags: 0 }],
    },
  },
  {
    name: 'gc.pause',
    unit: 'ms',
    data: {
      type: 'summary',
      points: [
        {
          attributes: [],
          timeMs: T,
          count: 10,
          sum: 55,
          quantiles: [
            { quantile: 0.5, value: 4 },
            { quantile: 0.99, value: 20 },
          ],
          flags: 0,
        },
      ],
    },
  },
];

/** The labels every point of `request()` gets from its resource and scope. */
const COMMON: Readonly<Record<string, string>> = {
  host_name: 'web-1',
  instance: 'i-1',
  job: 'shop/checkout',
  otel_scope_library_mode: 'fast',
  otel_scope_name: 'io.saba.test',
  otel_scope_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
  otel_scope_version: '1.2.0',
  service_instance_id: 'i-1',
  service_name: 'checkout',
  service_namespace: 'shop',
};

/** The translated samples as `name{labels}` -> value, with the common labels and the reserved mark checked and left out. */
function flat(req: MetricsRequest): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of translate(req, 10_000).samples) {
    assert.ok(
      s.labels.some((l) => l.name === '__saba_labeled__' && l.value === '1'),
      'every series carries the mark',
    );
    assert.equal(s.t, T);
    const common = s.labels.filter((l) => COMMON[l.name] === l.value);
    assert.equal(common.length, Object.keys(COMMON).length, formatLabels(s.labels));
    const rest = s.labels.filter((l) => l.name !== '__saba_labeled__' && COMMON[l.name] !== l.value);
    out[formatLabels(rest)] = s.v;
  }
  return out;
}

describe('decoding', () => {
  const req = request(EVERY_TYPE, [
    ...attrs({
      'service.name': 'checkout',
      str: 's',
      bool: false,
      int: -9007199254740993n,
      dbl: 0.25,
      bytes: Uint8Array.of(0, 255),
    }),
    { key: 'arr', value: ['x', 1n, [true]] },
    { key: 'kv', value: { kvlist: attrs({ k: 'v', n: null }) } },
  ]);
  test('protobuf bytes decode to the request they encode, attributes of every type included', () => {
    assert.deepStrictEqual(decodeProtoRequest(encodeProto(req)), req);
  });
  test('OTLP/JSON decodes to the same request', () => {
    assert.deepStrictEqual(decodeJsonRequest(encodeJson(req)), req);
  });
  test('JSON: snake_case keys, enum names, and int64 numbers are accepted too', () => {
    const got = decodeJsonRequest(
      JSON.stringify({
        resource_metrics: [
          {
            scope_metrics: [
              {
                metrics: [
                  {
                    name: 'c',
                    sum: {
                      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
                      is_monotonic: true,
                      data_points: [{ time_unix_nano: 1_700_000_000_000_000_000, as_int: 5 }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    assert.deepStrictEqual(got.resources[0]?.scopes[0]?.metrics[0]?.data, {
      type: 'sum',
      temporality: 1,
      monotonic: true,
      points: [{ attributes: [], timeMs: 1_700_000_000_000, flags: 0, value: 5 }],
    });
  });
  test('malformed bodies are BadDataErrors', () => {
    assert.throws(() => decodeProtoRequest(Uint8Array.of(0x0a, 0x05, 0x01)), BadDataError, 'truncated');
    assert.throws(() => decodeProtoRequest(Uint8Array.of(0x0f)), BadDataError, 'wire type 7');
    assert.throws(() => decodeJsonRequest('{"resourceMetrics":'), BadDataError);
    assert.throws(() => decodeJsonRequest('{"resourceMetrics":{}}'), BadDataError);
    assert.throws(
      () =>
        decodeJsonRequest(
          '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asInt":"1.5"}]}}]}]}]}',
        ),
      BadDataError,
    );
  });
});

describe('translate', () => {
  test('every metric type becomes the series Prometheus stores for it', () => {
    assert.deepStrictEqual(flat(request(EVERY_TYPE)), {
      'queue_depth{queue="mail"}': 7,
      'http_requests_total{http_route="/cart", http_status_code="200"}': 12,
      'jobs_done_total{}': 3,
      'connections{}': -2.5,
      'http_server_request_duration_seconds_sum{http_method="GET"}': 1.25,
      'http_server_request_duration_seconds_count{http_method="GET"}': 6,
      'http_server_request_duration_seconds_bucket{http_method="GET", le="0.005"}': 1,
      'http_server_request_duration_seconds_bucket{http_method="GET", le="0.1"}': 3,
      'http_server_request_duration_seconds_bucket{http_method="GET", le="+Inf"}': 6,
      'payload_size_bytes_sum{}': 4096,
      'payload_size_bytes_count{}': 3,
      'gc_pause_milliseconds_sum{}': 55,
      'gc_pause_milliseconds_count{}': 10,
      'gc_pause_milliseconds{quantile="0.5"}': 4,
      'gc_pause_milliseconds{quantile="0.99"}': 20,
    });
  });

  test('point attributes win over resource attributes; scope, job and instance win over both; colliding keys join with ;', () => {
    const { samples } = translate(
      request(
        [
          {
            name: 'g',
            unit: '',
            data: {
              type: 'gauge',
              points: [
                {
                  attributes: attrs({
                    'host.name': 'from-point',
                    'a.b': '1',
                    a_b: '2',
                    job: 'mine',
                    otel_scope_name: 'mine',
                  }),
                  timeMs: T,
                  value: 1,
                  flags: 0,
                },
              ],
            },
          },
        ],
        attrs({ 'service.name': 'svc', 'host.name': 'from-resource', 'cloud.region': 'ap-northeast-1' }),
      ),
      10,
    );
    assert.deepStrictEqual(
      samples.map((x) => formatLabels(x.labels)),
      [
        'g{__saba_labeled__="1", a_b="1;2", cloud_region="ap-northeast-1", host_name="from-point", job="svc", otel_scope_library_mode="fast", otel_scope_name="io.saba.test", otel_scope_schema_url="https://opentelemetry.io/schemas/1.26.0", otel_scope_version="1.2.0", service_name="svc"}',
      ],
    );
  });

  test('no scope name: no scope labels; no service.name: no job', () => {
    const req: MetricsRequest = {
      resources: [
        {
          attributes: [],
          scopes: [
            {
              name: '',
              version: '1',
              attributes: attrs({ x: 'y' }),
              schemaUrl: '',
              metrics: [EVERY_TYPE[0] as Metric],
            },
          ],
        },
      ],
    };
    const [s] = translate(req, 10).samples;
    assert.equal(formatLabels(s?.labels ?? []), 'queue_depth{__saba_labeled__="1", queue="mail"}');
  });

  test('no_recorded_value stores the staleness marker in every series of the point', () => {
    const stale: Metric[] = [
      { name: 'g', unit: '', data: { type: 'gauge', points: [{ attributes: [], timeMs: T, value: 5, flags: 1 }] } },
      {
        name: 'h',
        unit: '',
        data: {
          type: 'histogram',
          temporality: 2,
          points: [
            { attributes: [], timeMs: T, count: 1, sum: 1, bucketCounts: [1, 0], explicitBounds: [1], flags: 1 },
          ],
        },
      },
      {
        name: 's',
        unit: '',
        data: {
          type: 'summary',
          points: [{ attributes: [], timeMs: T, count: 1, sum: 1, quantiles: [{ quantile: 0.5, value: 1 }], flags: 1 }],
        },
      },
    ];
    const { samples } = translate(request(stale), 100);
    assert.equal(samples.length, 1 + 4 + 3);
    for (const s of samples) assert.ok(isStaleMarker(s.v), formatLabels(s.labels));
  });

  test('unset temporality, unnamed metrics, unusable attribute keys and typeless metrics are rejected and counted', () => {
    const { samples, rejectedPoints, reasons } = translate(
      request([
        {
          name: 'c',
          unit: '',
          data: {
            type: 'sum',
            temporality: 0,
            monotonic: true,
            points: [
              { attributes: [], timeMs: T, value: 1, flags: 0 },
              { attributes: [], timeMs: T, value: 2, flags: 0 },
            ],
          },
        },
        { name: '...', unit: '', data: { type: 'gauge', points: [{ attributes: [], timeMs: T, value: 1, flags: 0 }] } },
        {
          name: 'ok',
          unit: '',
          data: {
            type: 'gauge',
            points: [
              { attributes: attrs({ ラベル: 'x' }), timeMs: T, value: 1, flags: 0 },
              { attributes: [], timeMs: T, value: 9, flags: 0 },
            ],
          },
        },
        { name: 'none', unit: '', data: undefined },
      ]),
      100,
    );
    assert.equal(samples.length, 1);
    assert.equal(samples[0]?.v, 9);
    assert.equal(rejectedPoints, 4);
    assert.deepStrictEqual(reasons, [
      'invalid temporality and type combination for metric "c"',
      'metric name "..." has no character a Prometheus name can hold',
      'attribute key "ラベル" of metric "ok" is not a valid label name',
      'metric "none" has no data of a known type',
    ]);
  });

  test('an attribute naming the reserved label refuses the whole request (decision 0013)', () => {
    const bad = request([
      {
        name: 'g',
        unit: '',
        data: {
          type: 'gauge',
          points: [{ attributes: attrs({ __saba_labeled__: '0' }), timeMs: T, value: 1, flags: 0 }],
        },
      },
    ]);
    assert.throws(() => translate(bad, 100), BadDataError);
    assert.throws(() => translate(request(EVERY_TYPE, attrs({ __saba_labeled__: 'x' })), 100), BadDataError);
  });

  test('more samples than the limit is a LimitError', () => {
    assert.throws(() => translate(request(EVERY_TYPE), 5), LimitError);
  });
});

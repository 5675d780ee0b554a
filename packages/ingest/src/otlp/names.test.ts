// The naming rules against Prometheus's documented OTLP translation (otlptranslator examples,
// the OTel Prometheus-compatibility spec, and the Collector's AsString formatting).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attributeValue, formatFloat, labelName, metricName, type NameKind } from './names.ts';
import type { AnyValue } from './request.ts';

describe('metricName (UnderscoreEscapingWithSuffixes)', () => {
  const cases: [string, string, NameKind, string][] = [
    // The otlptranslator README and doc examples.
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['requests.count', '1', 'counter', 'requests_count_total'],
    ['memory.usage', 'By', 'gauge', 'memory_usage_bytes'],
    ['http.server.duration', 's', 'histogram', 'http_server_duration_seconds'],
    // Unit words, "per" units, annotations.
    ['system.network.io', 'By', 'counter', 'system_network_io_bytes_total'],
    ['hw.temperature', 'Cel', 'gauge', 'hw_temperature_celsius'],
    ['network.transmit', 'By/s', 'gauge', 'network_transmit_bytes_per_second'],
    ['speed', 'km/h', 'gauge', 'speed_km_per_hour'],
    ['throughput', '{packets}/s', 'gauge', 'throughput_per_second'],
    ['active.requests', '{request}', 'non_monotonic_counter', 'active_requests'],
    ['disk.usage', '%', 'gauge', 'disk_usage_percent'],
    ['heap', 'MiBy', 'gauge', 'heap_mebibytes'],
    ['gc.pause', 'ms', 'counter', 'gc_pause_milliseconds_total'],
    ['odd', 'a/%', 'gauge', 'odd_a'],
    // _ratio only for gauges of unit 1; _total only for monotonic sums, moved to the end.
    ['system.cpu.utilization', '1', 'gauge', 'system_cpu_utilization_ratio'],
    ['system.cpu.utilization', '1', 'non_monotonic_counter', 'system_cpu_utilization'],
    ['cache.hit.ratio', '1', 'gauge', 'cache_hit_ratio'],
    ['http.requests', '1', 'counter', 'http_requests_total'],
    ['foo.total', 's', 'counter', 'foo_seconds_total'],
    ['queue.size', '', 'summary', 'queue_size'],
    ['request.duration.seconds', 's', 'histogram', 'request_duration_seconds'],
    // Escaping: runs of other characters are one underscore; a leading digit gets `_`; colons stay.
    ['metric..name__x', '', 'gauge', 'metric_name_x'],
    ['2xx.responses', '', 'counter', '_2xx_responses_total'],
    ['ns:sub.metric', '', 'gauge', 'ns:sub_metric'],
    ['ゲージ', '', 'gauge', ''],
    ['...', '', 'gauge', ''],
  ];
  for (const [name, unit, kind, want] of cases) {
    test(`${name} [${unit}] ${kind} -> ${want || '(refused)'}`, () => {
      assert.equal(metricName(name, unit, kind), want);
    });
  }
});

describe('labelName', () => {
  const cases: [string, string][] = [
    ['http.method', 'http_method'],
    ['service.instance.id', 'service_instance_id'],
    ['123invalid', 'key_123invalid'],
    ['__reserved__', '__reserved__'],
    ['__saba_labeled__', '__saba_labeled__'],
    ['__name', '_name'],
    ['_private', '_private'],
    ['a__b', 'a_b'],
    ['a-b c', 'a_b_c'],
    ['k8s.pod.name', 'k8s_pod_name'],
    ['ラベル', ''],
    ['', ''],
  ];
  for (const [key, want] of cases) {
    test(`${JSON.stringify(key)} -> ${JSON.stringify(want)}`, () => assert.equal(labelName(key), want));
  }
});

describe('attributeValue (as the Collector formats values Prometheus stores)', () => {
  const cases: [string, AnyValue, string][] = [
    ['string', 'GET', 'GET'],
    ['empty', null, ''],
    ['bool', true, 'true'],
    ['int', 42n, '42'],
    ['int beyond 2^53', -9007199254740993n, '-9007199254740993'],
    ['double', 1.5, '1.5'],
    ['double, large', 1e21, '1e+21'],
    ['double, small', 1e-7, '1e-7'],
    ['double, 1e-6 stays fixed', 0.000001, '0.000001'],
    ['NaN', Number.NaN, 'json: unsupported value: NaN'],
    ['+Inf', Number.POSITIVE_INFINITY, 'json: unsupported value: +Inf'],
    ['bytes as base64', Uint8Array.of(1, 2, 255), 'AQL/'],
    ['array as JSON', ['a', 1n, 2.5, true, null, Uint8Array.of(255)], '["a",1,2.5,true,null,"/w=="]'],
    [
      'kvlist as JSON, keys sorted, HTML escaped',
      {
        kvlist: [
          { key: 'b', value: 1n },
          { key: 'a', value: '<x&y>' },
          { key: 'c', value: { kvlist: [] } },
        ],
      },
      '{"a":"\\u003cx\\u0026y\\u003e","b":1,"c":{}}',
    ],
    ['array holding NaN (JSON cannot)', [1.5, Number.NaN], ''],
  ];
  for (const [what, v, want] of cases) test(what, () => assert.equal(attributeValue(v), want));
});

describe('formatFloat (strconv.FormatFloat(x, f, -1, 64))', () => {
  const cases: [number, string][] = [
    [0.005, '0.005'],
    [100, '100'],
    [0.99, '0.99'],
    [1e-7, '0.0000001'],
    [-2.5e-10, '-0.00000000025'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ];
  for (const [x, want] of cases) test(`${x} -> ${want}`, () => assert.equal(formatFloat(x), want));
});

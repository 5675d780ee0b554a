import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { compress, uncompress } from 'snappyjs';
import { importBlocks, measureBlocks } from './blocks.ts';
import { generateMix, sampleCount } from './mix-data.ts';
import { formatTimestamp, formatValue, writeOpenMetrics } from './openmetrics.ts';
import { queryRange, querySamples } from './query.ts';
import { encodeWriteRequest, remoteWrite } from './remote-write.ts';
import { goDurationMs } from './replay.ts';
import { prometheusInstalled, startPrometheus } from './server.ts';

const required = process.env.SABA_REQUIRE_SERVICES === '1';
const skip =
  prometheusInstalled() || required ? false : 'prometheus/promtool not installed (set SABA_REQUIRE_SERVICES=1 to fail)';

test('formatValue and formatTimestamp read back exactly the way Go parses them', () => {
  for (const v of [0, -0, 1, 0.1, 1e21, 5e-7, 123456789.123, Number.MAX_VALUE, Number.MIN_VALUE, -2.5]) {
    assert.ok(Object.is(Number(formatValue(v)), v), String(v));
  }
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(Number.POSITIVE_INFINITY), '+Inf');
  // int64(f * 1000) truncates, as Prometheus's OpenMetrics parser does.
  for (const ms of [0, 1001, 1003, 1095418509228, 1704067230000, 1704067230999]) {
    assert.equal(Math.trunc(Number(formatTimestamp(ms)) * 1000), ms, String(ms));
  }
});

test('writeOpenMetrics keeps a window and groups each family under one TYPE line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-prom-om-'));
  try {
    const data = generateMix({ series: 8, startMs: Date.UTC(2024, 0, 1, 0, 0, 30), count: 5 });
    const path = join(dir, 'a.om');
    const from = Date.UTC(2024, 0, 1, 0, 1);
    const stats = await writeOpenMetrics(path, data, { fromMs: from, toMs: from + 120_000 });
    const text = await readFile(path, 'utf8');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.at(-1), '# EOF');
    assert.equal(lines.filter((l) => l.startsWith('# TYPE')).length, 8);
    assert.equal(stats.samples, lines.length - 9);
    assert.equal(stats.bytes, Buffer.byteLength(text));
    assert.match(
      text,
      /# TYPE interface_eth0_rxBytes_0 counter\ninterface_eth0_rxBytes_0\{host="host0",service="svc0"\} /,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('encodeWriteRequest writes the prompb wire format', () => {
  const got = encodeWriteRequest([{ labels: { __name__: 'a' }, ts: [1], vs: [1] }]);
  const label = [0x0a, 8, ...Buffer.from('__name__'), 0x12, 1, 0x61];
  const sample = [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 1];
  const series = [0x0a, label.length, ...label, 0x12, sample.length, ...sample];
  assert.deepEqual([...got], [0x0a, series.length, ...series]);
  // A negative int64 takes the full 10-byte varint.
  const neg = encodeWriteRequest([{ labels: {}, ts: [-1], vs: [0] }]);
  assert.deepEqual([...neg.subarray(-10)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
});

test('goDurationMs reads Go durations', () => {
  assert.equal(goDurationMs('1m2.5s'), 62_500);
  assert.equal(goDurationMs('734.25ms'), 734.25);
  assert.equal(goDurationMs('31.5µs'), 0.0315);
  assert.equal(goDurationMs('0s'), 0);
});

test('promtool blocks and remote write come back exactly through Prometheus', { skip, timeout: 60_000 }, async () => {
  assert.ok(prometheusInstalled(), 'prometheus/promtool not installed and SABA_REQUIRE_SERVICES=1');
  const dir = await mkdtemp(join(tmpdir(), 'saba-prom-test-'));
  try {
    // 12 series × 3 h: the 1 % jitter lands some samples off the minute, and 3 h crosses a 2 h block edge.
    const startMs = Date.UTC(2024, 0, 1, 1, 0, 30);
    const data = generateMix({ series: 12, startMs, count: 180 });
    const storage = join(dir, 'data');
    assert.equal(await importBlocks(data, storage, join(dir, 'om')), 2);
    const size = await measureBlocks(storage);
    assert.equal(size.samples, sampleCount(data));
    assert.ok(size.chunksBytes > 0 && size.indexBytes > 0 && size.bytesPerSample > 0);

    const server = await startPrometheus({ storageDir: storage, flags: ['--web.enable-remote-write-receiver'] });
    try {
      const raw = await querySamples(server.url, '{host="host0"}', startMs - 60_000, startMs + 4 * 3_600_000);
      assert.equal(raw.length, data.length);
      for (const d of data) {
        const got = raw.find((r) => r.metric.__name__ === d.series.name);
        assert.ok(got, d.series.name);
        assert.deepEqual(got.ts, [...d.samples.ts]);
        assert.deepEqual(got.vs, [...d.samples.vs]);
      }

      // query_range: at each step the newest sample at or before it (all within the 5 min lookback).
      const q = {
        query: '{service="svc1"}',
        startMs: startMs + 120_000,
        endMs: startMs + 170 * 60_000,
        stepMs: 60_000,
      };
      const range = await queryRange(server.url, q);
      const svc1 = data.filter((d) => d.series.labels.service === 'svc1');
      assert.equal(range.length, svc1.length);
      for (const d of svc1) {
        const got = range.find((r) => r.metric.__name__ === d.series.name);
        assert.ok(got, d.series.name);
        const ts: number[] = [];
        const vs: number[] = [];
        for (let t = q.startMs; t <= q.endMs; t += q.stepMs) {
          let i = d.samples.ts.length - 1;
          while ((d.samples.ts[i] as number) > t) i--;
          ts.push(t);
          vs.push(d.samples.vs[i] as number);
        }
        assert.deepEqual(got.ts, ts);
        assert.deepEqual(got.vs, vs);
      }

      // Remote write into the (empty) head, near now as a live sender would.
      const now = Math.floor(Date.now() / 1000) * 1000;
      const ts = [now - 120_000, now - 60_000, now];
      const vs = [1.5, -0.25, 1e300];
      const labels = { __name__: 'rw_probe', job: 'peer-test', host: 'h"1' };
      const body = encodeWriteRequest([{ labels, ts, vs }]);
      assert.deepEqual(uncompress(compress(body)), body);
      await remoteWrite(`${server.url}/api/v1/write`, [{ labels, ts, vs }]);
      const back = await querySamples(server.url, 'rw_probe', now - 300_000, now);
      assert.equal(back.length, 1);
      assert.deepEqual(back[0]?.metric, labels);
      assert.deepEqual(back[0]?.ts, ts);
      assert.deepEqual(back[0]?.vs, vs);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

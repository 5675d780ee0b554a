// Debian's Prometheus 2.42 scrapes itself every second and remote-writes to a Saba server on
// loopback with the key in `authorization: {credentials}` (Bearer): its `headers:` setting sends
// nothing (an X-Api-Key configured there never arrived, seen with a capturing server), so that
// is the way to configure it (docs/remote-write.md). What Saba stores must be exactly what
// Prometheus's own API answers for the same range: same series, labels, timestamps and values;
// and Saba's /api/v1/query_range must answer what Prometheus's does (docs/prometheus-api.md).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LABELED_LABEL, type OrgId, unixMs } from '@saba/model';
import { matcher } from '@saba/storage';
import { type MatrixSeries, queryRange, querySamples } from '../../../tools/prometheus-peer/query.ts';
import { prometheusInstalled, startPrometheus } from '../../../tools/prometheus-peer/server.ts';
import { eventually } from './testing/eventually.ts';
import { startHarness } from './testing/harness.ts';

const required = process.env.SABA_REQUIRE_SERVICES === '1';
const skip =
  prometheusInstalled() || required ? false : 'prometheus not installed (set SABA_REQUIRE_SERVICES=1 to fail)';

/** A few of Prometheus's own series: a gauge, counters with several label sets, and `up`. */
const NAMES = ['up', 'prometheus_tsdb_head_series', 'prometheus_http_requests_total', 'scrape_samples_scraped'];

function config(listen: string, sabaUrl: string, key: string): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ['${listen}']`,
    'remote_write:',
    `  - url: ${sabaUrl}/api/v1/write`,
    '    authorization:',
    `      credentials: ${key}`,
    '    queue_config:',
    '      batch_send_deadline: 500ms',
    '',
  ].join('\n');
}

/** Saba's series named `name` in `org` over [from, to], keyed by their labels without the mark. */
function sabaSeries(h: Awaited<ReturnType<typeof startHarness>>, org: OrgId, name: string, from: number, to: number) {
  const out = new Map<string, { ts: number[]; vs: number[] }>();
  const q = h.server.tsdb.querier(org, unixMs(from), unixMs(to));
  for (const s of q.select([matcher('=', '__name__', name), matcher('=', LABELED_LABEL, '1')])) {
    const labels: Record<string, string> = {};
    for (const l of s.labels) if (l.name !== LABELED_LABEL) labels[l.name] = l.value;
    const { length, ts, vs } = s.samples();
    out.set(JSON.stringify(labels), { ts: [...ts.subarray(0, length)], vs: [...vs.subarray(0, length)] });
  }
  return out;
}

/** Keyed by labels: the same series, timestamps, and values equal within 1e-9 relative. */
function assertSameMatrix(ours: MatrixSeries[], theirs: MatrixSeries[], query: string): void {
  const key = (m: MatrixSeries) => JSON.stringify(Object.fromEntries(Object.entries(m.metric).sort()));
  const mine = new Map(ours.map((s) => [key(s), s]));
  assert.deepEqual([...mine.keys()].sort(), theirs.map(key).sort(), `${query}: the same series`);
  for (const s of theirs) {
    const o = mine.get(key(s)) as MatrixSeries;
    assert.deepEqual(o.ts, s.ts, `${query} ${key(s)}: the same steps`);
    s.vs.forEach((v, i) => {
      const w = o.vs[i] as number;
      const close = v === w || (Number.isNaN(v) && Number.isNaN(w)) || Math.abs(v - w) <= 1e-9 * Math.abs(v);
      assert.ok(close, `${query} ${key(s)} at ${s.ts[i]}: Saba ${w}, Prometheus ${v}`);
    });
  }
}

test('Prometheus 2.42 remote-writes its own series to Saba, which stores exactly what Prometheus answers', {
  skip,
  timeout: 120_000,
}, async () => {
  const h = await startHarness();
  const dir = await mkdtemp(join(tmpdir(), 'saba-rw-prom-'));
  try {
    const org = (await h.server.catalog.orgs.authenticate(h.key))?.orgId as OrgId;
    const prom = await startPrometheus({ storageDir: dir, config: (listen) => config(listen, h.url, h.key) });
    try {
      // Nine scrapes: every series of a scrape shares its timestamp.
      const upTimes = () => sabaSeries(h, org, 'up', 0, 8.64e15).values().next().value?.ts ?? [];
      await eventually('nine scrapes of up', () => upTimes().length >= 9, {
        timeoutMs: 60_000,
      }).catch((err: Error) => {
        throw new Error(`${err.message}; prometheus logged:\n${prom.log().split('\n').slice(-20).join('\n')}`);
      });
      const from = upTimes()[0] as number;
      const to = upTimes()[8] as number;
      // Later batches may still carry samples of the last scrape chosen: wait until they have landed.
      const count = (xs: Iterable<{ ts: number[] }>) => [...xs].reduce((n, x) => n + x.ts.length, 0);
      await eventually(
        'every sample of the nine scrapes in Saba',
        async () => {
          for (const name of NAMES) {
            const theirs = await querySamples(prom.url, name, from, to);
            if (count(sabaSeries(h, org, name, from, to).values()) < count(theirs)) return false;
          }
          return true;
        },
        { timeoutMs: 30_000 },
      );
      let compared = 0;
      for (const name of NAMES) {
        const theirs = await querySamples(prom.url, name, from, to);
        assert.ok(theirs.length > 0, `prometheus has ${name}`);
        const ours = sabaSeries(h, org, name, from, to);
        assert.deepEqual(
          [...ours.keys()].sort(),
          theirs.map((s) => JSON.stringify(Object.fromEntries(Object.entries(s.metric).sort()))).sort(),
          `${name}: the same series`,
        );
        for (const s of theirs) {
          const key = JSON.stringify(Object.fromEntries(Object.entries(s.metric).sort()));
          assert.deepEqual(ours.get(key), { ts: s.ts, vs: s.vs }, `${name} ${key}: the same samples`);
          compared += s.ts.length;
        }
      }
      assert.ok(compared >= 6 * NAMES.length, `compared ${compared} samples`);
      // The same range queries through both HTTP APIs: the same series, steps and values. Steps
      // fall half-way between scrapes: 2.42's windows are closed, Saba's left-open as Prometheus 3's,
      // and a sample exactly on a window's start would count in one and not the other. They start
      // once a 3 s window holds no counter's first sample: there 2.42 clamps the extrapolation to
      // zero before its threshold test and 3.x after, so rates differ (docs/prometheus-api.md).
      for (const query of ['up', 'rate(prometheus_http_requests_total[3s])', 'sum by (job) (up)']) {
        const q = { query, startMs: from + 4500, endMs: to, stepMs: 1000 };
        const theirs = await queryRange(prom.url, q);
        const ours = await queryRange(h.url, q, { authorization: `Bearer ${h.key}` });
        assert.ok(theirs.length > 0, `prometheus answers ${query}`);
        assertSameMatrix(ours, theirs, query);
      }
      assert.doesNotMatch(prom.log(), /non-recoverable error|Failed to send batch/);
    } finally {
      await prom.stop();
    }
  } finally {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
});

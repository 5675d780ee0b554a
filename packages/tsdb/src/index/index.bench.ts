// The label index at 1 M series: 10,000 hosts x 100 metrics, labels __name__, host, service, role.
// Run: node --expose-gc --import tsx packages/tsdb/src/index/index.bench.ts
import { type Labels, orgId, seriesRef } from '@saba/model';
import { type Matcher, type MatchType, matcher } from '@saba/storage';
import { LabelIndex } from './index.ts';

const HOSTS = 10_000;
const METRICS = 100;
const ORG = orgId('bench');

function heap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function metricName(k: number): string {
  return k === 0 ? 'loadavg5' : `custom.metric_${k}`;
}

function m(name: string, type: MatchType, value: string): Matcher {
  return matcher(type, name, value);
}

/** Median latency of `f` in ms over enough runs to fill about 200 ms (at least 5); the median shrugs off preemption on a shared machine. */
function time(f: () => unknown): number {
  f();
  const runs: number[] = [];
  const start = performance.now();
  while (runs.length < 5 || performance.now() - start < 200) {
    const t = performance.now();
    f();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1] as number;
}

function report(label: string, value: number, unit: string): void {
  console.log(`${label}: ${value < 10 ? value.toPrecision(3) : Math.round(value)} ${unit}`);
}

function build(idx: LabelIndex): void {
  const metrics = Array.from({ length: METRICS }, (_, k) => metricName(k));
  let ref = 1;
  for (let h = 0; h < HOSTS; h++) {
    const host = `h${h}`;
    const service = `s${h % 50}`;
    const role = `r${h % 7}`;
    for (const name of metrics) {
      const labels: Labels = [
        { name: '__name__', value: name },
        { name: 'host', value: host },
        { name: 'role', value: role },
        { name: 'service', value: service },
      ];
      idx.add(seriesRef(ref++), ORG, labels);
    }
  }
}

const before = heap();
const idx = new LabelIndex();
const t0 = performance.now();
build(idx);
const buildMs = performance.now() - t0;
const after = heap();
const n = idx.size();
report('index build 1 M series', buildMs, 'ms');
report('index build rate', (n / buildMs) * 1000, 'series/s');
report('index memory', (after - before) / n, 'bytes/series');

const loadavg = idx.select(ORG, [m('__name__', '=', 'loadavg5')]);
const queries: [string, Matcher[]][] = [
  ['host="h123"', [m('host', '=', 'h123')]],
  ['__name__="loadavg5"', [m('__name__', '=', 'loadavg5')]],
  ['host=~"h1.*"', [m('host', '=~', 'h1.*')]],
  ['host=~"h(12|34)5"', [m('host', '=~', 'h(12|34)5')]],
  ['__name__="loadavg5",host=~"h1.*"', [m('__name__', '=', 'loadavg5'), m('host', '=~', 'h1.*')]],
  ['host="h123",__name__=~"load.*"', [m('host', '=', 'h123'), m('__name__', '=~', 'load.*')]],
  ['__name__="loadavg5",host!="h1"', [m('__name__', '=', 'loadavg5'), m('host', '!=', 'h1')]],
  ['__name__="loadavg5",service!~"s1.*"', [m('__name__', '=', 'loadavg5'), m('service', '!~', 's1.*')]],
  ['service="s7",role="r3"', [m('service', '=', 's7'), m('role', '=', 'r3')]],
  ['host!="h1" (no positive matcher)', [m('host', '!=', 'h1')]],
];
for (const [label, ms] of queries) {
  const count = idx.select(ORG, ms).length;
  report(
    `index select ${label} (${count} series)`,
    time(() => idx.select(ORG, ms)),
    'ms',
  );
}
report(
  'index labelValues host',
  time(() => idx.labelValues(ORG, 'host')),
  'ms',
);
report(
  'index labelValues host of __name__="loadavg5"',
  time(() => idx.labelValues(ORG, 'host', loadavg)),
  'ms',
);
report(
  'index labelNames',
  time(() => idx.labelNames(ORG)),
  'ms',
);
report(
  'index labelNames of __name__="loadavg5"',
  time(() => idx.labelNames(ORG, loadavg)),
  'ms',
);

// Retiring 1,000 hosts: removal is lazy, the first read of each postings list compacts it.
const t1 = performance.now();
for (let r = 1; r <= HOSTS * METRICS; r += 10 * METRICS) {
  for (let k = 0; k < METRICS; k++) idx.remove(seriesRef(r + k));
}
report('index remove 100k series', performance.now() - t1, 'ms');
const t2 = performance.now();
idx.select(ORG, [m('__name__', '=', 'loadavg5')]);
report('index first select after removal', performance.now() - t2, 'ms');

// A label unique to each series (a request id, say) is the costly case for an inverted index.
const uniq = new LabelIndex();
const before2 = heap();
for (let r = 1; r <= 200_000; r++) {
  uniq.add(seriesRef(r), ORG, [
    { name: '__name__', value: 'requests' },
    { name: 'id', value: `req-${r}` },
  ]);
}
const after2 = heap();
report('index memory, unique label per series', (after2 - before2) / uniq.size(), 'bytes/series');

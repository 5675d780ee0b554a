// Mackerel host-metric ingest in process: 1,000 hosts x 100 metrics (agent system metrics plus
// plugin `custom.*` ones), one `POST /api/v0/tsdb` body per host per minute, each half of a
// minute's posts in flight together as a fleet's concurrent requests are. Each body is the bytes
// of a JSON array as mackerel-client-go writes it, posted two ways in the same run: the JSON
// path (UTF-8 decode + JSON.parse, timed apart, then MackerelIngest.postHostMetrics: validate,
// append by cached ref, commit) and the bytes path (postHostMetricsJson: the byte scanner, then
// the same append and commit). Times are CPU-seconds of the whole process (process.cpuUsage:
// main thread, GC threads, libuv's fsync threads). Runs the real engine with fsync 'batch' (the
// default) and 'never', then a storage that discards what it is given (a fake, to show the
// ingest layer's own cost and the memory its ref cache holds). First, parsing alone.
// HTTP, authentication and the host lookup (a Map here) are not in these figures.
// Run: node --expose-gc --import tsx packages/ingest/src/ingest.bench.ts  (~2 min)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type HostId, hostId, type OrgId, orgId, type SeriesRef, seriesRef } from '@saba/model';
import type { Appender, AppendResult, Querier, Storage } from '@saba/storage';
import { Tsdb } from '@saba/tsdb';
import { seededRandom } from '../../../tools/datagen/random.ts';
import { type HostLookup, MackerelIngest } from './mackerel/ingest.ts';
import { DEFAULT_MAX_ITEMS } from './mackerel/metric-value.ts';
import { parseHostMetrics } from './mackerel/parse-host-metrics.ts';
import { scanHostMetrics } from './mackerel/scan-host-metrics.ts';

const HOSTS = 1_000;
const METRICS = 100;
// Minute 0 creates the series (append by labels); 5 warm-up minutes let V8 optimise; 40 timed
// minutes (2 M samples by each path) cover ~2.5 head chunk closes per series (every 16 samples).
const WARMUP = 5;
const TIMED = 40;
const MIN = 60_000;
const START = Date.UTC(2026, 0, 1);
const ORG = orgId('bench');
const SAMPLES = HOSTS * METRICS;
/** The whole server's target (HTTP included); this layer and the engine must be a fraction of it. */
const SERVER_TARGET = 350_000;

/** The 30 system metric names of a Linux agent with two disks, two NICs and two filesystems (spec §18.1), then 70 plugin ones. */
function metricNames(): string[] {
  const names = ['loadavg1', 'loadavg5', 'loadavg15'];
  for (const c of ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest']) {
    names.push(`cpu.${c}.percentage`);
  }
  for (const m of ['total', 'used', 'mem_available', 'swap_total', 'swap_free', 'swap_cached'])
    names.push(`memory.${m}`);
  for (const d of ['nvme0n1', 'sda']) names.push(`disk.${d}.reads.delta`, `disk.${d}.writes.delta`);
  for (const i of ['eth0', 'docker0']) names.push(`interface.${i}.rxBytes.delta`, `interface.${i}.txBytes.delta`);
  for (const f of ['nvme0n1p1', 'mapper_vg-root']) names.push(`filesystem.${f}.size`, `filesystem.${f}.used`);
  const plugins = ['nginx.requests', 'nginx.connections', 'mysql.innodb_rows', 'mysql.cmd', 'redis.keys', 'linux.ss'];
  for (let k = 0; names.length < METRICS; k++) {
    names.push(`custom.${plugins[k % plugins.length]}.metric_${Math.floor(k / plugins.length)}`);
  }
  return names;
}

const NAMES = metricNames();
const rand = seededRandom(42);
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const HOST_IDS: HostId[] = Array.from({ length: HOSTS }, () =>
  hostId(Array.from({ length: 11 }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('')),
);

/** A value as the agent posts it: computed percentages and rates have long decimals, byte counts are whole. */
function value(k: number): number {
  if (k < 3) return Math.round(rand() * 400) / 100;
  if (k < 12) return rand() * 100;
  if (k < 18) return Math.floor(rand() * 2 ** 35);
  if (k < 26) return rand() * 5000;
  if (k < 30) return Math.floor(rand() * 2 ** 40);
  return k % 2 === 0 ? Math.floor(rand() * 10_000) : rand() * 1000;
}

/** The body host `h` posts for minute `i`, as mackerel-client-go encodes it. */
function body(h: number, i: number): string {
  const id = HOST_IDS[h] as HostId;
  const time = (START + i * MIN) / 1000;
  return JSON.stringify(NAMES.map((name, k) => ({ hostId: id, name, time, value: value(k) })));
}

const hosts = new Map<HostId, { readonly isRetired: boolean }>(HOST_IDS.map((id) => [id, { isRetired: false }]));
const lookup: HostLookup = async (_org, ids) => {
  const out = new Map<HostId, { readonly isRetired: boolean }>();
  for (const id of ids) {
    const h = hosts.get(id);
    if (h !== undefined) out.set(id, h);
  }
  return out;
};

/** A fake storage: hands out refs by call order and keeps nothing, so only the ingest layer's cost remains. */
class DiscardingStorage implements Storage {
  private next = 1;

  appender(_org: OrgId): Appender {
    let n = 0;
    return {
      append: (): SeriesRef => {
        n++;
        return seriesRef(this.next++);
      },
      appendRef: () => {
        n++;
      },
      commit: async (): Promise<AppendResult> => ({ accepted: n, outOfWindow: 0 }),
      rollback: () => {
        n = 0;
      },
    };
  }

  querier(): Querier {
    throw new Error('the discarding storage keeps nothing to read');
  }

  async deleteSeries(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {}
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function liveBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Every host's body for minute `i`, as the bytes the server receives. */
function bodies(i: number): Buffer[] {
  return Array.from({ length: HOSTS }, (_, h) => Buffer.from(body(h, i)));
}

/** CPU-seconds spent, by path: the JSON path's UTF-8 decode + JSON.parse and its ingest, and the bytes path. */
interface Spent {
  parse: number;
  ingest: number;
  bytes: number;
}

/** Posts `raw` through JSON.parse + postHostMetrics; adds the CPU-seconds of each step to `spent`. */
async function viaJson(ingest: MackerelIngest, raw: readonly Buffer[], spent: Spent): Promise<AppendResult[]> {
  const c0 = process.cpuUsage();
  // As the server's body reader does it: decode, then parse.
  const parsed: unknown[] = raw.map((b) => JSON.parse(b.toString('utf8')));
  spent.parse += cpuSeconds(c0);
  const c1 = process.cpuUsage();
  const results = await Promise.all(parsed.map((p) => ingest.postHostMetrics(ORG, p, lookup)));
  spent.ingest += cpuSeconds(c1);
  return results;
}

/** Posts `raw` through postHostMetricsJson (scan, append, commit); adds its CPU-seconds to `spent`. */
async function viaBytes(ingest: MackerelIngest, raw: readonly Buffer[], spent: Spent): Promise<AppendResult[]> {
  const c0 = process.cpuUsage();
  const results = await Promise.all(raw.map((b) => ingest.postHostMetricsJson(ORG, b, lookup)));
  spent.bytes += cpuSeconds(c0);
  return results;
}

/**
 * Posts minute `i` of every host, half of the hosts by each path, and adds the CPU-seconds to
 * `spent`. Both paths meet the engine in the same state: every series closes a head chunk in the
 * same minute (every 16 samples), so giving the paths whole minutes in turn would hand all of
 * that work to one of them. Which half takes which path, and which runs first, swap each minute.
 */
async function minute(ingest: MackerelIngest, i: number, spent: Spent): Promise<void> {
  const raw = bodies(i);
  const first = raw.slice(0, HOSTS / 2);
  const second = raw.slice(HOSTS / 2);
  const results =
    i % 2 === 0
      ? [...(await viaJson(ingest, first, spent)), ...(await viaBytes(ingest, second, spent))]
      : [...(await viaBytes(ingest, first, spent)), ...(await viaJson(ingest, second, spent))];
  const accepted = results.reduce((a, r) => a + r.accepted, 0);
  if (accepted !== SAMPLES) throw new Error(`minute ${i}: accepted ${accepted} of ${SAMPLES}`);
}

function perSecond(n: number, cpu: number): string {
  return `${(n / cpu).toFixed(0)} samples/CPU-s (${((cpu / n) * 1e6).toFixed(2)} µs/sample)`;
}

async function run(label: string, storage: Storage, clock: { now: number }, measureCache: boolean): Promise<void> {
  const ingest = new MackerelIngest(storage);
  clock.now = START + MIN;
  const before = measureCache ? liveBytes() : 0;
  const first: Spent = { parse: 0, ingest: 0, bytes: 0 };
  await viaJson(ingest, bodies(0), first);
  if (measureCache) {
    const perRef = (liveBytes() - before) / ingest.cachedRefs();
    console.log(`${label}: ref cache memory: ${perRef.toFixed(0)} B/ref (${ingest.cachedRefs()} refs)`);
  }
  console.log(
    `${label}: first minute (creates the series, by labels): ${(SAMPLES / first.ingest).toFixed(0)} samples/CPU-s ingest`,
  );
  for (let i = 1; i <= WARMUP; i++) {
    clock.now = START + (i + 1) * MIN;
    await minute(ingest, i, { parse: 0, ingest: 0, bytes: 0 });
  }
  gc();
  const spent: Spent = { parse: 0, ingest: 0, bytes: 0 };
  for (let i = WARMUP + 1; i <= WARMUP + TIMED; i++) {
    clock.now = START + (i + 1) * MIN;
    await minute(ingest, i, spent);
  }
  const n = (TIMED * SAMPLES) / 2;
  const json = spent.parse + spent.ingest;
  const share = (cpu: number) => `${((100 * SERVER_TARGET * cpu) / n).toFixed(1)} %`;
  console.log(`${label}: JSON path: decode + JSON.parse: ${perSecond(n, spent.parse)}`);
  console.log(`${label}: JSON path: postHostMetrics (validate + append + commit): ${perSecond(n, spent.ingest)}`);
  console.log(`${label}: JSON path: all: ${perSecond(n, json)}`);
  console.log(`${label}: bytes path: postHostMetricsJson (scan + append + commit): ${perSecond(n, spent.bytes)}`);
  console.log(`${label}: bytes path / JSON path: ${(json / spent.bytes).toFixed(2)}x the samples per CPU-second`);
  console.log(
    `${label}: share of the server's CPU budget at ${SERVER_TARGET.toLocaleString('en-US')} samples/CPU-s: JSON path ${share(json)} (parse ${share(spent.parse)}), bytes path ${share(spent.bytes)}`,
  );
}

/** Parsing alone, per sample: the scanner against UTF-8 decode + JSON.parse (+ parseHostMetrics), on one minute's bodies. */
function parseAlone(): void {
  const raw = bodies(0);
  const rounds = 40;
  const time = (f: (b: Buffer) => unknown): number => {
    for (const b of raw) f(b);
    const c0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const b of raw) f(b);
    return (cpuSeconds(c0) / (rounds * SAMPLES)) * 1e9;
  };
  for (let k = 0; k < 3; k++) {
    const scan = time((b) => scanHostMetrics(b, DEFAULT_MAX_ITEMS));
    const parse = time((b) => JSON.parse(b.toString('utf8')));
    const checked = time((b) => parseHostMetrics(JSON.parse(b.toString('utf8')), DEFAULT_MAX_ITEMS));
    console.log(
      `parse alone, round ${k + 1}: scanHostMetrics ${scan.toFixed(0)} ns/sample; decode + JSON.parse ${parse.toFixed(0)} ns/sample (${(parse / scan).toFixed(2)}x); + parseHostMetrics ${checked.toFixed(0)} ns/sample (${(checked / scan).toFixed(2)}x)`,
    );
  }
}

async function withTsdb(fsync: 'batch' | 'never'): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saba-ingest-bench-'));
  const clock = { now: START };
  const db = await Tsdb.open({ dir, fsync, clock: () => clock.now, maintenanceIntervalMs: 0 });
  try {
    await run(`tsdb fsync ${fsync}`, db, clock, false);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cpus = os.cpus();
console.log(
  `machine: ${cpus[0]?.model.trim() ?? 'unknown cpu'}, ${cpus.length} cores, Node ${process.version}; data: ${HOSTS} hosts x ${METRICS} metrics, one post per host per minute, ${TIMED} timed minutes (${((TIMED * SAMPLES) / 1e6).toFixed(1)} M samples) after ${WARMUP} warm-up`,
);
const sample = body(0, 0);
console.log(`body: ${sample.length} bytes a post, ${(sample.length / METRICS).toFixed(0)} bytes a value`);
parseAlone();
await withTsdb('batch');
await withTsdb('never');
await run('discarding storage (ingest layer alone)', new DiscardingStorage(), { now: START }, true);

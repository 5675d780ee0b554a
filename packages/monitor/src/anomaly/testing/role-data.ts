// Generated role data for the anomaly evaluation and benchmark: hosts of one role posting the
// agent's system metrics every minute, with daily and weekly waves, a nightly backup job (a
// second shape a single Gaussian cannot hold), per-host sizes and noise, and labelled injected
// anomalies. Deterministic: the same seed gives the same minutes.
import { FEATURE_COUNT, hostFeatures } from '../features.ts';
import { type Random, seededRandom } from '../random.ts';

/** Minutes in a day. */
export const DAY_MINUTES = 1440;

/** The kinds of injected anomaly. */
export type AnomalyKind = 'leak' | 'spike' | 'swap' | 'diverge';

/** One injected anomaly on one host, minutes [start, end). */
export interface InjectedAnomaly {
  readonly kind: AnomalyKind;
  readonly host: number;
  readonly start: number;
  readonly end: number;
}

/** The shape of a generated role. */
export interface RoleShape {
  readonly hosts: number;
  readonly days: number;
  readonly seed: number;
  /** Anomalies are injected from this day on (the first days are training data). */
  readonly anomaliesFromDay: number;
  /** Anomalies of each kind. */
  readonly perKind: number;
}

/** The issue's role: 20 hosts × 28 days, anomalies in the last 14, 8 of each kind. */
export const ISSUE_ROLE: RoleShape = { hosts: 20, days: 28, seed: 10, anomaliesFromDay: 14, perKind: 8 };

/** How long each kind lasts, in minutes (a diverging host stays off its role for a day). */
const DURATION: Readonly<Record<AnomalyKind, number>> = { leak: 360, spike: 12, swap: 30, diverge: 1440 };

/** The injected anomalies of `shape`, at most one at a time per host, a day apart. */
export function injectedAnomalies(shape: RoleShape): InjectedAnomaly[] {
  const rng = seededRandom(shape.seed * 31 + 7);
  const out: InjectedAnomaly[] = [];
  const kinds: AnomalyKind[] = ['leak', 'spike', 'swap', 'diverge'];
  const testDays = shape.days - shape.anomaliesFromDay;
  for (const kind of kinds) {
    for (let i = 0; i < shape.perKind; i++) {
      for (;;) {
        const host = Math.floor(rng.next() * shape.hosts);
        const day = shape.anomaliesFromDay + Math.floor(rng.next() * (testDays - 1));
        // Leaks start in the evening so that they grow overnight while the CPU idles.
        const minute = kind === 'leak' ? 20 * 60 + Math.floor(rng.next() * 180) : Math.floor(rng.next() * DAY_MINUTES);
        const start = day * DAY_MINUTES + minute;
        const end = start + DURATION[kind];
        const clash = out.some((a) => a.host === host && start < a.end + DAY_MINUTES && a.start < end + DAY_MINUTES);
        if (!clash && end <= shape.days * DAY_MINUTES) {
          out.push({ kind, host, start, end });
          break;
        }
      }
    }
  }
  return out;
}

/** One host's fixed traits. */
interface Host {
  readonly cores: number;
  readonly memGiB: number;
  readonly swapGiB: number;
  readonly share: number;
  readonly noise: number;
  readonly memBase: number;
  readonly swapBase: number;
  readonly fsBase: number;
  readonly net: number;
  readonly steal: number;
}

function hostTraits(rng: Random): Host {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  return {
    cores: pick([2, 4, 8, 16]),
    memGiB: pick([4, 8, 16, 32]),
    swapGiB: pick([0, 2, 2, 4]),
    share: 0.85 + 0.3 * rng.next(),
    noise: 0.8 + 0.4 * rng.next(),
    memBase: 30 + 15 * rng.next(),
    swapBase: 0.5 + 3 * rng.next(),
    fsBase: 35 + 25 * rng.next(),
    net: 0.7 + 0.6 * rng.next(),
    steal: rng.next() < 0.3 ? 0.4 : 0,
  };
}

/** The role's load at minute t, 0..1: a daily wave peaking mid-afternoon, quieter at weekends. */
function busyness(t: number, dayNoise: number): number {
  const day = Math.floor(t / DAY_MINUTES);
  const hour = (t % DAY_MINUTES) / 60;
  const weekend = day % 7 >= 5;
  const wave = Math.exp(-((hour - 14) ** 2) / (2 * 3.5 ** 2));
  return 0.08 + (weekend ? 0.35 : 0.9) * wave * (1 + dayNoise);
}

/** Whether minute t is in the nightly backup (02:00–02:40): heavy disk reads and iowait. */
function inBackup(t: number): boolean {
  const m = t % DAY_MINUTES;
  return m >= 120 && m < 160;
}

/**
 * One host's minutes as feature vectors (minutes × FEATURE_COUNT), built from the metrics the
 * agent would post, through hostFeatures. `anomalies` are those of this host.
 */
export function hostMinutes(shape: RoleShape, host: number, anomalies: readonly InjectedAnomaly[]): Float64Array {
  const out = new Float64Array(shape.days * DAY_MINUTES * FEATURE_COUNT);
  hostMetricMinutes(shape, host, anomalies, (t, v) => hostFeatures(v, out, t * FEATURE_COUNT));
  return out;
}

/**
 * One host's minutes as the agent's metrics: `visit(minute, values)` for each minute from 0, by
 * metric name (the map is reused: copy what you keep). `anomalies` are those of this host.
 */
export function hostMetricMinutes(
  shape: RoleShape,
  host: number,
  anomalies: readonly InjectedAnomaly[],
  visit: (minute: number, values: ReadonlyMap<string, number>) => void,
): void {
  const rng = seededRandom(shape.seed * 1009 + host);
  const h = hostTraits(rng);
  const dayNoise = Array.from({ length: shape.days }, () => 0.08 * rng.normal());
  const minutes = shape.days * DAY_MINUTES;
  const v = new Map<string, number>();
  const GiB = 2 ** 30;
  let l1 = 0.1;
  let l5 = 0.1;
  let l15 = 0.1;
  const n = (sd: number): number => sd * h.noise * rng.normal();
  for (let t = 0; t < minutes; t++) {
    const a = anomalies.find((x) => t >= x.start && t < x.end);
    const p = a === undefined ? 0 : (t - a.start) / (a.end - a.start);
    let busy = busyness(t, dayNoise[Math.floor(t / DAY_MINUTES)]!) * h.share;
    if (a?.kind === 'leak') busy = Math.min(busy, 0.1);
    const backup = inBackup(t);
    let user = 55 * busy + n(1.5);
    let system = 1 + 12 * busy + n(0.6);
    let iowait = 0.4 + n(0.15) + (backup ? 8 + n(1.5) : 0);
    let memUsed = h.memBase + 20 * busy + n(0.6);
    let cache = 25 - 10 * busy + n(0.8);
    let swapUsed = h.swapBase + n(0.03);
    let reads = Math.exp(Math.log(20 + 200 * busy) + n(0.25)) * (backup ? 25 : 1);
    let writes = Math.exp(Math.log(30 + 150 * busy) + n(0.25));
    const rx = Math.exp(Math.log(h.net * (2e5 + 8e6 * busy)) + n(0.12));
    const tx = rx * (2.5 + n(0.1));
    if (a?.kind === 'leak') {
      // Memory drains for six hours while the CPU stays idle; the page cache is what gives way.
      memUsed += 22 * p;
      cache -= 10 * p;
    } else if (a?.kind === 'spike') {
      // A Full GC storm: all cores busy, the heap sawtoothing.
      user += 22 + n(3);
      system += 5 + n(1);
      memUsed += 4 * Math.abs(Math.sin(t));
    } else if (a?.kind === 'swap') {
      memUsed = 88 + n(0.5);
      cache = 3 + n(0.3);
      swapUsed += 8 * Math.min(1, p * 3);
      iowait += 5 + n(1);
      reads *= 6;
      writes *= 3;
    } else if (a?.kind === 'diverge') {
      // The host drifts off its role: a runaway worker keeps 10 % of the CPU and its memory grows.
      user += 10 + n(1.5);
      memUsed += 6;
    }
    user = Math.max(0, user);
    system = Math.max(0, system);
    iowait = Math.max(0, iowait);
    const irq = Math.max(0, 0.3 + 1.2 * busy + n(0.1));
    const steal = h.steal > 0 ? Math.max(0, h.steal + n(0.1)) : 0;
    const nice = 0.1;
    const idle = Math.max(0, 100 - user - system - iowait - irq - steal - nice);
    const scale = h.cores;
    v.set('cpu.user.percentage', user * scale);
    v.set('cpu.nice.percentage', nice * scale);
    v.set('cpu.system.percentage', system * scale);
    v.set('cpu.iowait.percentage', iowait * scale);
    v.set('cpu.irq.percentage', irq * 0.3 * scale);
    v.set('cpu.softirq.percentage', irq * 0.7 * scale);
    v.set('cpu.steal.percentage', steal * scale);
    v.set('cpu.idle.percentage', idle * scale);
    // Load follows run-queue demand through the kernel's 1-, 5- and 15-minute decays.
    const demand = (h.cores * (user + system + iowait) * (1 + n(0.1))) / 100;
    l1 += (demand - l1) * (1 - Math.exp(-1));
    l5 += (demand - l5) * (1 - Math.exp(-1 / 5));
    l15 += (demand - l15) * (1 - Math.exp(-1 / 15));
    v.set('loadavg1', Math.max(0, l1));
    v.set('loadavg5', Math.max(0, l5));
    v.set('loadavg15', Math.max(0, l15));
    const total = h.memGiB * GiB;
    memUsed = Math.min(99, Math.max(1, memUsed));
    cache = Math.max(0.5, Math.min(99 - memUsed, cache));
    v.set('memory.total', total);
    v.set('memory.used', (memUsed / 100) * total);
    v.set('memory.buffers', (cache / 100) * 0.1 * total);
    v.set('memory.cached', (cache / 100) * 0.9 * total);
    v.set('memory.free', ((100 - memUsed - cache) / 100) * total);
    v.set('memory.mem_available', ((100 - memUsed) / 100) * total);
    const swapTotal = h.swapGiB * GiB;
    swapUsed = Math.max(0, Math.min(100, swapUsed));
    v.set('memory.swap_total', swapTotal);
    v.set('memory.swap_free', swapTotal * (1 - swapUsed / 100));
    v.set('memory.swap_cached', swapTotal * 0.002);
    v.set('disk.sda.reads.delta', reads);
    v.set('disk.sda.writes.delta', writes);
    v.set('interface.eth0.rxBytes.delta', rx);
    v.set('interface.eth0.txBytes.delta', Math.max(0, tx));
    // The root filesystem fills slowly, with a daily log-rotation sawtooth.
    const fs = h.fsBase + 0.02 * (t / DAY_MINUTES) + 0.4 * ((t % DAY_MINUTES) / DAY_MINUTES) + n(0.01);
    v.set('filesystem.sda1.size', 100 * GiB);
    v.set('filesystem.sda1.used', fs * GiB);
    visit(t, v);
  }
}

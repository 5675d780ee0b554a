// The few numbers the host list shows beside each host, from `GET /api/v0/tsdb/latest`.
import type { MetricPoint } from '../../api/types.ts';

/** The names to ask `tsdb/latest` for (it takes `*` as one segment, as graph definitions do). */
export const KEY_METRIC_NAMES = ['loadavg5', 'cpu.*.percentage', 'memory.total', 'memory.used'] as const;

/** `tsdb/latest` takes this many hosts per request: 100 ids keep the URL near 2 KB, as mkr batches them. */
export const LATEST_BATCH = 100;

/** A host's key metrics; a field is missing when the host does not post what it needs. */
export interface KeyMetrics {
  readonly loadavg5?: number;
  /** Busy CPU, percent of all cores: everything but idle over the sum of every cpu.* percentage. */
  readonly cpu?: number;
  /** memory.used over memory.total, percent. */
  readonly memory?: number;
}

/** The key metrics from one host's latest values. */
export function keyMetrics(latest: Readonly<Record<string, MetricPoint>> | undefined): KeyMetrics {
  if (latest === undefined) return {};
  let cpuSum = 0;
  let idle: number | undefined;
  for (const [name, p] of Object.entries(latest)) {
    if (!name.startsWith('cpu.') || !name.endsWith('.percentage')) continue;
    cpuSum += p.value;
    if (name === 'cpu.idle.percentage') idle = p.value;
  }
  const total = latest['memory.total']?.value;
  const used = latest['memory.used']?.value;
  const load = latest.loadavg5?.value;
  return {
    ...(load !== undefined ? { loadavg5: load } : {}),
    ...(idle !== undefined && cpuSum > 0 ? { cpu: ((cpuSum - idle) / cpuSum) * 100 } : {}),
    ...(total !== undefined && used !== undefined && total > 0 ? { memory: (used / total) * 100 } : {}),
  };
}

/** `ids` in batches of `size`. */
export function batches<T>(ids: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

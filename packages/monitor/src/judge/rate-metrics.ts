import type { Operator } from '../kinds/config.ts';

/** A host monitor's pseudo-metric (spec §2.3 "rate monitors"): computed from the host's posted metrics. */
export interface RateMetric {
  /** The posted metrics it is computed from; `*` stands for one dot-free segment. */
  readonly patterns: readonly string[];
  /**
   * The percentage from the values posted at one time, or undefined when they are not all
   * there or the host has none of the resource (no swap, say: such hosts are not monitored).
   */
  compute(values: ReadonlyMap<string, number>, operator: Operator): number | undefined;
}

/** Whether `name` matches `pattern`, where `*` stands for one whole segment. */
export function matchesPattern(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  if (p.length !== n.length) return false;
  return p.every((seg, i) => seg === '*' || seg === n[i]);
}

/** used/size of one pair of metrics, in percent. */
function percent(used: number | undefined, total: number | undefined): number | undefined {
  if (used === undefined || total === undefined || !(total > 0)) return undefined;
  return (used / total) * 100;
}

/**
 * The worst of the per-item percentages `<prefix>.<item>.<usedSuffix>` / `<prefix>.<item>.<totalSuffix>`:
 * the highest under `>`, the lowest under `<`, so that the monitor alerts when any item breaches.
 */
function worstRatio(
  values: ReadonlyMap<string, number>,
  prefix: string,
  usedSuffix: string,
  totalSuffix: string,
  operator: Operator,
): number | undefined {
  let worst: number | undefined;
  for (const [name, used] of values) {
    if (!name.startsWith(`${prefix}.`) || !name.endsWith(`.${usedSuffix}`)) continue;
    const item = name.slice(prefix.length + 1, name.length - usedSuffix.length - 1);
    if (item === '' || item.includes('.')) continue;
    const p = percent(used, values.get(`${prefix}.${item}.${totalSuffix}`));
    if (p === undefined) continue;
    if (worst === undefined || (operator === '>' ? p > worst : p < worst)) worst = p;
  }
  return worst;
}

/** The pseudo-metrics by name (spec api §8.3). */
export const RATE_METRICS: ReadonlyMap<string, RateMetric> = new Map<string, RateMetric>([
  [
    'cpu%',
    {
      // The agent posts each cpu.*.percentage scaled by the core count; the busy share of their
      // sum is the usage with all cores as 100%.
      patterns: ['cpu.*.percentage'],
      compute(values) {
        const idle = values.get('cpu.idle.percentage');
        let total = 0;
        for (const [name, v] of values) if (matchesPattern('cpu.*.percentage', name)) total += v;
        if (idle === undefined || !(total > 0)) return undefined;
        return ((total - idle) / total) * 100;
      },
    },
  ],
  [
    'memory%',
    {
      patterns: ['memory.used', 'memory.total'],
      compute: (values) => percent(values.get('memory.used'), values.get('memory.total')),
    },
  ],
  [
    'swap%',
    {
      patterns: ['memory.swap_total', 'memory.swap_free'],
      compute(values) {
        const total = values.get('memory.swap_total');
        const free = values.get('memory.swap_free');
        if (total === undefined || free === undefined) return undefined;
        return percent(total - free, total);
      },
    },
  ],
  [
    'disk%',
    {
      patterns: ['filesystem.*.used', 'filesystem.*.size'],
      compute: (values, op) => worstRatio(values, 'filesystem', 'used', 'size', op),
    },
  ],
  [
    'container-cpu%',
    {
      // container.cpu.<name>.usage is in percent of one core; .limit is the container's limit in the same unit.
      patterns: ['container.cpu.*.usage', 'container.cpu.*.limit'],
      compute: (values, op) => worstRatio(values, 'container.cpu', 'usage', 'limit', op),
    },
  ],
  [
    'container-memory%',
    {
      patterns: ['container.memory.*.usage', 'container.memory.*.limit'],
      compute: (values, op) => worstRatio(values, 'container.memory', 'usage', 'limit', op),
    },
  ],
]);

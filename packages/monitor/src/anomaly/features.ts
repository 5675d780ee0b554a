// One host-minute as the anomaly model sees it: 20 numbers from the agent's built-in system
// metrics (apps/agent/src/collectors), made comparable across hosts of different sizes so that
// one model can learn a whole role: CPU and memory as percentages of the host's own capacity,
// load per CPU, and log1p of rates (a host with 10× the traffic is a shift, not 10× the spread).

/** The feature names, in vector order; the alert message and the stored model use them. */
export const FEATURE_NAMES = [
  'loadavg1',
  'loadavg5',
  'loadavg15',
  'cpu.user',
  'cpu.nice',
  'cpu.system',
  'cpu.iowait',
  'cpu.irq',
  'cpu.steal',
  'cpu.idle',
  'memory.used',
  'memory.cache',
  'memory.free',
  'swap.used',
  'swap.cached',
  'disk.reads',
  'disk.writes',
  'interface.rxBytes',
  'interface.txBytes',
  'filesystem.used',
] as const;

/** The length of a feature vector. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/**
 * The smallest standard deviation a feature is given when standardised, in its own unit: 0.1
 * percentage point, 0.01 load per CPU, 0.05 in log1p of a rate (5 %). Below these a change is
 * measurement noise, and a feature that never moved in training (steal on bare metal) must not
 * turn its first 0.2 % into a hundred-sigma alert.
 */
export const FEATURE_RESOLUTION: readonly number[] = FEATURE_NAMES.map((name) =>
  name.startsWith('loadavg') ? 0.01 : name.startsWith('disk.') || name.startsWith('interface.') ? 0.05 : 0.1,
);

const CPU_COLUMNS = ['user', 'nice', 'system', 'iowait', 'irq', 'steal', 'idle'] as const;

/**
 * Writes the feature vector of one host-minute to `out[offset..offset+20)` from the metrics
 * the agent posted for that minute. A feature whose metrics are absent is NaN (the model
 * imputes it, see role-model.ts): loadavg or CPU before the agent's second reading, disk and
 * interface rates with no device. A host without swap has swap.used = swap.cached = 0, not
 * NaN: it cannot be short of swap, and that is normal for it.
 */
export function hostFeatures(values: ReadonlyMap<string, number>, out: Float64Array, offset = 0): void {
  out.fill(Number.NaN, offset, offset + FEATURE_COUNT);
  // The agent scales each cpu.*.percentage by the core count (sum = 100 × cores), so their sum
  // gives the cores and each share divided by it is a percentage of the whole host.
  let cpuSum = 0;
  let reads = Number.NaN;
  let writes = Number.NaN;
  let rx = Number.NaN;
  let tx = Number.NaN;
  let fsUsed = Number.NaN;
  for (const [name, v] of values) {
    if (name.startsWith('cpu.') && name.endsWith('.percentage')) cpuSum += v;
    else if (name.startsWith('disk.')) {
      if (name.endsWith('.reads.delta')) reads = (Number.isNaN(reads) ? 0 : reads) + v;
      else if (name.endsWith('.writes.delta')) writes = (Number.isNaN(writes) ? 0 : writes) + v;
    } else if (name.startsWith('interface.')) {
      if (name.endsWith('.rxBytes.delta')) rx = (Number.isNaN(rx) ? 0 : rx) + v;
      else if (name.endsWith('.txBytes.delta')) tx = (Number.isNaN(tx) ? 0 : tx) + v;
    } else if (name.startsWith('filesystem.') && name.endsWith('.used')) {
      // The fullest filesystem, as the disk% pseudo-metric does (judge/rate-metrics.ts).
      const size = values.get(`${name.slice(0, -'.used'.length)}.size`);
      if (size !== undefined && size > 0) fsUsed = Math.max(Number.isNaN(fsUsed) ? 0 : fsUsed, (100 * v) / size);
    }
  }
  if (cpuSum > 0) {
    const cores = cpuSum / 100;
    const load = (key: string): number => {
      const v = values.get(key);
      return v === undefined ? Number.NaN : v / cores;
    };
    out[offset] = load('loadavg1');
    out[offset + 1] = load('loadavg5');
    out[offset + 2] = load('loadavg15');
    for (let i = 0; i < CPU_COLUMNS.length; i++) {
      const c = CPU_COLUMNS[i]!;
      // irq and softirq are one feature: both are the kernel servicing devices.
      const v =
        (values.get(`cpu.${c}.percentage`) ?? 0) + (c === 'irq' ? (values.get('cpu.softirq.percentage') ?? 0) : 0);
      out[offset + 3 + i] = (100 * v) / cpuSum;
    }
  }
  const total = values.get('memory.total');
  if (total !== undefined && total > 0) {
    const pct = (v: number | undefined): number => (v === undefined ? Number.NaN : (100 * v) / total);
    out[offset + 10] = pct(values.get('memory.used'));
    const buffers = values.get('memory.buffers');
    const cached = values.get('memory.cached');
    out[offset + 11] = cached === undefined ? Number.NaN : pct(cached + (buffers ?? 0));
    out[offset + 12] = pct(values.get('memory.free') ?? values.get('memory.mem_available'));
  }
  const swapTotal = values.get('memory.swap_total');
  if (swapTotal !== undefined) {
    const free = values.get('memory.swap_free') ?? swapTotal;
    out[offset + 13] = swapTotal > 0 ? (100 * (swapTotal - free)) / swapTotal : 0;
    out[offset + 14] = swapTotal > 0 ? (100 * (values.get('memory.swap_cached') ?? 0)) / swapTotal : 0;
  }
  out[offset + 15] = Math.log1p(reads);
  out[offset + 16] = Math.log1p(writes);
  out[offset + 17] = Math.log1p(rx);
  out[offset + 18] = Math.log1p(tx);
  out[offset + 19] = fsUsed;
}

// Per-second rates of cumulative kernel counters (disk reads/writes, interface bytes).

/** Two cumulative counters of one device: [reads, writes] or [rxBytes, txBytes]. */
export type CounterPair = readonly [number, number];

/**
 * Adds `${prefix}${label}${suffixes[i]}` = (curr − prev) / seconds for every label in both readings.
 * A counter that went down (device re-created, 32-bit wrap) is skipped rather than posted negative:
 * mackerel-agent's interface collector does exactly this (`currValue >= prevValue`,
 * metrics/interface.go); see disk.ts for why the disk collector does it too.
 */
export function addCounterRates(
  prev: ReadonlyMap<string, CounterPair>,
  curr: ReadonlyMap<string, CounterPair>,
  seconds: number,
  prefix: string,
  suffixes: readonly [string, string],
  out: Record<string, number>,
): void {
  for (const [label, now] of curr) {
    const before = prev.get(label);
    if (before === undefined) continue;
    for (let i = 0; i < 2; i++) {
      const d = (now[i] ?? 0) - (before[i] ?? 0);
      if (d >= 0) out[`${prefix}${label}${suffixes[i]}`] = d / seconds;
    }
  }
}

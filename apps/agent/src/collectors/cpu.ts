// cpu.*.percentage from two readings of /proc/stat.
//
// Matches mackerel-agent metrics/linux/cpuusage.go on top of go-osstat cpu/cpu_linux.go:
//   total   = sum of the columns of the first ("cpu") line − guest − guest_nice
//             (the kernel already counts guest inside user and guest_nice inside nice)
//   cpus    = number of "cpuN" lines
//   user %  = Δ(user − guest) × cpus × 100 / Δtotal; nice/system/idle likewise from Δcolumn
//   iowait, irq, softirq, steal, guest only when the line has ≥5, 6, 7, 8, 9 columns.
// The posted values add up to cpus × 100 (4 cores → 400), and guest_nice is not posted.

/** Jiffy counters of the aggregate "cpu" line of /proc/stat. */
export interface CpuCounters {
  /** user, nice, system, idle, iowait, irq, softirq, steal, guest, guest_nice: as many as the kernel prints. */
  readonly columns: readonly number[];
  /** Sum of the columns minus guest and guest_nice (go-osstat's Stats.Total). */
  readonly total: number;
  /** Number of "cpuN" lines (go-osstat's Stats.CPUCount). */
  readonly cpuCount: number;
}

// Column index → metric; user (0) is special-cased because it excludes guest.
const OPTIONAL_COLUMNS = [
  [4, 'cpu.iowait.percentage'],
  [5, 'cpu.irq.percentage'],
  [6, 'cpu.softirq.percentage'],
  [7, 'cpu.steal.percentage'],
  [8, 'cpu.guest.percentage'],
] as const;

const GUEST = 8;
const GUEST_NICE = 9;

/** Parses /proc/stat; null when the first line is not a readable "cpu" line. */
export function parseProcStat(text: string): CpuCounters | null {
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  const first = text.slice(0, end).trim().split(/\s+/);
  if (first[0] !== 'cpu' || first.length < 5) return null;
  const columns: number[] = [];
  let total = 0;
  for (let i = 1; i < first.length; i++) {
    const v = Number(first[i]);
    if (!Number.isFinite(v)) return null;
    columns.push(v);
    total += v;
  }
  total -= (columns[GUEST] ?? 0) + (columns[GUEST_NICE] ?? 0);

  // The kernel prints the cpuN lines right after the aggregate line and before "intr",
  // whose line can be tens of kB, so counting stops at the first line that is not cpuN.
  let cpuCount = 0;
  let start = end + 1;
  while (start < text.length && text.startsWith('cpu', start)) {
    const c = text.charCodeAt(start + 3);
    if (c >= 48 && c <= 57) cpuCount++;
    const next = text.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  return { columns, total, cpuCount };
}

/** Adds cpu.*.percentage for the interval prev → curr; adds nothing when no jiffies passed. */
export function addCpuPercentages(prev: CpuCounters, curr: CpuCounters, out: Record<string, number>): void {
  const totalDiff = curr.total - prev.total;
  // Two readings within one jiffy (10 ms) would divide by zero; the Go agent never sees that
  // because its readings are 60 s apart, so posting nothing is the closest safe behaviour.
  if (!(totalDiff > 0)) return;
  const scale = (curr.cpuCount * 100) / totalDiff;
  const c = curr.columns;
  const p = prev.columns;
  const col = (cols: readonly number[], i: number): number => cols[i] ?? 0;
  const delta = (i: number): number => col(c, i) - col(p, i);
  out['cpu.user.percentage'] = (col(c, 0) - col(c, GUEST) - (col(p, 0) - col(p, GUEST))) * scale;
  out['cpu.nice.percentage'] = delta(1) * scale;
  out['cpu.system.percentage'] = delta(2) * scale;
  out['cpu.idle.percentage'] = delta(3) * scale;
  for (const [index, name] of OPTIONAL_COLUMNS) {
    if (c.length > index) out[name] = delta(index) * scale;
  }
}

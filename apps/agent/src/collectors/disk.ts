// disk.<dev>.reads.delta / writes.delta counters from /proc/diskstats.
//
// Matches mackerel-agent metrics/linux/disk.go (+ go-osstat disk/disk_linux.go):
//   - a line needs ≥ 14 fields (major minor name + 11 stats); shorter ones (2.6 kernels'
//     4-stat partition lines) are skipped, as go-osstat does;
//   - reads = field 4 (reads completed), writes = field 8 (writes completed);
//   - "dm-*" devices are skipped (PR #461: device-mapper volumes double-count their disks,
//     and Docker creates many);
//   - devices whose 11 classic stats are all zero are skipped (never-used loop/ram/zram);
//   - the label is the sanitised device name or, with [filesystems] use_mountpoint, the
//     sanitised mount point of the /dev/<name> filesystem df lists (getDeviceNameMapping);
//   - [disks] ignore (PR #898) is tested against that label;
//   - rate = Δ / interval seconds.
// One deliberate difference: the Go code posts (curr − prev) / 60 even when negative; a
// negative I/O rate is meaningless (it only appears when a device is re-created under the
// same name), so like the interface collector we skip that counter for that minute.
import type { CounterPair } from './counter-rate.ts';
import { matchesIgnore, sanitizeMetricKey } from './metric-key.ts';

/** How /proc/diskstats device names become metric labels. */
export interface DiskLabelOptions {
  /** [disks] ignore, tested against the label. */
  readonly ignore?: RegExp | undefined;
  /** Device name without /dev/ → mount point, when [filesystems] use_mountpoint is on. */
  readonly mountByDevice?: ReadonlyMap<string, string> | undefined;
}

const FIRST_STAT = 3;
const STAT_COUNT = 11;

/** Parses /proc/diskstats into label → [reads completed, writes completed], applying the agent's filters. */
export function parseDiskstats(text: string, options: DiskLabelOptions = {}): Map<string, CounterPair> {
  const out = new Map<string, CounterPair>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const device = f[2];
    if (f.length < FIRST_STAT + STAT_COUNT || device === undefined || device.startsWith('dm-')) continue;
    let nonZero = false;
    for (let i = FIRST_STAT; i < FIRST_STAT + STAT_COUNT; i++) {
      if (f[i] !== '0') {
        nonZero = true;
        break;
      }
    }
    if (!nonZero) continue;
    const reads = Number(f[3]);
    const writes = Number(f[7]);
    if (!Number.isFinite(reads) || !Number.isFinite(writes)) continue;
    const mount = options.mountByDevice?.get(device);
    const label = sanitizeMetricKey(mount ?? device);
    if (matchesIgnore(options.ignore, label)) continue;
    out.set(label, [reads, writes]);
  }
  return out;
}

/** Metric-name suffixes of the two disk counters. */
export const DISK_SUFFIXES = ['.reads.delta', '.writes.delta'] as const;

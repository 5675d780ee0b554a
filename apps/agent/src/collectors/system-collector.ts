// The built-in Linux metrics of mackerel-agent (spec mackerel-api.md §18.1), one sample per call.
//
// The Go agent, at each minute tick T, reads the gauges at T and samples the CPU, disk and
// interface counters at T and T+60 s, posting all of it with time T. Here sample() reads the
// gauges and the counters once; the rates cover (previous sample, now], and the caller pairs the
// gauges of one tick with the rates of the interval that starts at that tick. Per-second rates
// divide by the real elapsed time, which equals the Go agent's "/ 60" when ticks are 60 s apart.
//
// Every file is read with one readFile per minute (6 reads, ~20 kB in all on a 2-CPU host);
// nothing runs at import time and no df/child process is spawned.

import { join } from 'node:path';
import { statfs as fsStatfs, readFile } from '@saba/agent-config/sync-fs';
import { addCounterRates, type CounterPair } from './counter-rate.ts';
import { addCpuPercentages, type CpuCounters, parseProcStat } from './cpu.ts';
import type { StatfsResult } from './df.ts';
import { type DfEntry, readFilesystems } from './df.ts';
import { DISK_SUFFIXES, parseDiskstats } from './disk.ts';
import { addFilesystemGauges, mountByDevice } from './filesystem.ts';
import { INTERFACE_SUFFIXES, parseNetDev } from './interface.ts';
import { addLoadavgGauges } from './loadavg.ts';
import { addMemoryGauges } from './memory.ts';

/** The result of statfs(2) the collectors need; defined beside df, re-exported for callers. */
export type { StatfsResult } from './df.ts';

/** Options of the built-in Linux collectors (from the [filesystems], [disks], [interfaces] config tables). */
export interface SystemCollectorOptions {
  /** Directory standing for `/`: files are read at `${root}/proc/...`; tests point it at testdata. Default '/'. */
  readonly root?: string;
  readonly filesystems?: { readonly ignore?: RegExp; readonly useMountpoint?: boolean };
  readonly disks?: { readonly ignore?: RegExp };
  readonly interfaces?: { readonly ignore?: RegExp };
  /** statfs of one mount point; default uses node:fs/promises statfs. Tests inject a table. */
  readonly statfs?: (mountPoint: string) => Promise<StatfsResult>;
}

/** One sample of the system: gauges read now, and rates over the interval since the previous sample. */
export interface SystemSample {
  /** loadavg1/5/15, memory.*, filesystem.<dev>.size/used — values as of now. */
  readonly gauges: Record<string, number>;
  /** cpu.*.percentage, disk.<dev>.reads/writes.delta, interface.<if>.rxBytes/txBytes.delta over (previous sample, now]; null on the first call. */
  readonly rates: Record<string, number> | null;
}

// The counters one sample keeps for the next; null where the file could not be read.
interface Counters {
  readonly atMs: number;
  readonly cpu: CpuCounters | null;
  readonly disks: ReadonlyMap<string, CounterPair> | null;
  readonly interfaces: ReadonlyMap<string, CounterPair> | null;
}

// A missing or unreadable file drops that collector's metrics for the minute, as the Go
// generators do (they log and return no values); the other collectors still post.
async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

// Node reports statfs's f_bsize where df uses f_frsize; Linux local filesystems (ext4, xfs,
// btrfs, vfat) set both to the same block size, so the kB columns come out identical.
function defaultStatfs(root: string): (mountPoint: string) => Promise<StatfsResult> {
  return async (mountPoint) => {
    const s = await fsStatfs(root === '/' ? mountPoint : join(root, mountPoint));
    return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail };
  };
}

/** Reads /proc and statfs; keeps the previous counters to turn them into per-minute rates. */
export class SystemCollector {
  readonly #root: string;
  readonly #options: SystemCollectorOptions;
  readonly #statfs: (mountPoint: string) => Promise<StatfsResult>;
  #previous: Counters | null = null;

  constructor(options: SystemCollectorOptions = {}) {
    this.#options = options;
    this.#root = options.root ?? '/';
    this.#statfs = options.statfs ?? defaultStatfs(this.#root);
  }

  /** Takes one sample at `nowMs` (the caller's clock, used for the elapsed time of rates). */
  async sample(nowMs: number): Promise<SystemSample> {
    const root = this.#root;
    const opts = this.#options;
    const [loadavg, meminfo, stat, diskstats, netdev, filesystems] = await Promise.all([
      readText(join(root, 'proc/loadavg')),
      readText(join(root, 'proc/meminfo')),
      readText(join(root, 'proc/stat')),
      readText(join(root, 'proc/diskstats')),
      readText(join(root, 'proc/net/dev')),
      readFilesystems(root, this.#statfs).catch((): DfEntry[] => []),
    ]);

    const gauges: Record<string, number> = {};
    if (loadavg !== null) addLoadavgGauges(loadavg, gauges);
    if (meminfo !== null) addMemoryGauges(meminfo, gauges);
    addFilesystemGauges(filesystems, opts.filesystems ?? {}, gauges);

    const useMountpoint = opts.filesystems?.useMountpoint === true;
    const current: Counters = {
      atMs: nowMs,
      cpu: stat === null ? null : parseProcStat(stat),
      disks:
        diskstats === null
          ? null
          : parseDiskstats(diskstats, {
              ignore: opts.disks?.ignore,
              mountByDevice: useMountpoint ? mountByDevice(filesystems) : undefined,
            }),
      interfaces: netdev === null ? null : parseNetDev(netdev, opts.interfaces?.ignore),
    };

    const previous = this.#previous;
    this.#previous = current;
    if (previous === null) return { gauges, rates: null };

    const rates: Record<string, number> = {};
    if (previous.cpu !== null && current.cpu !== null) addCpuPercentages(previous.cpu, current.cpu, rates);
    // CPU shares need no clock (they are ratios of jiffies); byte and I/O rates do, and a clock
    // that did not move forward (suspend/resume quirks, a caller bug) gives no rate at all.
    const seconds = (nowMs - previous.atMs) / 1000;
    if (seconds > 0) {
      if (previous.disks !== null && current.disks !== null) {
        addCounterRates(previous.disks, current.disks, seconds, 'disk.', DISK_SUFFIXES, rates);
      }
      if (previous.interfaces !== null && current.interfaces !== null) {
        addCounterRates(previous.interfaces, current.interfaces, seconds, 'interface.', INTERFACE_SUFFIXES, rates);
      }
    }
    return { gauges, rates };
  }
}

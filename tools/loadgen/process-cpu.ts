import { readFileSync } from 'node:fs';

/**
 * Ticks per second of the times in /proc/<pid>/stat: USER_HZ, which the kernel fixes at 100 for
 * user space on every architecture Node runs on (`getconf CLK_TCK`), whatever CONFIG_HZ is.
 */
export const CLOCK_TICKS_PER_S = 100;

/** CPU a process has used so far, over all its threads, in seconds. */
export interface ProcessCpu {
  readonly user: number;
  readonly system: number;
}

/**
 * User and system time of the `/proc/<pid>/stat` line `text` (fields 14 and 15, utime and stime).
 * The command name (field 2) sits in parentheses and may itself hold spaces and `)`, so fields
 * are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcessCpu {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`not a /proc/<pid>/stat line: ${text}`);
  return { user: utime / CLOCK_TICKS_PER_S, system: stime / CLOCK_TICKS_PER_S };
}

/** CPU used so far by process `pid` (every thread: the main thread, libuv's pool, GC and compaction workers). */
export function processCpu(pid: number): ProcessCpu {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** CPU used so far by the main thread of process `pid` alone (its task whose id is the pid). */
export function mainThreadCpu(pid: number): ProcessCpu {
  return parseProcStat(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
}

/** CPU time the whole machine spent busy so far (user, nice, system, irq, softirq over every core), in seconds. */
export function machineBusySeconds(): number {
  return parseMachineBusy(readFileSync('/proc/stat', 'utf8'));
}

/**
 * Busy seconds from the text of /proc/stat: its `cpu` line sums every core in ticks as
 * `user nice system idle iowait irq softirq steal ...`. Idle, iowait and steal (time the
 * hypervisor gave to another machine) are not work done here.
 */
export function parseMachineBusy(text: string): number {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (line === undefined) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0);
  if (!Number.isFinite(busy)) throw new Error(`not a /proc/stat cpu line: ${line}`);
  return busy / CLOCK_TICKS_PER_S;
}

/** CPU seconds spent over a window of wall time, split by who spent it. */
export interface CpuWindow {
  readonly wallS: number;
  /** The measured server process, every thread. */
  readonly serverS: number;
  /** Of `serverS`, its system (kernel) time. */
  readonly serverSystemS: number;
  /** Of `serverS`, its main thread (for Node: JavaScript; the rest is libuv's pool, V8's GC and compiler threads). */
  readonly serverMainS: number;
  /** This process: the load generator. */
  readonly clientS: number;
  /** Everything else on the machine (other programs sharing the cores skew wall times, not CPU-seconds). */
  readonly otherS: number;
}

/** Starts measuring CPU of server `pid`, this process and the machine; the returned function ends the window. */
export function startCpuWindow(pid: number): () => CpuWindow {
  const server0 = processCpu(pid);
  const main0 = mainThreadCpu(pid);
  const client0 = process.cpuUsage();
  const machine0 = machineBusySeconds();
  const t0 = performance.now();
  return () => {
    const server = processCpu(pid);
    const main = mainThreadCpu(pid);
    const serverS = server.user - server0.user + (server.system - server0.system);
    const c = process.cpuUsage(client0);
    const clientS = (c.user + c.system) / 1e6;
    const machineS = machineBusySeconds() - machine0;
    return {
      wallS: (performance.now() - t0) / 1000,
      serverS,
      serverSystemS: server.system - server0.system,
      serverMainS: main.user - main0.user + (main.system - main0.system),
      clientS,
      otherS: Math.max(0, machineS - serverS - clientS),
    };
  };
}

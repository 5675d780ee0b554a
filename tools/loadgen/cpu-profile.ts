import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
  }[];
  readonly samples: readonly number[];
  /** When profiling started, µs of the monotonic clock that process.hrtime reads, in every process. */
  readonly startTime: number;
  /** Microseconds since the previous sample; parallel to `samples`. */
  readonly timeDeltas: readonly number[];
}

/** Self time of one function, or of one file, over a profile. */
export interface SelfTime {
  /** `function file:line`, or a file, or a V8 pseudo-frame such as `(garbage collector)`. */
  readonly name: string;
  readonly ms: number;
  /** Share of the busy time: every sample but `(idle)`. */
  readonly share: number;
}

/** Self time by function and by file, busiest first; `(idle)` is left out and reported apart. */
export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  readonly functions: readonly SelfTime[];
  readonly files: readonly SelfTime[];
}

/** A span of the monotonic clock in µs (`process.hrtime.bigint() / 1000n`, read by any process). */
export interface ClockWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** The monotonic clock now, in µs, to mark a window of a profile taken in another process. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** How `summarizeProfile` names and selects samples. */
export interface SummaryOptions {
  /** File URLs are shown relative to this directory. */
  readonly root: string;
  /** Only samples taken inside this span count (all when absent). */
  readonly window?: ClockWindow;
  /** Maps a position in transformed code (absolute path, 0-based line and column) to a 1-based source line. */
  readonly sourceLine?: (path: string, line: number, column: number) => number | undefined;
}

/** Sums self time per function and per file, busiest first. */
export function summarizeProfile(p: CpuProfile, opts: SummaryOptions): ProfileSummary {
  const { root, window, sourceLine } = opts;
  const frameOf = new Map<number, { fn: string; file: string }>();
  for (const n of p.nodes) {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    const abs = url.startsWith('file://') ? new URL(url).pathname : undefined;
    const path = abs === undefined ? url : relative(root, abs);
    const line = (abs === undefined ? undefined : sourceLine?.(abs, lineNumber, columnNumber)) ?? lineNumber + 1;
    const name = functionName || '(anonymous)';
    // V8's pseudo-frames ((garbage collector), (program), (idle)) and builtins have no URL.
    const fn = path === '' ? (name.startsWith('(') ? name : `${name} (native)`) : `${name} ${path}:${line}`;
    // Dependencies count as one file each, `npm:<package>`.
    const file = path === '' ? fn : path.replace(/^(?:.*\/)?node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*$/, 'npm:$1');
    frameOf.set(n.id, { fn, file });
  }
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  let t = p.startTime;
  const fromUs = window?.fromUs ?? Number.NEGATIVE_INFINITY;
  const toUs = window?.toUs ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < p.samples.length; i++) {
    const us = p.timeDeltas[i] as number;
    t += us;
    const f = frameOf.get(p.samples[i] as number);
    if (f === undefined || us <= 0 || t < fromUs || t > toUs) continue;
    if (f.fn === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    byFn.set(f.fn, (byFn.get(f.fn) ?? 0) + us);
    byFile.set(f.file, (byFile.get(f.file) ?? 0) + us);
  }
  const rank = (m: Map<string, number>): SelfTime[] =>
    [...m]
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy === 0 ? 0 : us / busy }))
      .sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000, idleMs: idle / 1000, functions: rank(byFn), files: rank(byFile) };
}

/** One thread's profile of a process run with `--cpu-prof`. */
export interface ThreadProfile {
  /** 0 is the main thread; workers (tsx's loader, compaction) count up from 1. */
  readonly threadId: number;
  readonly profile: CpuProfile;
}

/**
 * The profiles process `pid` wrote into `dir` as it exited, one per thread, main thread first.
 * Node names them `CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile`.
 */
export function readProfiles(dir: string, pid: number): ThreadProfile[] {
  const out: ThreadProfile[] = [];
  for (const f of readdirSync(dir)) {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f);
    if (m === null || Number(m[1]) !== pid) continue;
    out.push({ threadId: Number(m[2]), profile: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile });
  }
  if (out.length === 0) throw new Error(`no .cpuprofile of process ${pid} in ${dir}`);
  return out.sort((a, b) => a.threadId - b.threadId);
}

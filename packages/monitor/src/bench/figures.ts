// Prints the monitor benchmark's figures, one per line with its unit, as the other benchmarks do.
import type { LatencySummary } from '../../../../tools/loadgen/latency.ts';
import type { DelayResult } from './delay.ts';
import type { EvaluationResult, MinuteFigures } from './evaluation.ts';
import type { PrometheusRulesResult } from './prometheus-rules.ts';

const MIB = 2 ** 20;

/** Mean of the values. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function fixed(v: number, digits = 2): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The measured minutes of a part 1 run (the warm-up ones left out). */
export function measuredMinutes(r: EvaluationResult, warmup: number): readonly MinuteFigures[] {
  return r.minutes.slice(warmup);
}

/** Engine CPU-seconds per simulated minute, mean over the measured minutes. */
export function engineCpuPerMinute(r: EvaluationResult, warmup: number): number {
  return mean(measuredMinutes(r, warmup).map((m) => m.engineCpuS));
}

/** Prints part 1's figures under the label `name`. */
export function printEvaluation(name: string, r: EvaluationResult, warmup: number): void {
  const measured = measuredMinutes(r, warmup);
  const cpu = engineCpuPerMinute(r, warmup);
  const cold = r.minutes[0] as MinuteFigures;
  const p = (label: string, v: string) => console.log(`${name} ${label}: ${v}`);
  p('monitors', `${r.monitors} (the default connectivity monitor included)`);
  p('judgements per simulated minute', fixed(r.judgementsPerMinute, 0));
  p('history before the engine started', `${fixed(r.historySamples, 0)} samples (${fixed(r.historyWallS, 1)} s)`);
  p('fleet catalog written (tmpfs, then copied)', `${fixed(r.setupWallS, 1)} s`);
  p('engine start (loads monitors, alerts, states)', `${fixed(r.engineStartMs, 0)} ms`);
  p(
    'cold minute (first judgement of every series reads the store)',
    `engine ${fixed(cold.engineCpuS)} CPU-s, ${fixed(cold.engineWallS)} s wall; per post p50 ${fixed(cold.perPost.p50Ms)} ms, p99 ${fixed(cold.perPost.p99Ms)} ms`,
  );
  p(
    'warm-up minutes engine CPU-s',
    r.minutes
      .slice(1, warmup)
      .map((m) => fixed(m.engineCpuS))
      .join(', '),
  );
  p('measured minutes engine CPU-s', measured.map((m) => fixed(m.engineCpuS)).join(', '));
  p('engine CPU per simulated minute (mean)', `${fixed(cpu)} CPU-s`);
  p('engine wall per simulated minute (mean)', `${fixed(mean(measured.map((m) => m.engineWallS)))} s`);
  p('judgements per engine CPU-second', fixed(r.judgementsPerMinute / cpu, 0));
  p('engine CPU per judgement', `${fixed((1e6 * cpu) / r.judgementsPerMinute)} µs`);
  p(
    'one post judged (hostMetricsPosted wall), measured minutes',
    `p50 ${fixed(mean(measured.map((m) => m.perPost.p50Ms)))} ms, p99 ${fixed(mean(measured.map((m) => m.perPost.p99Ms)))} ms, max ${fixed(Math.max(...measured.map((m) => m.perPost.maxMs)))} ms`,
  );
  const ingestCpu = mean(measured.map((m) => m.ingestCpuS));
  p('ingest of the same posts (apart)', `${fixed(ingestCpu)} CPU-s per minute`);
  const ev = (k: string) => r.events.get(k) ?? 0;
  p(
    'alert events in the measured minutes',
    `${ev('open')} opened, ${ev('close')} closed, ${ev('change')} changed status; ${r.openAlertsAtEnd} open at the end`,
  );
  const w = r.writes;
  p(
    'alert store writes in the measured minutes',
    `${w.batches} transactions: ${w.alerts} alert rows, ${w.logs} alert logs, ${w.states} states written, ${w.dropStates} dropped`,
  );
  p('series in the engine memory', fixed(r.recentSeries, 0));
  p(
    'memory at the end',
    `RSS ${fixed(r.rssBytes / MIB, 0)} MiB; V8 heap after GC ${fixed(r.heapBytes / MIB, 0)} MiB (before the engine started: ${fixed(r.heapBeforeEngineBytes / MIB, 0)} MiB)`,
  );
  if (r.logLines.length > 0) p('engine log lines', `${r.logLines.length}; first: ${r.logLines[0]}`);
}

function latency(s: LatencySummary): string {
  return `p50 ${fixed(s.p50Ms)} ms, p90 ${fixed(s.p90Ms)} ms, p99 ${fixed(s.p99Ms)} ms, max ${fixed(s.maxMs)} ms (${s.count} events)`;
}

/** Prints part 2's figures. */
export function printDelay(r: DelayResult, minutes: number): void {
  const p = (label: string, v: string) => console.log(`delay ${label}: ${v}`);
  p('post → alert event, every event of the measured minutes', latency(r.measured));
  p('post → alert event, the flip monitor only', latency(r.flip));
  if (r.cold !== undefined) p('post → alert event, cold pass (first judgement of every series)', latency(r.cold));
  const kinds = [...r.eventsByKind].map(([k, n]) => `${n} ${k}`).join(', ');
  p('events in the measured minutes', `${kinds}; ${r.unmatched} unmatched`);
  p(
    'POST /api/v0/tsdb latency (open loop)',
    `p50 ${fixed(r.post.p50Ms)} ms, p99 ${fixed(r.post.p99Ms)} ms, max ${fixed(r.post.maxMs)} ms (${r.posts} posts over ${r.connections} connections)`,
  );
  p(
    'server CPU over the measured minutes (every thread)',
    `${fixed(r.cpu.serverS / minutes)} CPU-s per minute (main thread ${fixed(r.cpu.serverMainS / minutes)}); load generator ${fixed(r.cpu.clientS)} CPU-s, other programs ${fixed(r.cpu.otherS)} CPU-s over ${fixed(r.cpu.wallS, 1)} s`,
  );
}

/** Prints part 3's figures. */
export function printPrometheus(r: PrometheusRulesResult): void {
  const p = (label: string, v: string) => console.log(`prometheus ${label}: ${v}`);
  p('version', r.version);
  p(
    'series scraped',
    `${fixed(r.series, 0)}, one scrape a second; ${r.rules} alerting rules in one group, every second`,
  );
  p('rule group evaluations measured', `${r.evaluations} over ${fixed(r.windowS, 1)} s`);
  p('rule group evaluation, mean (duration summary sum/count)', `${fixed(r.groupMeanMs)} ms`);
  const sorted = [...r.lastDurationsMs].sort((a, b) => a - b);
  p(
    'rule group last duration, read each second',
    `median ${fixed(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, min ${fixed(sorted[0] ?? 0)} ms, max ${fixed(sorted[sorted.length - 1] ?? 0)} ms`,
  );
  const q = [...r.groupQuantilesMs].map(([k, v]) => `q${k} ${fixed(v)} ms`).join(', ');
  p('rule group duration summary at the end', q);
  p('one rule evaluation, mean', `${fixed(r.ruleMeanMs, 3)} ms`);
  p('judgements per second of evaluation', fixed((r.series / r.groupMeanMs) * 1000, 0));
  p('alerts at the end', `${r.firing} firing, ${r.pending} pending`);
  p(
    'process CPU over the window (scrape and storage included)',
    `${fixed(r.cpuS)} CPU-s over ${fixed(r.windowS, 1)} s`,
  );
}

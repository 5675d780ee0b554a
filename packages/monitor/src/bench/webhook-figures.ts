// Prints part 4's figures (post → webhook), one per line with its unit, as figures.ts does for
// the other parts.
import { type ClockWindow, readProfiles, summarizeProfile } from '../../../../tools/loadgen/cpu-profile.ts';
import type { LatencySummary } from '../../../../tools/loadgen/latency.ts';
import { REPO_ROOT } from '../../../../tools/loadgen/server-process.ts';
import { tsxSourceLines } from '../../../../tools/loadgen/tsx-source-lines.ts';
import type { PhaseFigures, WebhookResult } from './webhook.ts';

function fixed(v: number, digits = 2): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function latency(s: LatencySummary | undefined): string {
  if (s === undefined) return 'none';
  return `p50 ${fixed(s.p50Ms)} ms, p90 ${fixed(s.p90Ms)} ms, p99 ${fixed(s.p99Ms)} ms, max ${fixed(s.maxMs)} ms (${s.count})`;
}

function printPhase(name: string, f: PhaseFigures): void {
  const p = (label: string, v: string) => console.log(`webhook ${name} ${label}: ${v}`);
  p('post → webhook, every event', latency(f.delivery));
  p('post → webhook, the flip monitor only', latency(f.flip));
  p('post → event logged (engine)', latency(f.engine));
  p('event logged → webhook (outbox, dispatch, send)', latency(f.hop));
  p('events logged / delivered', `${f.events} / ${f.delivered}; ${f.events - f.delivered} not delivered`);
  p(
    'POST /api/v0/tsdb latency (open loop)',
    `p50 ${fixed(f.post.p50Ms)} ms, p99 ${fixed(f.post.p99Ms)} ms, max ${fixed(f.post.maxMs)} ms`,
  );
  const c = f.cpu;
  p(
    'server CPU from the first post until every webhook arrived (every thread)',
    `${fixed(c.serverS)} CPU-s over ${fixed(c.wallS, 1)} s (main thread ${fixed(c.serverMainS)}, kernel ${fixed(c.serverSystemS)}); bench process ${fixed(c.clientS)} CPU-s, other programs ${fixed(c.otherS)} CPU-s`,
  );
}

/** Prints part 4's figures. */
export function printWebhook(r: WebhookResult): void {
  printPhase('cold pass', r.cold);
  printPhase('steady', r.steady);
  printPhase('outage', r.outage);
  const p = (label: string, v: string) => console.log(`webhook ${label}: ${v}`);
  const o = r.outage;
  p(
    'outage: while the sink answered 503',
    `${r.refused} answers in ${fixed(r.outageS, 0)} s (${fixed(r.refused / r.outageS, 1)} attempts/s), to ${r.refusedKeys} deliveries (idempotency keys); ${r.refusedThenDelivered} of those keys answered 200 later`,
  );
  p(
    'outage: once it answered 200 again',
    `${r.recoveryBurst} webhooks within 1 s; ${r.waitedForRetry} refused deliveries waited for their next retry time; the last arrived ${fixed((o.lastArrivalMs - r.recoveredAtMs) / 1000, 1)} s after the sink came back (${fixed((o.lastArrivalMs - o.lastPostMs) / 1000, 1)} s after the last post)`,
  );
  p('whole run: repeats (a second 200 for one key) / unmatched webhooks or lines', `${r.repeats} / ${r.unmatched}`);
  p('posts per measured phase', `${r.postsPerPhase} over ${r.connections} connections`);
}

/** Prints where the server's main thread spent `window`, from the profile it wrote into `dir` on exit. */
export function printServerProfile(dir: string, pid: number, window: ClockWindow): void {
  const main = readProfiles(dir, pid)[0];
  if (main === undefined) return;
  const s = summarizeProfile(main.profile, { root: REPO_ROOT, window, sourceLine: tsxSourceLines(Date.now()) });
  const line = (f: { share: number; ms: number; name: string }) =>
    `  ${(100 * f.share).toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`;
  console.log(`webhook server profile of the steady phase (main thread, ${dir}): ${s.busyMs.toFixed(0)} ms busy`);
  for (const f of s.functions.slice(0, 30)) console.log(line(f));
  console.log('by file:');
  for (const f of s.files.slice(0, 25)) console.log(line(f));
}

/*
 * Runs one `eval` of a script through an engine and judges it as Prometheus's runner does:
 * - the query must fail exactly when the script expects it to (and with the expected message);
 * - annotations are checked only where the script names them (expect warn/info/no_warn/no_info,
 *   eval_warn/eval_info);
 * - the answer must match (compare.ts);
 * - an instant query is run again as a range query from t-1m to t+1m step 1m, and its point at t
 *   must give the same answer, unless the script expects a string or a range vector, the result
 *   is ordered, or the expression calls start(), end(), range() or step().
 * Prometheus also reruns each instant query with `@ t` pinned to every selector at other times;
 * that needs the parser's printer and is not done here.
 */
import { BadDataError, compareLabels, type OrgId, type UnixMs, unixMs } from '@saba/model';
import type { Storage } from '@saba/storage';
import { compareResult, describeResult, type Grid, type ResultExpectation } from './compare.ts';
import type { Annotations, PromqlEngine, QueryResult, VectorSample } from './engine.ts';
import type { EvalCommand, MessageMatch } from './script.ts';

/** The verdict on one eval. */
export type CaseOutcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly reason: string; readonly got: readonly string[] };

const RANGE_MODE_STEP_MS = 60_000;
const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;

/** An error that is not a query's failure: the engine itself broke. */
class EngineCrash extends Error {}

type Attempt = { readonly ok: true; readonly result: QueryResult } | { readonly ok: false; readonly error: Error };

async function attempt(run: () => Promise<QueryResult> | QueryResult): Promise<Attempt> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    if (err instanceof BadDataError) return { ok: false, error: err };
    // Anything but a query error is a crash of the engine: never an expected failure.
    const e = err instanceof Error ? err : new Error(String(err));
    return { ok: false, error: new EngineCrash(`engine crashed: ${e.name}: ${e.message}`, { cause: err }) };
  }
}

function matches(m: MessageMatch, text: string): boolean {
  if (m.type === 'any') return true;
  return m.type === 'msg' ? m.text === text : m.pattern.test(text);
}

function describeMatch(m: MessageMatch): string {
  return m.type === 'any'
    ? 'any message'
    : m.type === 'msg'
      ? `message ${JSON.stringify(m.text)}`
      : `pattern ${m.pattern}`;
}

function failed(reason: string, got: readonly string[] = []): CaseOutcome {
  return { status: 'failed', reason, got };
}

/** Judges a query's error against the script's `expect fail`; null when the failure was expected. */
function judgeError(cmd: EvalCommand, error: Error): CaseOutcome | null {
  const got = [`error: ${error.message}`];
  if (cmd.fail === null || error instanceof EngineCrash) return failed(`the query failed: ${error.message}`, got);
  if (!matches(cmd.fail, error.message)) return failed(`expected an error matching ${describeMatch(cmd.fail)}`, got);
  return null;
}

/** Checks the annotations against the script's expect lines; null when they agree. */
export function checkAnnotations(cmd: EvalCommand, a: Annotations): string | null {
  if (cmd.anyWarn && a.warnings.length === 0) return 'expected warnings but got none';
  if (cmd.anyInfo && a.infos.length === 0) return 'expected info annotations but got none';
  const of = (kind: string, want: readonly MessageMatch[], got: readonly string[]): string | null => {
    if (want.length === 0) return null;
    if (got.length === 0) return `expected ${kind} annotations but none were found`;
    for (const w of want) {
      if (!got.some((g) => matches(w, g)))
        return `expected a ${kind} annotation matching ${describeMatch(w)}, found ${JSON.stringify(got)}`;
    }
    for (const g of got)
      if (!want.some((w) => matches(w, g))) return `unexpected ${kind} annotation ${JSON.stringify(g)}`;
    return null;
  };
  const problem = of('warn', cmd.warn, a.warnings) ?? of('info', cmd.info, a.infos);
  if (problem !== null) return problem;
  if (cmd.noWarn && a.warnings.length > 0) return `unexpected warnings ${JSON.stringify(a.warnings)}`;
  if (cmd.noInfo && a.infos.length > 0) return `unexpected info annotations ${JSON.stringify(a.infos)}`;
  return null;
}

/** Runs one eval against the engine over `org` in `storage`. */
export async function runEvalCase(
  cmd: EvalCommand,
  engine: PromqlEngine,
  storage: Storage,
  org: OrgId,
  options: { readonly rangeModeCheck: boolean },
): Promise<CaseOutcome> {
  const q = cmd.query;
  let grid: Grid | null;
  let run: () => Promise<QueryResult> | QueryResult;
  let at: UnixMs | null = null;
  if (q.type === 'range') {
    grid = { start: q.start, end: q.end, stepMs: q.stepMs };
    run = () => engine.range(cmd.expr, q.start, q.end, q.stepMs, storage, org);
  } else {
    grid = cmd.rangeVector;
    // With `expect range vector`, the instant query runs at the grid's end.
    const t = cmd.rangeVector?.end ?? q.at;
    at = t;
    run = () => engine.instant(cmd.expr, t, storage, org);
  }
  const first = await attempt(run);
  if (!first.ok) return judgeError(cmd, first.error) ?? { status: 'passed' };
  const got = describeResult(first.result);
  if (cmd.fail !== null) return failed('expected the query to fail, but it succeeded', got);
  const annotations = checkAnnotations(cmd, first.result);
  if (annotations !== null) return failed(annotations, got);
  const expectation: ResultExpectation = { ...cmd, grid };
  const mismatch = compareResult(expectation, first.result);
  if (mismatch !== null) return failed(mismatch, got);

  if (at === null || !options.rangeModeCheck) return { status: 'passed' };
  if (cmd.expectedString !== null || cmd.rangeVector !== null || QUERY_CONTEXT_FUNCS.test(cmd.expr))
    return { status: 'passed' };
  return checkRangeMode(cmd, engine, storage, org, at, first.result, expectation);
}

async function checkRangeMode(
  cmd: EvalCommand,
  engine: PromqlEngine,
  storage: Storage,
  org: OrgId,
  at: UnixMs,
  instant: QueryResult,
  expectation: ResultExpectation,
): Promise<CaseOutcome> {
  const start = unixMs(at - RANGE_MODE_STEP_MS);
  const end = unixMs(at + RANGE_MODE_STEP_MS);
  const r = await attempt(() => engine.range(cmd.expr, start, end, RANGE_MODE_STEP_MS, storage, org));
  if (!r.ok)
    return failed(`in range mode (from t-1m to t+1m step 1m) the query failed: ${r.error.message}`, [
      `error: ${r.error.message}`,
    ]);
  // Range answers are sorted by labels, so an ordered expectation cannot be checked on them.
  if (cmd.ordered) return { status: 'passed' };
  const got = describeResult(r.result);
  if (r.result.kind !== 'matrix')
    return failed(`in range mode the query answered a ${r.result.kind}, not a matrix`, got);
  const series = r.result.series;
  for (let k = 1; k < series.length; k++) {
    if (
      compareLabels((series[k - 1] as (typeof series)[number]).labels, (series[k] as (typeof series)[number]).labels) >
      0
    ) {
      return failed('in range mode the matrix is not sorted by labels', got);
    }
  }
  const samples: VectorSample[] = [];
  for (const s of series) {
    const p = s.points.find((x) => x.t === at);
    if (p !== undefined) samples.push({ labels: s.labels, value: p.v });
  }
  let mismatch: string | null;
  if (instant.kind === 'scalar') {
    const p = samples[0];
    mismatch =
      p === undefined
        ? 'in range mode the scalar has no point at t'
        : compareResult(expectation, { kind: 'scalar', value: p.value, warnings: [], infos: [] });
  } else {
    mismatch = compareResult(expectation, { kind: 'vector', samples, warnings: [], infos: [] });
  }
  return mismatch === null ? { status: 'passed' } : failed(`in range mode at t: ${mismatch}`, got);
}

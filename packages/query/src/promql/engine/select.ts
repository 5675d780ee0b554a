/*
 * Series selection over the Querier: which window each selector needs (walked once over the whole
 * query, through offsets, `@` and subqueries), reading every selector's series once, and picking a
 * selector's value at an evaluation time by lookback (instant) or window (range), left-open as in
 * Prometheus 3: (t - lookback, t] and (t - range, t]. Stale markers end a series' lookback.
 */
import { LABELED_LABEL, LABELED_VALUE, type Labels, METRIC_NAME, type OrgId, unixMs } from '@saba/model';
import { type Matcher, matcher, type Storage } from '@saba/storage';
import type { AtModifier, Expr, VectorSelector } from '../ast.ts';
import type { EvalContext, LoadedSeries } from './context.ts';
import { foldInlineCase } from './regex-fold.ts';
import type { RangeSeries, Sample } from './values.ts';

const STALE_BITS = 0x7ff0000000000002n;

/** The time an `@` modifier pins, or null. */
export function atTime(at: AtModifier | null, ctx: { startMs: number; endMs: number }): number | null {
  if (at === null) return null;
  if (at.kind === 'timestamp') return at.ms;
  return at.kind === 'start' ? ctx.startMs : ctx.endMs;
}

interface Window {
  mint: number;
  maxt: number;
}

/** The window of data each selector of `expr` needs when `expr` is evaluated at times in [lo, hi]. */
export function selectorWindows(
  expr: Expr,
  lo: number,
  hi: number,
  q: { startMs: number; endMs: number; lookbackMs: number },
  out: Map<VectorSelector, Window>,
): void {
  const walk = (e: Expr, a: number, b: number): void => {
    switch (e.kind) {
      case 'VectorSelector':
      case 'MatrixSelector': {
        const vs = e.kind === 'VectorSelector' ? e : e.selector;
        const before = e.kind === 'VectorSelector' ? q.lookbackMs : e.rangeMs;
        const at = atTime(vs.at, q);
        const refLo = (at ?? a) - vs.offsetMs;
        const refHi = (at ?? b) - vs.offsetMs;
        const prev = out.get(vs);
        const w = { mint: refLo - before, maxt: refHi };
        out.set(vs, prev ? { mint: Math.min(prev.mint, w.mint), maxt: Math.max(prev.maxt, w.maxt) } : w);
        return;
      }
      case 'SubqueryExpr': {
        const at = atTime(e.at, q);
        walk(e.expr, (at ?? a) - e.offsetMs - e.rangeMs, (at ?? b) - e.offsetMs);
        return;
      }
      case 'ParenExpr':
      case 'UnaryExpr':
        walk(e.expr, a, b);
        return;
      case 'BinaryExpr':
        walk(e.lhs, a, b);
        walk(e.rhs, a, b);
        return;
      case 'AggregateExpr':
        walk(e.expr, a, b);
        if (e.param) walk(e.param, a, b);
        return;
      case 'Call':
        for (const x of e.args) walk(x, a, b);
        return;
      default:
        return;
    }
  };
  walk(expr, lo, hi);
}

/** The storage matchers of a selector, with the labelled-series matcher added (decision 0013). */
export function toMatchers(vs: VectorSelector): Matcher[] {
  const ms = vs.matchers.map((m) =>
    matcher(m.op, m.name, m.op === '=~' || m.op === '!~' ? foldInlineCase(m.value) : m.value),
  );
  ms.push(matcher('=', LABELED_LABEL, LABELED_VALUE));
  return ms;
}

/**
 * The metric-name prefix that reaches Mackerel's host and service metrics from PromQL: a selector
 * whose name is `mackerel.<name>` (quoted, as Prometheus 3 writes names with dots:
 * `{"mackerel.loadavg5", host="<hostId>"}`) selects the Mackerel metric `<name>` of every host
 * (label `host`, the host id) and service (label `service`), instead of labelled series
 * (docs/promql.md "Mackerel metrics in PromQL"). Answers keep the prefixed name.
 */
export const MACKEREL_PREFIX = 'mackerel.';

/** What a selector reads: the storage matchers, and the name prefix its answers get back (Mackerel metrics). */
function selectionOf(vs: VectorSelector): { matchers: Matcher[]; prefix: string } {
  const name = vs.matchers.find((m) => m.name === METRIC_NAME && m.op === '=');
  if (name === undefined || !name.value.startsWith(MACKEREL_PREFIX)) return { matchers: toMatchers(vs), prefix: '' };
  const ms = vs.matchers.map((m) =>
    m === name
      ? matcher('=', METRIC_NAME, m.value.slice(MACKEREL_PREFIX.length))
      : matcher(m.op, m.name, m.op === '=~' || m.op === '!~' ? foldInlineCase(m.value) : m.value),
  );
  // Mackerel series are the ones without the labelled-series mark (decision 0013).
  ms.push(matcher('=', LABELED_LABEL, ''));
  return { matchers: ms, prefix: MACKEREL_PREFIX };
}

/** `labels` without the labelled-series mark, the metric name given `prefix`. */
function answerLabels(labels: Labels, prefix: string): Labels {
  const out = labels.filter((l) => l.name !== LABELED_LABEL);
  if (prefix === '') return out;
  // Only the value of __name__ changes, so the labels stay sorted.
  return out.map((l) => (l.name === METRIC_NAME ? { name: l.name, value: prefix + l.value } : l));
}

/** Reads every selector's series over its window, once per query. */
export function loadSeries(
  storage: Storage,
  org: OrgId,
  windows: ReadonlyMap<VectorSelector, Window>,
): Map<VectorSelector, LoadedSeries[]> {
  const out = new Map<VectorSelector, LoadedSeries[]>();
  for (const [vs, w] of windows) {
    // The querier's range is closed; the left-open window is applied when picking samples.
    const querier = storage.querier(org, unixMs(w.mint), unixMs(w.maxt));
    const list: LoadedSeries[] = [];
    const { matchers, prefix } = selectionOf(vs);
    for (const s of querier.select(matchers)) {
      const samples = s.samples();
      const n = samples.length;
      const ts = samples.ts.subarray(0, n);
      const vals = samples.vs.subarray(0, n);
      const bits = new BigUint64Array(vals.buffer, vals.byteOffset, n);
      const stale = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (bits[i] === STALE_BITS) stale[i] = 1;
      list.push({ labels: answerLabels(s.labels, prefix), ts, vs: vals, stale, length: n, cursor: -1 });
    }
    out.set(vs, list);
  }
  return out;
}

/**
 * Index of the last sample at or before `t`, or -1, searched outward from `from` (a previous answer,
 * or -1): a range query's steps move forward by about one sample each, so a look-up costs two or
 * three comparisons instead of a binary search's eleven over a day at one sample a minute.
 */
function lastAtOrBefore(ts: Float64Array, n: number, t: number, from: number): number {
  // The common cases first: the answer is `from` or the sample after it.
  const next = from + 1;
  if (next >= n || (ts[next] as number) > t) {
    if (from < 0 || (ts[from] as number) <= t) return from;
  } else if (next + 1 >= n || (ts[next + 1] as number) > t) return next;
  // Narrow to [lo, hi): every sample before lo is at or before t, every one from hi on is after it.
  let lo: number;
  let hi: number;
  let step = 1;
  if (from < 0 || (ts[from] as number) <= t) {
    lo = from + 1;
    hi = lo;
    while (hi < n && (ts[hi] as number) <= t) {
      lo = hi + 1;
      hi = lo + step;
      step *= 2;
    }
    if (hi > n) hi = n;
  } else {
    hi = from;
    lo = hi - 1;
    while (lo >= 0 && (ts[lo] as number) > t) {
      hi = lo;
      lo = hi - step;
      step *= 2;
    }
    lo = lo < 0 ? 0 : lo + 1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ts[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The instant vector of `vs` at time `t`: each series' latest sample in (ref - lookback, ref]. */
export function selectVector(vs: VectorSelector, t: number, ctx: EvalContext): Sample[] {
  const ref = (atTime(vs.at, ctx) ?? t) - vs.offsetMs;
  const out: Sample[] = [];
  for (const s of ctx.series.get(vs) ?? []) {
    const i = lastAtOrBefore(s.ts, s.length, ref, s.cursor);
    s.cursor = i;
    if (i < 0 || s.stale[i] === 1) continue;
    const st = s.ts[i] as number;
    if (st <= ref - ctx.lookbackMs) continue;
    out.push({ labels: s.labels, value: s.vs[i] as number, t: st });
  }
  return out;
}

/** The samples of each series of `vs` in (ref - range, ref], stale markers left out; empty series dropped. */
export function selectRange(vs: VectorSelector, rangeMs: number, t: number, ctx: EvalContext): RangeSeries[] {
  const ref = (atTime(vs.at, ctx) ?? t) - vs.offsetMs;
  const out: RangeSeries[] = [];
  for (const s of ctx.series.get(vs) ?? []) {
    const last = lastAtOrBefore(s.ts, s.length, ref, s.cursor);
    s.cursor = last;
    const first = lastAtOrBefore(s.ts, s.length, ref - rangeMs, last) + 1;
    const ts: number[] = [];
    const vals: number[] = [];
    for (let i = first; i <= last; i++) {
      if (s.stale[i] === 1) continue;
      ts.push(s.ts[i] as number);
      vals.push(s.vs[i] as number);
    }
    if (ts.length > 0) out.push({ labels: s.labels, ts, vs: vals });
  }
  return out;
}

// Subqueries: the inner expression evaluated at every multiple of the subquery's step inside the
// window, gathered into a range vector for the function around it.
import type { SubqueryExpr } from '../ast.ts';
import { checkDeadline, type EvalContext } from './context.ts';
import { atTime } from './select.ts';
import { keyOf, type RangeSeries, type RangeValue } from './values.ts';

/** A subquery at `t`: the inner expression at each multiple of its step in (ref - range, ref]. */
export function subquery(e: SubqueryExpr, t: number, ctx: EvalContext): RangeValue {
  const ref = (atTime(e.at, ctx) ?? t) - e.offsetMs;
  const step = e.stepMs > 0 ? e.stepMs : ctx.intervalMs;
  const lo = ref - e.rangeMs;
  const bySeries = new Map<string, RangeSeries>();
  for (let ti = Math.floor(lo / step) * step + step; ti <= ref; ti += step) {
    checkDeadline(ctx);
    const v = ctx.evaluate(e.expr, ti, ctx);
    const samples = v.kind === 'scalar' ? [{ labels: [], value: v.value }] : v.kind === 'vector' ? v.samples : [];
    for (const s of samples) {
      const k = keyOf(s.labels);
      let series = bySeries.get(k);
      if (series === undefined) {
        series = { labels: s.labels, ts: [], vs: [] };
        bySeries.set(k, series);
      }
      series.ts.push(ti);
      series.vs.push(s.value);
    }
  }
  return { kind: 'matrix', series: [...bySeries.values()], rangeStart: lo, rangeEnd: ref, rangeMs: e.rangeMs };
}

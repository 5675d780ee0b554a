// The calendar functions (UTC), and absent()'s labels taken from a selector's equality matchers.
import { type Labels, METRIC_NAME } from '@saba/model';
import type { Expr } from '../../ast.ts';
import { withLabel } from '../values.ts';

/** The calendar field `name` of the Unix time `sec` (seconds), in UTC. */
export function calendar(name: string, sec: number): number {
  if (!Number.isFinite(sec)) return Number.NaN;
  const d = new Date(Math.trunc(sec) * 1000);
  switch (name) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day_of_week':
      return d.getUTCDay();
    case 'day_of_month':
      return d.getUTCDate();
    case 'day_of_year': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return Math.floor((d.getTime() - start) / 86_400_000) + 1;
    }
    case 'days_in_month':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    default:
      return Number.NaN;
  }
}

/**
 * The labels absent() and absent_over_time() answer: the selector's `=` matchers, except the
 * name and any label matched more than once or by another operator (Prometheus's old behaviour).
 */
export function absentLabels(arg: Expr): Labels {
  const vs = arg.kind === 'VectorSelector' ? arg : arg.kind === 'MatrixSelector' ? arg.selector : null;
  if (vs === null) return [];
  let labels: Labels = [];
  const seen = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.op === '=' && !seen.has(m.name)) {
      labels = withLabel(labels, m.name, m.value);
      seen.add(m.name);
    } else {
      labels = withLabel(labels, m.name, '');
    }
  }
  return labels;
}

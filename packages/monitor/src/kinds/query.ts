import { BadDataError, type Labels, labelValue, optionalString } from '@saba/model';
import { promql } from '@saba/query';
import type { QueryMonitor } from './config.ts';
import {
  commonJson,
  optionalWhole,
  parseCommon,
  parseThresholds,
  requiredText,
  requireThreshold,
  thresholdsJson,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/**
 * Parses a query monitor's PromQL with the real parser: a syntax error is a BadDataError naming
 * its `line:col` position; a query that gives a range vector or a string cannot be judged
 * minute by minute (a range query refuses it), so it is refused here rather than left UNKNOWN.
 */
export function checkQuery(query: string): void {
  let expr: promql.Expr;
  try {
    expr = promql.parseExpr(query);
  } catch (err) {
    if (err instanceof promql.PromQLParseError) throw new BadDataError(`"query" is invalid: ${err.message}`);
    throw err;
  }
  const type = promql.valueTypeOf(expr);
  if (type !== 'vector' && type !== 'scalar')
    throw new BadDataError(
      `"query" is invalid: it gives a ${type === 'matrix' ? 'range vector' : type}; it must give an instant vector or a scalar`,
    );
}

// `{{label}}` with optional spaces inside the braces, as Mackerel's legends and monitor names write it.
const TEMPLATE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Expands `{{label}}` in a monitor name or legend with a series' labels; a label the series lacks expands to ''. */
export function expandLabels(template: string, labels: Labels): string {
  return template.replace(TEMPLATE, (_, name: string) => labelValue(labels, name) ?? '');
}

/** `type: query`: a PromQL query over labeled metrics, each resulting series judged on its own. */
export const queryKind: MonitorKind<QueryMonitor> = {
  type: 'query',
  parse(o) {
    const common = parseCommon(o);
    const query = requiredText(o, 'query');
    if (query.trim() === '') throw new BadDataError('"query" is required and must not be empty');
    checkQuery(query);
    const thresholds = parseThresholds(o);
    requireThreshold(thresholds);
    return {
      type: 'query',
      ...common,
      query,
      legend: optionalString(o, 'legend') ?? '',
      ...thresholds,
      evaluateBackwardMinutes: optionalWhole(o, 'evaluateBackwardMinutes', 0, 10) ?? 0,
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      query: c.query,
      legend: c.legend,
      ...thresholdsJson(c),
      evaluateBackwardMinutes: c.evaluateBackwardMinutes,
    });
  },
};

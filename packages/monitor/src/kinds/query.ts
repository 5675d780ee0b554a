import { BadDataError, optionalString } from '@saba/model';
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

const CLOSERS: Readonly<Record<string, string>> = { ')': '(', '}': '{', ']': '[' };

/**
 * Checks what can be checked of PromQL without its parser: brackets balance and nest, and
 * strings ("…", '…' with backslash escapes, `…` raw) and `#` comments are skipped over.
 * Returns a problem with its 1-based character position, or null.
 */
export function queryBalanceProblem(q: string): string | null {
  const open: { ch: string; at: number }[] = [];
  for (let i = 0; i < q.length; i++) {
    const ch = q[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      const start = i;
      for (i++; i < q.length && q[i] !== ch; i++) {
        if (q[i] === '\\' && ch !== '`') i++;
      }
      if (i >= q.length) return `unterminated string starting at character ${start + 1}`;
    } else if (ch === '#') {
      while (i < q.length && q[i] !== '\n') i++;
    } else if (ch === '(' || ch === '{' || ch === '[') {
      open.push({ ch, at: i });
    } else if (ch in CLOSERS) {
      const top = open.pop();
      if (top === undefined) return `unexpected "${ch}" at character ${i + 1}`;
      if (top.ch !== CLOSERS[ch]) return `"${ch}" at character ${i + 1} does not close "${top.ch}" at ${top.at + 1}`;
    }
  }
  const left = open.pop();
  return left === undefined ? null : `unclosed "${left.ch}" at character ${left.at + 1}`;
}

/** `type: query`: a PromQL query over labeled metrics, each resulting series judged on its own. */
export const queryKind: MonitorKind<QueryMonitor> = {
  type: 'query',
  parse(o) {
    const common = parseCommon(o);
    const query = requiredText(o, 'query');
    if (query.trim() === '') throw new BadDataError('"query" is required and must not be empty');
    const problem = queryBalanceProblem(query);
    if (problem !== null) throw new BadDataError(`"query" is invalid: ${problem}`);
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

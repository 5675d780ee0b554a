/*
 * Series selectors as the Prometheus HTTP API takes them (`match[]` of /api/v1/series, /labels and
 * /label/<name>/values): one vector selector, parsed by the PromQL parser, turned into the
 * storage matchers the evaluator would select with.
 */
import { BadDataError } from '@saba/model';
import type { Matcher } from '@saba/storage';
import { toMatchers } from './engine/select.ts';
import { parseExpr } from './parser.ts';

/**
 * The matchers of series selector `text` (`up{job="a"}`), with the labelled-series matcher added
 * (decision 0013); throws PromQLParseError, or BadDataError for anything but a plain selector.
 */
export function seriesSelectorMatchers(text: string): Matcher[] {
  const expr = parseExpr(text);
  if (expr.kind !== 'VectorSelector' || expr.offsetMs !== 0 || expr.at !== null)
    throw new BadDataError(
      `1:1: parse error: expected a series selector such as up{job="a"}, got ${JSON.stringify(text)}`,
    );
  return toMatchers(expr);
}

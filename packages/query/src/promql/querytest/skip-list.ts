/*
 * Which evals of Prometheus's test files Saba's engine does not run yet, each with its reason.
 * The default list is derived from EVAL_INDEX.tsv beside the scripts (one row per eval: file,
 * line, type, flags, native_histogram_reason, expr; see that folder's NOTICE.md): an eval is
 * skipped when it carries one of the flags in SKIP_FLAG_RULES, and its reason names the flag's rule.
 * With these rules the top folder leaves 838 evals to run. A caller adds cases of its own
 * (a known gap, with its issue) as SkipCase rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of EVAL_INDEX.tsv. */
export interface EvalIndexRow {
  /** The file, relative to the testdata folder (`functions.test`, `v2.42.0/functions.test`). */
  readonly file: string;
  readonly line: number;
  readonly type: 'instant' | 'range';
  /** Flags as written, `name` or `name:detail` (experimental_functions:limitk+limit_ratio). */
  readonly flags: readonly string[];
  readonly nativeHistogramReason: string;
  readonly expr: string;
}

/** A flag of EVAL_INDEX.tsv that makes an eval skipped by default, and why. */
export interface SkipFlagRule {
  readonly flag: string;
  readonly reason: string;
}

/** One skipped eval and why. */
export interface SkipCase {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
}

/** The default rules: native histograms (a later goal of issue 9), experimental and Prometheus 3.x-only features behind feature flags. */
export const SKIP_FLAG_RULES: readonly SkipFlagRule[] = [
  { flag: 'native_histograms', reason: 'native histograms (a later goal of issue 9)' },
  { flag: 'experimental_functions', reason: 'experimental functions (--enable-feature=promql-experimental-functions)' },
  { flag: 'start_timestamps', reason: 'start timestamps (Prometheus 3 experimental; Saba stores none)' },
  { flag: 'type_and_unit_labels', reason: 'type and unit labels (--enable-feature=type-and-unit-labels)' },
  { flag: 'delayed_name_removal', reason: 'delayed __name__ removal (--enable-feature=promql-delayed-name-removal)' },
  {
    flag: 'extended_range_selectors',
    reason: 'anchored/smoothed range selectors (--enable-feature=promql-extended-range-selectors)',
  },
  { flag: 'binop_fill_modifier', reason: 'binary-operator fill modifiers (fill(), Prometheus 3 experimental)' },
  { flag: 'duration_expression', reason: 'duration expressions (--enable-feature=promql-duration-expr)' },
];

/** The index's name in each testdata folder. */
export const EVAL_INDEX_FILE = 'EVAL_INDEX.tsv';

/** Parses EVAL_INDEX.tsv; `folder` ('' or 'v2.42.0') is prefixed to each file name. */
export function parseEvalIndex(text: string, folder = ''): EvalIndexRow[] {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = lines.shift();
  if (header !== 'file\tline\ttype\tflags\tnative_histogram_reason\texpr')
    throw new Error(`unexpected ${EVAL_INDEX_FILE} header: ${header}`);
  return lines.map((l, k) => {
    const cols = l.split('\t');
    const [file, line, type, flags, nh] = cols;
    if (cols.length < 6 || (type !== 'instant' && type !== 'range'))
      throw new Error(`${EVAL_INDEX_FILE} row ${k + 2} is malformed`);
    return {
      file: folder === '' ? (file as string) : `${folder}/${file}`,
      line: Number(line),
      type,
      flags: flags === '' ? [] : (flags as string).split(','),
      nativeHistogramReason: nh as string,
      expr: cols.slice(5).join('\t'),
    };
  });
}

/** Reads the index of a testdata folder (`sub` = '' for the top, 'v2.42.0' for the older files). */
export function readEvalIndex(dir: string, sub = ''): EvalIndexRow[] {
  return parseEvalIndex(readFileSync(join(dir, sub, EVAL_INDEX_FILE), 'utf8'), sub);
}

/** The skipped evals among `rows` under `rules`, each with the reasons of all its skipping flags. */
export function skipsFromIndex(
  rows: readonly EvalIndexRow[],
  rules: readonly SkipFlagRule[] = SKIP_FLAG_RULES,
): SkipCase[] {
  const out: SkipCase[] = [];
  for (const row of rows) {
    const reasons: string[] = [];
    for (const rule of rules) {
      const flag = row.flags.find((f) => f === rule.flag || f.startsWith(`${rule.flag}:`));
      if (flag === undefined) continue;
      const detail = flag.includes(':') ? flag.slice(flag.indexOf(':') + 1).replaceAll('+', ', ') : '';
      let reason = detail === '' ? rule.reason : `${rule.reason}: ${detail}`;
      if (rule.flag === 'native_histograms' && row.nativeHistogramReason !== '')
        reason += ` (${row.nativeHistogramReason})`;
      reasons.push(reason);
    }
    if (reasons.length > 0) out.push({ file: row.file, line: row.line, reason: reasons.join('; ') });
  }
  return out;
}

/** A lookup of skips by `file:line`. */
export function skipMap(cases: readonly SkipCase[]): Map<string, string> {
  return new Map(cases.map((c) => [`${c.file}:${c.line}`, c.reason]));
}

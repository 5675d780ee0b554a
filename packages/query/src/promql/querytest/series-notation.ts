/*
 * The series notation of Prometheus's test scripts (promql/promqltest README, and promtool's
 * unit-test docs for the value sequences):
 *
 *   metric{label="value", ...} <values>        or {label="value"} <values>, or {"metric.name"} <values>
 *
 * Values, separated by spaces:
 *   5  -2.5  1e3  Inf  -Inf  NaN     one sample (Go's float syntax; Inf and NaN in any case)
 *   a+bxn  a-bxn                     n+1 samples: a, a+b, ..., each the previous plus b (so 1+2x3 = 1 3 5 7)
 *   axn                              n+1 samples of a (0x5 = six zeros: `x` is never hex here)
 *   _                                no sample at this step
 *   _xn                              n steps without a sample (not n+1)
 *   stale                            a staleness marker
 *   {{...}}  {{...}}xn  {{a}}+{{b}}xn native histograms: kept as text, not interpreted (a later goal)
 */
import { type Label, type Labels, METRIC_NAME } from '@saba/model';

/** One step of an expanded value sequence. */
export type SequenceValue =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'stale' }
  | { readonly kind: 'omitted' }
  | { readonly kind: 'histogram'; readonly text: string };

/** A series line split into its label set and its expanded values. */
export interface SeriesLine {
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
}

/** A line the notation does not allow; the script parser adds the file and line. */
export class NotationError extends Error {}

const NUMBER = String.raw`[+-]?(?:inf(?:inity)?|nan|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)`;
const UNSIGNED = String.raw`(?:inf(?:inity)?|nan|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)`;
const VALUE_ITEM = new RegExp(`^(${NUMBER})(?:(?:([+-])(${UNSIGNED}))?x(\\d+))?$`, 'i');
const NUMBER_ONLY = new RegExp(`^${NUMBER}$`, 'i');
const HEX_INT = /^[+-]?0x[0-9a-f]+$/i;
const METRIC_NAME_CHARS = /[a-zA-Z0-9_:]/;

/** Parses a number as Go's strconv does for the scripts: decimal, Inf, NaN, and 0x integers; null if it is not one. */
export function parseScriptNumber(text: string): number | null {
  if (HEX_INT.test(text)) {
    const neg = text.startsWith('-');
    const n = Number.parseInt(text.replace(/^[+-]?0x/i, ''), 16);
    return neg ? -n : n;
  }
  if (!NUMBER_ONLY.test(text)) return null;
  const body = text.replace(/^[+-]/, '').toLowerCase();
  const neg = text.startsWith('-');
  if (body === 'nan') return Number.NaN;
  if (body === 'inf' || body === 'infinity') return neg ? -Infinity : Infinity;
  return Number(text);
}

/** Expands a value sequence (`0+10x3 _ stale`) into one entry per step. */
export function expandValues(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (text.startsWith('{{', i)) {
      i = expandHistogram(text, i, out);
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== ' ' && text[j] !== '\t') j++;
    expandItem(text.slice(i, j), out);
    i = j;
  }
  return out;
}

function expandItem(item: string, out: SequenceValue[]): void {
  if (item === '_') {
    out.push({ kind: 'omitted' });
    return;
  }
  const blanks = /^_x(\d+)$/.exec(item);
  if (blanks) {
    for (let k = 0; k < Number(blanks[1]); k++) out.push({ kind: 'omitted' });
    return;
  }
  if (item === 'stale') {
    out.push({ kind: 'stale' });
    return;
  }
  const m = VALUE_ITEM.exec(item);
  if (!m) throw new NotationError(`invalid value ${JSON.stringify(item)}`);
  let value = parseScriptNumber(m[1] as string) as number;
  if (m[4] === undefined) {
    out.push({ kind: 'float', value });
    return;
  }
  const times = Number(m[4]);
  const step = m[3] === undefined ? 0 : (parseScriptNumber(m[3]) as number) * (m[2] === '-' ? -1 : 1);
  // Each value is the previous plus the step, as Prometheus's parser adds it (not a + i*b): the
  // rounding of long float sequences such as 0+0.1x100 then matches Prometheus's to the last bit.
  for (let k = 0; k <= times; k++) {
    out.push({ kind: 'float', value });
    value += step;
  }
}

function expandHistogram(text: string, start: number, out: SequenceValue[]): number {
  const end = text.indexOf('}}', start);
  if (end < 0) throw new NotationError('unclosed {{ in a histogram value');
  let i = end + 2;
  let times = 0;
  const inc = /^[+-]\{\{/.exec(text.slice(i));
  if (inc) {
    const incEnd = text.indexOf('}}', i);
    if (incEnd < 0) throw new NotationError('unclosed {{ in a histogram increment');
    i = incEnd + 2;
  }
  const rep = /^x(\d+)/.exec(text.slice(i));
  if (rep) {
    times = Number(rep[1]);
    i += rep[0].length;
  } else if (inc) {
    throw new NotationError('a histogram increment needs a repeat count (xN)');
  }
  const item = text.slice(start, i);
  for (let k = 0; k <= times; k++) out.push({ kind: 'histogram', text: item });
  return i;
}

/** Parses `metric{labels} values` (the values may be absent); labels come back sorted, empty values dropped. */
export function parseSeriesLine(line: string): SeriesLine {
  const { labels, rest } = parseSeriesDesc(line);
  return { labels, values: expandValues(rest) };
}

/** Splits a line into its label set and the text after it. */
export function parseSeriesDesc(line: string): { labels: Labels; rest: string } {
  const pairs = new Map<string, string>();
  let i = 0;
  while (i < line.length && METRIC_NAME_CHARS.test(line[i] as string)) i++;
  if (i > 0) {
    if (/^\d/.test(line)) throw new NotationError(`a metric name cannot start with a digit: ${line}`);
    pairs.set(METRIC_NAME, line.slice(0, i));
  }
  if (line[i] === '{') {
    i = parseLabelBlock(line, i + 1, pairs);
  } else if (i === 0) {
    throw new NotationError(`expected a metric name or {: ${line}`);
  }
  const labels: Label[] = [];
  for (const [name, value] of pairs) if (value !== '') labels.push({ name, value });
  labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { labels, rest: line.slice(i) };
}

function parseLabelBlock(line: string, start: number, pairs: Map<string, string>): number {
  let i = skipSpace(line, start);
  while (line[i] !== '}') {
    if (i >= line.length) throw new NotationError(`unclosed { in ${line}`);
    let name: string;
    if (line[i] === '"' || line[i] === "'" || line[i] === '`') {
      const q = readQuoted(line, i);
      name = q.value;
      i = skipSpace(line, q.end);
      if (line[i] !== '=') {
        // A lone quoted string is the metric name (Prometheus 3's UTF-8 names).
        setOnce(pairs, METRIC_NAME, name, line);
        i = afterItem(line, i);
        continue;
      }
    } else {
      const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i));
      if (!m) throw new NotationError(`expected a label name at column ${i + 1}: ${line}`);
      name = m[0];
      i = skipSpace(line, i + name.length);
    }
    if (line[i] !== '=' || line[i + 1] === '~') throw new NotationError(`expected = after ${name}: ${line}`);
    i = skipSpace(line, i + 1);
    const v = readQuoted(line, i);
    setOnce(pairs, name, v.value, line);
    i = afterItem(line, skipSpace(line, v.end));
  }
  return i + 1;
}

function afterItem(line: string, i: number): number {
  if (line[i] === ',') return skipSpace(line, i + 1);
  if (line[i] === '}') return i;
  throw new NotationError(`expected , or } at column ${i + 1}: ${line}`);
}

function setOnce(pairs: Map<string, string>, name: string, value: string, line: string): void {
  if (pairs.has(name)) throw new NotationError(`label ${name} given twice: ${line}`);
  pairs.set(name, value);
}

function skipSpace(s: string, i: number): number {
  while (s[i] === ' ' || s[i] === '\t') i++;
  return i;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
};

/** Reads a PromQL string literal at `start` (double, single or back quotes, Go's escapes); returns its value and the index after it. */
export function readQuoted(s: string, start: number): { value: string; end: number } {
  const quote = s[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') throw new NotationError(`expected a quoted string: ${s}`);
  if (quote === '`') {
    const end = s.indexOf('`', start + 1);
    if (end < 0) throw new NotationError(`unclosed string: ${s}`);
    return { value: s.slice(start + 1, end), end: end + 1 };
  }
  // Escapes may spell bytes (\xc5), so the value is built as UTF-8 bytes and decoded once.
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length && s[i] !== quote) {
    const c = s[i] as string;
    if (c !== '\\') {
      const cp = s.codePointAt(i) as number;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = s[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new NotationError(`bad escape in ${s}`);
      const n = Number.parseInt(hex, 16);
      if (e === 'x') bytes.push(n);
      else bytes.push(...Buffer.from(String.fromCodePoint(n), 'utf8'));
      i += 2 + len;
    } else if (/^[0-7]{3}$/.test(s.slice(i + 1, i + 4))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 4), 8));
      i += 4;
    } else {
      throw new NotationError(`unknown escape \\${e} in ${s}`);
    }
  }
  if (i >= s.length) throw new NotationError(`unclosed string: ${s}`);
  return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
}

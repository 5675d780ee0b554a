// Turns the answers of the Prometheus HTTP API (/api/v1/query, /api/v1/query_range) into what the
// UI draws: one legend label per series, aligned chart columns, table rows, and an error's position.
import type { MetricPoint } from '../../api/types.ts';

/** A series' labels, `__name__` included when the query kept it. */
export type Labels = Readonly<Record<string, string>>;

/** One series of a range query: its labels and its points as Prometheus sends them ([unix s, "value"]). */
export interface MatrixSeries {
  readonly metric: Labels;
  readonly values: ReadonlyArray<readonly [number, string]>;
}

/** One series of an instant query: its labels and its one sample. */
export interface VectorSample {
  readonly metric: Labels;
  readonly value: readonly [number, string];
}

/** The `data` of a successful query answer, by `resultType`. */
export type QueryData =
  | { readonly resultType: 'matrix'; readonly result: readonly MatrixSeries[] }
  | { readonly resultType: 'vector'; readonly result: readonly VectorSample[] }
  | { readonly resultType: 'scalar' | 'string'; readonly result: readonly [number, string] };

/** Label values are quoted as PromQL quotes them, so a legend can be pasted back into a selector. */
function quote(v: string): string {
  return JSON.stringify(v);
}

/** Prometheus's way of naming a series: `name{a="x", b="y"}` with the labels sorted, `{}` when it has none. */
export function seriesName(metric: Labels): string {
  const name = metric.__name__ ?? '';
  const pairs = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${quote(metric[k] as string)}`);
  if (pairs.length === 0) return name === '' ? '{}' : name;
  return `${name}{${pairs.join(', ')}}`;
}

/**
 * The legend of a series: `template` with each `{{label}}` replaced by the series' value of that
 * label (empty when it has none), or `name{labels}` when the template is empty (features §5.1).
 */
export function legendOf(template: string, metric: Labels): string {
  if (template.trim() === '') return seriesName(metric);
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, label: string) => metric[label] ?? '');
}

/** A sample's value: Prometheus sends numbers as strings so that NaN and ±Inf survive JSON. */
export function sampleValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Number.POSITIVE_INFINITY;
  if (s === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(s);
}

/** The points of a range series, leaving out NaN and infinities, which a chart cannot place. */
export function matrixPoints(series: MatrixSeries): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const [time, raw] of series.values) {
    const value = sampleValue(raw);
    if (Number.isFinite(value)) out.push({ time, value });
  }
  return out;
}

/** One row of the instant query's table: the series' name and its value as sent. */
export interface TableRow {
  readonly series: string;
  readonly value: string;
}

/** The rows of an instant query's table: one per sample, or one unnamed row for a scalar or string. */
export function tableRows(data: QueryData): TableRow[] {
  if (data.resultType === 'vector')
    return data.result.map((s) => ({ series: seriesName(s.metric), value: s.value[1] }));
  if (data.resultType === 'matrix')
    return data.result.map((s) => ({ series: seriesName(s.metric), value: s.values.map((v) => v[1]).join(', ') }));
  return [{ series: data.resultType, value: data.result[1] }];
}

/**
 * The step of a range query over [from, to]: about 250 points across the window (Prometheus's
 * graph asks for width / 4 px, roughly the same), never under 15 s, rounded to whole seconds.
 */
export function rangeStep(from: number, to: number): number {
  return Math.max(15, Math.round((to - from) / 250));
}

/** Where an error points: Prometheus's parse errors start with `line:col:` (1-based), or `line:col-line:col:`. */
export interface ErrorPosition {
  readonly line: number;
  readonly col: number;
}

/**
 * The position a PromQL error message names, or undefined when it names none. Prometheus's API puts
 * a prefix before the parser's message (`invalid parameter "query": 1:5: parse error: ...`).
 */
export function errorPosition(message: string): ErrorPosition | undefined {
  const m = /(?:^|: )(\d+):(\d+)(?:-\d+(?::\d+)?)?: parse error/.exec(message);
  if (m === null) return undefined;
  return { line: Number(m[1]), col: Number(m[2]) };
}

/** The offset into `text` of a 1-based line and column, clamped to the text. */
export function offsetOf(text: string, pos: ErrorPosition): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < pos.line - 1 && i < lines.length - 1; i++) offset += (lines[i] as string).length + 1;
  return Math.min(text.length, offset + Math.max(0, pos.col - 1));
}

/** A range query's series as a chart takes them: one legend label and one point list per series. */
export interface ChartSeries {
  readonly labels: string[];
  readonly points: MetricPoint[][];
}

/** The series of a range query's matrix, labelled by `template`, in the order the server sent them. */
export function chartSeries(result: readonly MatrixSeries[], template: string): ChartSeries {
  return { labels: result.map((s) => legendOf(template, s.metric)), points: result.map(matrixPoints) };
}

/**
 * The one number an instant query gives for a value widget: a scalar, or a vector of exactly one
 * sample (spec features §9: the query must reduce to one series). Throws with the reason otherwise.
 */
export function singleValue(data: QueryData): number | undefined {
  if (data.resultType === 'scalar') return sampleValue(data.result[1]);
  if (data.resultType !== 'vector') throw new Error(`the query gives a ${data.resultType}; a value needs one series`);
  if (data.result.length === 0) return undefined;
  if (data.result.length > 1) throw new Error(`the query gives ${data.result.length} series; a value needs one`);
  return sampleValue((data.result[0] as VectorSample).value[1]);
}

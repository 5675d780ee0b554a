import { performance } from 'node:perf_hooks';

/** A `query_range` request; times in ms, sent as seconds. */
export interface RangeQuery {
  readonly query: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** One series of a matrix result, points as parallel arrays. */
export interface MatrixSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly ts: number[];
  readonly vs: number[];
}

/** Median and 90th percentile of repeated runs, and what the last run returned. */
export interface QueryTiming {
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly runsMs: readonly number[];
  readonly series: number;
  readonly points: number;
}

/** Options of `timeQueryRange`. */
export interface TimingOptions {
  readonly repeat: number;
  /** Untimed runs first, so caches are warm as for a dashboard that refreshes (default 2). */
  readonly warmup?: number;
  readonly expectSeries: number;
  /** Points in every series; a series with fewer means data is missing. */
  readonly expectPointsPerSeries: number;
  /** Request headers (Saba's key). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** `GET <url>/api/v1/query_range` (with `headers`: Saba's key); returns the body text, throwing on a non-200 answer. */
export async function fetchQueryRange(
  url: string,
  q: RangeQuery,
  headers: Readonly<Record<string, string>> = {},
): Promise<string> {
  const params = new URLSearchParams({
    query: q.query,
    start: String(q.startMs / 1000),
    end: String(q.endMs / 1000),
    step: String(q.stepMs / 1000),
  });
  const res = await fetch(`${url}/api/v1/query_range?${params}`, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`query_range: HTTP ${res.status}: ${text}`);
  return text;
}

/** Runs a range query and parses its matrix. */
export async function queryRange(
  url: string,
  q: RangeQuery,
  headers: Readonly<Record<string, string>> = {},
): Promise<MatrixSeries[]> {
  return parseMatrix(await fetchQueryRange(url, q, headers));
}

/**
 * The raw samples of `selector` with timestamps in [fromMs, toMs], read with an instant query
 * of a range selector at `toMs`. The range reaches 1 ms further back and the extra millisecond is
 * cut here, so the answer is the same whether the engine's range is closed (2.x) or left-open (3.x).
 */
export async function querySamples(
  url: string,
  selector: string,
  fromMs: number,
  toMs: number,
): Promise<MatrixSeries[]> {
  const params = new URLSearchParams({ query: `${selector}[${toMs - fromMs + 1}ms]`, time: String(toMs / 1000) });
  const res = await fetch(`${url}/api/v1/query?${params}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`query: HTTP ${res.status}: ${text}`);
  return parseMatrix(text).map((m) => {
    const keep = m.ts.findIndex((t) => t >= fromMs);
    const cut = keep < 0 ? m.ts.length : keep;
    return { metric: m.metric, ts: m.ts.slice(cut), vs: m.vs.slice(cut) };
  });
}

/** Parses a Prometheus API answer whose data is a matrix; values come as Go-formatted strings. */
export function parseMatrix(text: string): MatrixSeries[] {
  const body = JSON.parse(text) as {
    status: string;
    data: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  if (body.status !== 'success' || body.data.resultType !== 'matrix') throw new Error(`not a matrix: ${text}`);
  return body.data.result.map((r) => ({
    metric: r.metric,
    // Seconds with millisecond decimals: rounding undoes the float error of the JSON number.
    ts: r.values.map(([t]) => Math.round(t * 1000)),
    vs: r.values.map(([, v]) => Number(v)),
  }));
}

/**
 * Times `repeat` runs of a range query, one after another. A run is the client's view: from
 * sending the request until the whole JSON body has arrived; parsing it is not timed. Every run's
 * result is checked against the expected series and points, so a fast wrong answer cannot count.
 */
export async function timeQueryRange(url: string, q: RangeQuery, opts: TimingOptions): Promise<QueryTiming> {
  const runsMs: number[] = [];
  let series = 0;
  let points = 0;
  for (let i = -(opts.warmup ?? 2); i < opts.repeat; i++) {
    const t0 = performance.now();
    const text = await fetchQueryRange(url, q, opts.headers);
    const ms = performance.now() - t0;
    const result = parseMatrix(text);
    series = result.length;
    points = result.reduce((a, s) => a + s.ts.length, 0);
    if (series !== opts.expectSeries) throw new Error(`query_range gave ${series} series, want ${opts.expectSeries}`);
    const short = result.find((s) => s.ts.length !== opts.expectPointsPerSeries);
    if (short !== undefined) {
      throw new Error(`query_range gave ${short.ts.length} points, want ${opts.expectPointsPerSeries}`);
    }
    if (i >= 0) runsMs.push(ms);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 0.5), p90Ms: percentile(sorted, 0.9), runsMs, series, points };
}

/** Nearest-rank percentile of an ascending array (p in (0, 1]). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

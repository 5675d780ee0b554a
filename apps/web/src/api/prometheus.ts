// The Prometheus HTTP API the server speaks at /api/v1 (Prometheus's documented JSON): instant
// and range queries for the query explorer and the dashboards' `query` widgets.
import type { QueryData } from '../features/explore/prom-result.ts';

/** Prometheus answered `"status":"error"` (or the request failed); `errorType` is Prometheus's (`bad_data`, ...). */
export class PromQueryError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'PromQueryError';
  }
}

/** What Prometheus answers on every query endpoint. */
interface PromAnswer {
  readonly status?: string;
  readonly data?: QueryData;
  readonly errorType?: string;
  readonly error?: string;
}

/**
 * GETs `path` with `params` and the session cookie. Prometheus takes GET and form POST alike; GET
 * needs no CSRF token and a query of a few hundred characters is far under URL length limits.
 */
async function promQuery(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<QueryData> {
  const res = await fetch(`${path}?${new URLSearchParams(params).toString()}`, {
    headers: { accept: 'application/json' },
    credentials: 'same-origin',
    ...(signal !== undefined ? { signal } : {}),
  });
  let json: PromAnswer | undefined;
  try {
    json = (await res.json()) as PromAnswer;
  } catch {
    json = undefined;
  }
  if (json?.status === 'success' && json.data !== undefined) return json.data;
  // Saba's own routes answer Mackerel's {"error":{"message"}} (e.g. an ended session).
  const mackerel = (json as { error?: { message?: unknown } } | undefined)?.error?.message;
  const message =
    typeof json?.error === 'string'
      ? json.error
      : typeof mackerel === 'string'
        ? mackerel
        : `${res.status} ${res.statusText}`;
  throw new PromQueryError(json?.errorType ?? 'http', message);
}

/** Evaluates `expr` at `time` (epoch seconds; now when omitted): `/api/v1/query`. */
export function instantQuery(expr: string, time: number | undefined, signal?: AbortSignal): Promise<QueryData> {
  return promQuery('/api/v1/query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) }, signal);
}

/** Evaluates `expr` over [start, end] every `step` seconds: `/api/v1/query_range`. */
export function rangeQuery(
  expr: string,
  start: number,
  end: number,
  step: number,
  signal?: AbortSignal,
): Promise<QueryData> {
  return promQuery(
    '/api/v1/query_range',
    { query: expr, start: String(start), end: String(end), step: String(step) },
    signal,
  );
}

// PromqlRangeFunc over the Storage interface: query monitors run Saba's own PromQL evaluator
// (docs/promql.md) over the organization's labelled series, as the Prometheus HTTP API does.
import type { OrgId, UnixMs } from '@saba/model';
import { createPromqlEngine } from '@saba/query';
import type { Storage } from '@saba/storage';
import type { PromqlRangeFunc } from './ports.ts';

// The evaluator runs on the event loop and every query monitor runs every minute: a query that
// needs more than 20 s would hold up the rest of the engine, so it is cut there (and is UNKNOWN).
const TIMEOUT_MS = 20_000;

/** Runs query monitors' range queries over a Storage. */
export function storagePromqlRange(storage: Storage): PromqlRangeFunc {
  const engine = createPromqlEngine({ timeoutMs: TIMEOUT_MS });
  return async (org: OrgId, query: string, start: UnixMs, end: UnixMs, stepMs: number) => {
    const r = await engine.range(query, start, end, stepMs, storage, org);
    // A range query always answers a matrix (a scalar query as one series without labels).
    return r.kind === 'matrix' ? r.series : [];
  };
}

// The PromQL engine behind the Prometheus HTTP API: the API may not import the query engine, so
// the server hands it this port, and sorts the engine's failures into Prometheus's error types.

import type { PromqlFailure, PromqlPort, PromqlValue } from '@saba/api';
import type { OrgId } from '@saba/model';
import { createPromqlEngine, type PromqlEngine, PromqlError, promql, seriesSelectorMatchers } from '@saba/query';
import type { Storage } from '@saba/storage';

// Prometheus's default --query.timeout; a request's `timeout` may only shorten it.
const DEFAULT_TIMEOUT_MS = 120_000;

/** The port over `storage`: one engine per distinct timeout (an engine is a few closures). */
export function promqlPort(storage: Storage): PromqlPort {
  const engines = new Map<number, PromqlEngine>();
  const engineFor = (timeoutMs: number | undefined): PromqlEngine => {
    const ms = Math.min(timeoutMs ?? DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
    let e = engines.get(ms);
    if (e === undefined) {
      e = createPromqlEngine({ timeoutMs: ms });
      engines.set(ms, e);
    }
    return e;
  };
  return {
    instant: (org: OrgId, expr, at, timeoutMs) => answer(() => engineFor(timeoutMs).instant(expr, at, storage, org)),
    range: (org: OrgId, expr, start, end, stepMs, timeoutMs) =>
      answer(() => engineFor(timeoutMs).range(expr, start, end, stepMs, storage, org)),
    seriesMatchers: seriesSelectorMatchers,
  };
}

/** Runs a query, turning the engine's refusals into Prometheus's error types; anything else is thrown (a 500). */
async function answer(run: () => Promise<PromqlValue> | PromqlValue): Promise<PromqlValue | PromqlFailure> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof promql.PromQLParseError) return { kind: 'error', errorType: 'bad_data', message: err.message };
    if (err instanceof PromqlError) {
      if (err.phase === 'parse') return { kind: 'error', errorType: 'bad_data', message: err.message };
      // The engine's deadline check has this one message (engine/context.ts checkDeadline).
      const timedOut = err.message.startsWith('query timed out');
      return { kind: 'error', errorType: timedOut ? 'timeout' : 'execution', message: err.message };
    }
    throw err;
  }
}

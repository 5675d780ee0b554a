import type { Catalog, HostStatus, JsonValue } from '@saba/catalog';
import type { MackerelIngest, OtlpIngest, RemoteWriteIngest } from '@saba/ingest';
import type { Labels, OrgId, UnixMs } from '@saba/model';
import type { MonitorEngine } from '@saba/monitor';
import type { Matcher, Storage } from '@saba/storage';
import type { HostStateCache } from './host-state-cache.ts';

/**
 * A host or monitor change the API made, announced to the notification outbox (spec features
 * §4.3 events). Plain JSON: it is stored as it is, and the server's notification builder reads it
 * back when delivering, looking the host up then.
 */
export type AnnouncedEvent =
  | { readonly event: 'hostRegister'; readonly hostId: string }
  | {
      readonly event: 'hostStatus';
      readonly hostId: string;
      readonly previousStatus: HostStatus;
      readonly status: HostStatus;
    }
  | {
      readonly event: 'hostRetire';
      readonly hostId: string;
      /** The roles it had: retiring removes them, and routing goes by their services. */
      readonly roles: readonly { readonly service: string; readonly role: string }[];
    }
  | {
      readonly event: 'monitor';
      readonly action: 'create' | 'update' | 'delete';
      readonly monitorId: string;
      /** Its API JSON after the change; after a delete, as it was (it can no longer be looked up). */
      readonly monitor: { readonly [k: string]: JsonValue };
    };

/** What the API's routes need: the catalog, the time-series storage and ingest, the monitor engine, and a clock. */
export interface ApiDeps {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly ingest: MackerelIngest;
  /** Stores Prometheus remote_write requests (`POST /api/v1/write`). */
  readonly remoteWrite: RemoteWriteIngest;
  /** Stores OTLP/HTTP metric exports (`POST /v1/metrics`). */
  readonly otlp: OtlpIngest;
  readonly hostStates: HostStateCache;
  /** Judges posts and reports, and owns open alerts: API writes that close alerts go through it. */
  readonly monitor: MonitorEngine;
  /**
   * Tells delivery that notifications were stored (host and monitor changes, which routes write to
   * the outbox with the change: see routes/announce.ts), so that it sends them now rather than on
   * its next pass; and that a channel was resumed.
   */
  wakeDelivery(): void;
  /** Where failures of work the API started but does not wait for (monitor evaluation) are logged. */
  readonly log: (line: string) => void;
  readonly clock: () => UnixMs;
  /**
   * Evaluates a Mackerel graph expression (spec features §3) over [from, to] for the organization;
   * throws a BadDataError for a malformed one. Unset: expression graphs answer 400.
   */
  readonly evaluateExpression?: ExpressionEvaluator;
  /** Runs PromQL for the Prometheus HTTP API (`/api/v1/query`...). Unset: those routes answer 400. */
  readonly promql?: PromqlPort;
}

/** One series of an evaluated expression: its legend, whose it is, points in epoch seconds, and stacking. */
export interface ExpressionSeries {
  readonly name: string;
  readonly source: string;
  readonly points: ReadonlyArray<{ readonly time: number; readonly value: number }>;
  readonly stacked?: boolean;
}

/** What the server gives the API to evaluate graph expressions with (the API may not import the query engine). */
export type ExpressionEvaluator = (
  org: OrgId,
  expression: string,
  from: number,
  to: number,
) => Promise<readonly ExpressionSeries[]>;

/** What a PromQL query answered besides its value: Prometheus's annotation texts. */
export interface PromqlAnnotations {
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** A PromQL query's value (the engine's QueryResult, structurally); times in ms. */
export type PromqlValue = PromqlAnnotations &
  (
    | { readonly kind: 'scalar'; readonly value: number }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'vector'; readonly samples: readonly { readonly labels: Labels; readonly value: number }[] }
    | {
        readonly kind: 'matrix';
        readonly series: readonly {
          readonly labels: Labels;
          readonly points: readonly { readonly t: number; readonly v: number }[];
        }[];
      }
  );

/** A query PromQL refused (`bad_data`), could not finish (`execution`) or ran out of time (`timeout`). */
export interface PromqlFailure {
  readonly kind: 'error';
  readonly errorType: 'bad_data' | 'execution' | 'timeout';
  readonly message: string;
}

/** What the server gives the API to run PromQL with (the API may not import the query engine). */
export interface PromqlPort {
  /** Evaluates `expr` at `at` over the organization's labelled series. */
  instant(org: OrgId, expr: string, at: UnixMs, timeoutMs?: number): Promise<PromqlValue | PromqlFailure>;
  /** Evaluates `expr` at start, start+step, ... end; a matrix. */
  range(
    org: OrgId,
    expr: string,
    start: UnixMs,
    end: UnixMs,
    stepMs: number,
    timeoutMs?: number,
  ): Promise<PromqlValue | PromqlFailure>;
  /** The storage matchers of a series selector (`match[]`), labelled-series mark included; throws a BadDataError. */
  seriesMatchers(selector: string): Matcher[];
}

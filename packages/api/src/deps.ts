import type { Catalog, HostStatus, JsonValue } from '@saba/catalog';
import type { MackerelIngest } from '@saba/ingest';
import type { OrgId, UnixMs } from '@saba/model';
import type { MonitorEngine } from '@saba/monitor';
import type { Storage } from '@saba/storage';
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
  readonly hostStates: HostStateCache;
  /** Judges posts and reports, and owns open alerts: API writes that close alerts go through it. */
  readonly monitor: MonitorEngine;
  /**
   * Stores a host or monitor change in the notification outbox and wakes delivery. Called after
   * the change is written; routes call it through `announce` (routes/announce.ts), which logs a
   * failure instead of failing the request.
   */
  announce(org: OrgId, event: AnnouncedEvent): Promise<void>;
  /** Where failures of work the API started but does not wait for (monitor evaluation) are logged. */
  readonly log: (line: string) => void;
  readonly clock: () => UnixMs;
}

import type { Catalog } from '@saba/catalog';
import type { MackerelIngest } from '@saba/ingest';
import type { UnixMs } from '@saba/model';
import type { MonitorEngine } from '@saba/monitor';
import type { Storage } from '@saba/storage';
import type { HostStateCache } from './host-state-cache.ts';

/** What the API's routes need: the catalog, the time-series storage and ingest, the monitor engine, and a clock. */
export interface ApiDeps {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly ingest: MackerelIngest;
  readonly hostStates: HostStateCache;
  /** Judges posts and reports, and owns open alerts: API writes that close alerts go through it. */
  readonly monitor: MonitorEngine;
  /** Where failures of work the API started but does not wait for (monitor evaluation) are logged. */
  readonly log: (line: string) => void;
  readonly clock: () => UnixMs;
}

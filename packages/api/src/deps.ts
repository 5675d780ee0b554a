import type { Catalog } from '@saba/catalog';
import type { MackerelIngest } from '@saba/ingest';
import type { UnixMs } from '@saba/model';
import type { Storage } from '@saba/storage';
import type { HostStateCache } from './host-state-cache.ts';

/** What the API's routes need: the catalog, the time-series storage and ingest, and a clock. */
export interface ApiDeps {
  readonly catalog: Catalog;
  readonly storage: Storage;
  readonly ingest: MackerelIngest;
  readonly hostStates: HostStateCache;
  readonly clock: () => UnixMs;
}

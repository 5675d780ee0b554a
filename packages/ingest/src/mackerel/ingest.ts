// Mackerel metric posts -> storage appends. Every item is checked before anything is appended,
// and one commit per request stores all of it or none of it.
import {
  BadDataError,
  type HostId,
  hostSeriesLabels,
  type OrgId,
  type SeriesRef,
  serviceSeriesLabels,
  type UnixMs,
} from '@saba/model';
import type { Appender, AppendResult, Storage } from '@saba/storage';
import { RefCache, type SeriesRefs } from '../ref-cache.ts';
import { DEFAULT_MAX_ITEMS, type MetricValue, postedTimeMs, quote } from './metric-value.ts';
import { type HostMetrics, type HostMetricValue, parseHostMetrics } from './parse-host-metrics.ts';
import { parseServiceMetrics } from './parse-service-metrics.ts';
import { scanHostMetrics } from './scan-host-metrics.ts';

/** Finds an organization's hosts by id (one call per request, distinct ids); missing ids are absent from the map. */
export type HostLookup = (
  org: OrgId,
  ids: readonly HostId[],
) => Promise<ReadonlyMap<HostId, { readonly isRetired: boolean }>>;

/** How a MackerelIngest is set up; every field has a default. */
export interface MackerelIngestOptions {
  /** Most metric values one request may carry; more is a LimitError (default 100,000). */
  readonly maxItems?: number;
  /**
   * Most series refs remembered, over all organizations (default 1,000,000: the engine's
   * default series limit of one organization). A ref costs ~84 bytes (ingest.bench.ts), so
   * ~84 MB at the bound, against ~1.8 KB a series in the engine's head (docs/benchmarks.md).
   */
  readonly refCacheEntries?: number;
}

/** The default bound of the ref cache (see MackerelIngestOptions.refCacheEntries). */
export const DEFAULT_REF_CACHE_ENTRIES = 1_000_000;

/** What a metric post stored, with the values it carried (for the monitor stage to judge). */
export interface StoredHostMetrics extends AppendResult {
  /** Every value of the post as parsed, retired hosts' included. */
  readonly items: readonly HostMetricValue[];
}

/** What a service metric post stored, with the values it carried. */
export interface StoredServiceMetrics extends AppendResult {
  readonly items: readonly MetricValue[];
}

const NOTHING = { accepted: 0, outOfWindow: 0, items: [] } as const;

/** Stores Mackerel host and service metric posts, appending by cached series ref where it can. */
export class MackerelIngest {
  private readonly maxItems: number;
  private readonly refs: RefCache;

  constructor(
    private readonly storage: Storage,
    options: MackerelIngestOptions = {},
  ) {
    this.maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    this.refs = new RefCache(options.refCacheEntries ?? DEFAULT_REF_CACHE_ENTRIES);
  }

  /**
   * Stores a `POST /api/v0/tsdb` body for organization `org`. Throws BadDataError (LimitError
   * when oversized) for a malformed body, an unknown host, or a batch of retired hosts only,
   * storing nothing; values of retired hosts in a batch with live ones are dropped.
   */
  async postHostMetrics(org: OrgId, body: unknown, lookup: HostLookup): Promise<StoredHostMetrics> {
    return this.storeHostMetrics(org, parseHostMetrics(body, this.maxItems), lookup);
  }

  /**
   * As postHostMetrics, for the body's raw bytes (UTF-8 JSON), with the same answers. Reads them
   * without JSON.parse when they are in the plain form agents send; anything else is parsed as
   * JSON, and a body that is not JSON (an empty one included) is a BadDataError.
   */
  async postHostMetricsJson(org: OrgId, body: Uint8Array, lookup: HostLookup): Promise<StoredHostMetrics> {
    const parsed = scanHostMetrics(body, this.maxItems) ?? parseHostMetrics(parseJson(body), this.maxItems);
    return this.storeHostMetrics(org, parsed, lookup);
  }

  /** Checks a checked body's hosts, then appends its values and commits them in one go. */
  private async storeHostMetrics(org: OrgId, parsed: HostMetrics, lookup: HostLookup): Promise<StoredHostMetrics> {
    const { items, hostIds } = parsed;
    if (items.length === 0) return NOTHING;
    const hosts = await lookup(org, hostIds);
    let retired: HostId | undefined;
    let live = 0;
    for (const id of hostIds) {
      const host = hosts.get(id);
      if (host === undefined) throw new BadDataError(`host ${quote(id)} not found`);
      if (host.isRetired) retired ??= id;
      else live++;
    }
    // An agent looks up its custom-identifier hosts only at start, so one of them retired later
    // keeps arriving in the same batch as the agent's own host. Refusing the whole batch would
    // make the agent retry its own host's values for an hour and then drop them; so a retired
    // host's values are dropped, and only a batch with nothing but retired hosts is refused.
    if (retired !== undefined && live === 0)
      throw new BadDataError(`host ${quote(retired)} is retired; its metrics are refused`);
    const app = this.storage.appender(org);
    try {
      let owner = '';
      let refs: SeriesRefs | undefined;
      let skip = false;
      for (let i = 0; i < items.length; i++) {
        const it = items[i] as HostMetricValue;
        // An agent posts each host's values together: one owner lookup per run of a host.
        if (refs === undefined || it.hostId !== owner) {
          owner = it.hostId;
          refs = this.refs.refsOf(hostKey(org, owner));
          skip = retired !== undefined && hosts.get(owner as HostId)?.isRetired === true;
        }
        if (skip) continue;
        const t = postedTimeMs(it.time);
        if (!appendByRef(app, refs.get(it.name), t, it.value)) {
          this.refs.set(refs, it.name, app.append(hostSeriesLabels(it.hostId, it.name), t, it.value));
        }
      }
    } catch (err) {
      app.rollback();
      throw err;
    }
    this.refs.trim();
    // On failure the engine has applied nothing and reset the appender; there is nothing to undo.
    return { ...(await app.commit()), items };
  }

  /**
   * Stores a `POST /api/v0/services/<service>/tsdb` body for service `service` (which the
   * caller has found to exist). Throws BadDataError (LimitError when oversized) for a malformed
   * body, storing nothing.
   */
  async postServiceMetrics(org: OrgId, service: string, body: unknown): Promise<StoredServiceMetrics> {
    if (service === '') throw new BadDataError('the service name is empty');
    const items = parseServiceMetrics(body, this.maxItems);
    if (items.length === 0) return NOTHING;
    const refs = this.refs.refsOf(serviceKey(org, service));
    const app = this.storage.appender(org);
    try {
      for (let i = 0; i < items.length; i++) {
        const it = items[i] as MetricValue;
        const t = postedTimeMs(it.time);
        if (!appendByRef(app, refs.get(it.name), t, it.value)) {
          this.refs.set(refs, it.name, app.append(serviceSeriesLabels(service, it.name), t, it.value));
        }
      }
    } catch (err) {
      app.rollback();
      throw err;
    }
    this.refs.trim();
    return { ...(await app.commit()), items };
  }

  /** Drops the cached refs of a host's series (call when the host is retired or its series deleted). */
  forgetHost(org: OrgId, hostId: HostId): void {
    this.refs.forget(hostKey(org, hostId));
  }

  /** Drops the cached refs of a service's series (call when the service or its series are deleted). */
  forgetService(org: OrgId, service: string): void {
    this.refs.forget(serviceKey(org, service));
  }

  /** Series refs cached, over all organizations (for `/metrics`). */
  cachedRefs(): number {
    return this.refs.size;
  }
}

/**
 * Appends by a cached ref; false when there is none or the engine no longer knows it (its
 * series was deleted), so that the caller appends by labels and caches the new ref.
 */
function appendByRef(app: Appender, ref: SeriesRef | undefined, t: UnixMs, v: number): boolean {
  if (ref === undefined) return false;
  try {
    app.appendRef(ref, t, v);
    return true;
  } catch (err) {
    if (err instanceof BadDataError) return false;
    throw err;
  }
}

/** A body's bytes as JSON, or a BadDataError saying why they are not. */
function parseJson(body: Uint8Array): unknown {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadDataError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}

// Owner keys: a kind letter, then the org id length-prefixed, so that no org id and host id
// or service name can spell another pair's key.
function hostKey(org: OrgId, hostId: string): string {
  return `h${org.length}:${org}${hostId}`;
}

function serviceKey(org: OrgId, service: string): string {
  return `s${org.length}:${org}${service}`;
}

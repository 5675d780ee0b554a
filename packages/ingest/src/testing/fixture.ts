// What the ingest tests share: a real engine in a temp directory with a fake clock, a storage
// wrapper that counts the appender calls, and a host lookup over a fixed table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HostId, type Labels, type OrgId, orgId, type SeriesRef, type UnixMs, unixMs } from '@saba/model';
import type { Appender, AppendResult, Matcher, Querier, Storage } from '@saba/storage';
import { Tsdb, type TsdbOptions } from '@saba/tsdb';
import type { HostLookup } from '../mackerel/ingest.ts';

/** The clock tests run at: 2026-01-10 12:00 UTC, in ms. */
export const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
/** T0 in epoch seconds, as the Mackerel API carries time. */
export const T0_SEC = T0 / 1000;
/** The organizations tests use. */
export const ORG_A: OrgId = orgId('org-a');
/** A second organization, for isolation checks. */
export const ORG_B: OrgId = orgId('org-b');

/** Counts what went through the appenders a CountingStorage handed out. */
export interface AppendCounts {
  append: number;
  appendRef: number;
  /** appendRef calls that threw (a stale ref). */
  staleRef: number;
  commit: number;
  rollback: number;
}

/** A Storage that passes everything to `inner` and counts appender calls. */
export class CountingStorage implements Storage {
  readonly counts: AppendCounts = { append: 0, appendRef: 0, staleRef: 0, commit: 0, rollback: 0 };

  constructor(readonly inner: Storage) {}

  appender(org: OrgId): Appender {
    const a = this.inner.appender(org);
    const c = this.counts;
    return {
      append(labels: Labels, t: UnixMs, v: number): SeriesRef {
        c.append++;
        return a.append(labels, t, v);
      },
      appendRef(ref: SeriesRef, t: UnixMs, v: number): void {
        c.appendRef++;
        try {
          a.appendRef(ref, t, v);
        } catch (err) {
          c.staleRef++;
          throw err;
        }
      },
      commit(): Promise<AppendResult> {
        c.commit++;
        return a.commit();
      },
      rollback(): void {
        c.rollback++;
        a.rollback();
      },
    };
  }

  querier(org: OrgId, mint: UnixMs, maxt: UnixMs): Querier {
    return this.inner.querier(org, mint, maxt);
  }

  deleteSeries(org: OrgId, matchers: readonly Matcher[]): Promise<number> {
    return this.inner.deleteSeries(org, matchers);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** An open engine in a fresh temp directory, its clock at T0, wrapped for counting. */
export interface TestStore {
  readonly storage: CountingStorage;
  readonly clock: { now: number };
  /** Closes the engine and removes the directory. */
  close(): Promise<void>;
}

/** Opens a real Tsdb (no fsync, no background maintenance, `extra` options on top) in a temp directory. */
export async function openStore(extra: Partial<TsdbOptions> = {}): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'saba-ingest-'));
  const clock = { now: T0 };
  const db = await Tsdb.open({ dir, fsync: 'never', maintenanceIntervalMs: 0, clock: () => clock.now, ...extra });
  return {
    storage: new CountingStorage(db),
    clock,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A host lookup over `hosts` (id -> retired?), the same in every organization, recording each call's org and ids. */
export function lookupOf(hosts: Readonly<Record<string, boolean>>): HostLookup & { calls: [OrgId, HostId[]][] } {
  const calls: [OrgId, HostId[]][] = [];
  const lookup = async (org: OrgId, ids: readonly HostId[]) => {
    calls.push([org, [...ids]]);
    const out = new Map<HostId, { isRetired: boolean }>();
    for (const id of ids) {
      const retired = hosts[id];
      if (retired !== undefined) out.set(id, { isRetired: retired });
    }
    return out;
  };
  return Object.assign(lookup, { calls });
}

/** Every series of `org` matching `matchers`, as `{labels: samples}` with samples as [ms, value] pairs. */
export function read(storage: Storage, org: OrgId, matchers: readonly Matcher[]): Record<string, [number, number][]> {
  const q = storage.querier(org, unixMs(0), unixMs(8.64e15));
  const out: Record<string, [number, number][]> = {};
  for (const s of q.select(matchers)) {
    const got = s.samples();
    const points: [number, number][] = [];
    for (let i = 0; i < got.length; i++) points.push([got.ts[i] as number, got.vs[i] as number]);
    out[s.labels.map((l) => `${l.name}=${l.value}`).join(',')] = points;
  }
  return out;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelsFromRecord, type OrgId, orgId, type UnixMs, unixMs } from '@saba/model';
import type { Matcher, Querier } from '@saba/storage';
import { Tsdb } from '../db.ts';
import type { TsdbOptions } from '../options.ts';

/** A settable clock for tests. */
export interface TestClock {
  now: number;
  readonly fn: () => number;
}

/** A clock that starts at `t0` and moves only when told. */
export function testClock(t0: number): TestClock {
  const c: TestClock = { now: t0, fn: () => c.now };
  return c;
}

/** A fresh temp directory, removed by the returned function. */
export function tempDir(prefix = 'saba-tsdb-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a Tsdb for tests: fake clock, no background maintenance, no fsync unless asked. */
export function openTestDb(dir: string, clock: TestClock, extra: Partial<TsdbOptions> = {}): Promise<Tsdb> {
  return Tsdb.open({ dir, clock: clock.fn, maintenanceIntervalMs: 0, fsync: 'never', ...extra });
}

/** The organizations tests use. */
export const ORG_A: OrgId = orgId('org-a');
/** A second organization, for isolation checks. */
export const ORG_B: OrgId = orgId('org-b');

/** Labels of a host metric, as the API layer will build them. */
export function hostMetric(host: string, name: string) {
  return labelsFromRecord({ __name__: name, host });
}

/** Appends [t, v] pairs to one series and commits. */
export async function put(
  db: Tsdb,
  org: OrgId,
  labels: ReturnType<typeof hostMetric>,
  points: readonly [number, number][],
) {
  const app = db.appender(org);
  for (const [t, v] of points) app.append(labels, unixMs(t), v);
  return app.commit();
}

/** Reads one series' samples as [t, v] pairs (empty when the series is not selected). */
export function get(q: Querier, matchers: readonly Matcher[]): [number, number][] {
  const series = q.select(matchers);
  if (series.length === 0) return [];
  if (series.length > 1) throw new Error(`expected one series, got ${series.length}`);
  const s = (series[0] as (typeof series)[number]).samples();
  const out: [number, number][] = [];
  for (let i = 0; i < s.length; i++) out.push([s.ts[i] as number, s.vs[i] as number]);
  return out;
}

/** A querier over all time. */
export function everything(db: Tsdb, org: OrgId): Querier {
  return db.querier(org, unixMs(0) as UnixMs, unixMs(8.64e15) as UnixMs);
}

// Writes a benchmark fleet into a SQLite catalog file: the organization, its default
// connectivity monitor, the hosts in their roles and the host monitors.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from '@saba/catalog';
import { type HostId, nowMs, type OrgId, unixSec } from '@saba/model';
import { defaultMonitors, monitorRow, parseMonitor } from '../kinds/registry.ts';
import { type FleetShape, hostName, monitorJsons, roleOf } from './fleet.ts';

/** What was written: the organization and the host ids by host number. */
export interface FleetCatalog {
  readonly orgId: OrgId;
  readonly hostIds: readonly HostId[];
  /** Monitors written, the default connectivity monitor included. */
  readonly monitors: number;
}

/**
 * Writes `shape` into a new catalog file at `path` (its directory must exist), as organization
 * `orgName` at time `nowSec`. The catalog fsyncs every commit (synchronous = FULL), ~2.6 ms each
 * on this machine's disk, so 11,000 rows take ~30 s there: build on tmpfs and copy the file
 * (`buildOnTmpfs`).
 */
export async function writeFleetCatalog(
  path: string,
  shape: FleetShape,
  orgName: string,
  nowSec = Math.floor(nowMs() / 1000),
): Promise<FleetCatalog> {
  const now = unixSec(nowSec);
  const catalog = await openCatalog({ driver: 'sqlite', path });
  try {
    const orgId = (await catalog.orgs.create(orgName, null, now)).id;
    const rows = [...defaultMonitors(), ...monitorJsons(shape).map((j) => parseMonitor(j, undefined))];
    for (const m of rows) await catalog.monitors.create(orgId, monitorRow(m) as never, now);
    const hostIds: HostId[] = [];
    for (let h = 0; h < shape.hosts; h++) {
      hostIds.push(
        await catalog.hosts.create(
          orgId,
          {
            name: hostName(h),
            displayName: null,
            customIdentifier: null,
            memo: '',
            meta: {},
            interfaces: [],
            roles: [roleOf(shape, h)],
            checks: [],
            status: 'working',
          },
          now,
        ),
      );
    }
    return { orgId, hostIds, monitors: rows.length };
  } finally {
    await catalog.close();
  }
}

/**
 * Writes the fleet on tmpfs (/dev/shm, where fsync costs nothing) and copies the closed file
 * (SQLite folds its WAL back in on the last close) to `path`. Only the setup is faster: the run
 * then opens the copy on the real disk.
 */
export async function buildOnTmpfs(
  path: string,
  shape: FleetShape,
  orgName: string,
  nowSec?: number,
): Promise<FleetCatalog> {
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'saba-bench-catalog-'));
  try {
    const built = join(dir, 'catalog.sqlite');
    const fleet = await writeFleetCatalog(built, shape, orgName, nowSec);
    copyFileSync(built, path);
    for (const side of ['-wal', '-shm']) if (existsSync(built + side)) copyFileSync(built + side, path + side);
    return fleet;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { hostId, orgId, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { Host, HostCheck, HostStatus, JsonValue, RoleRef } from '../catalog.ts';
import type { Database, HostsTable } from '../schema.ts';

/**
 * Ids per `in (...)` list when loading roles and checks: far under SQLite's 32,766 and
 * PostgreSQL's 65,535 bound parameters, and large enough that a list of 10,000 hosts takes 10
 * round trips, not 10,000.
 */
const IDS_PER_QUERY = 1_000;

/** Maps host rows to hosts, loading their roles and checks (a few queries for the whole list). */
export async function loadHosts(db: Kysely<Database>, rows: readonly Selectable<HostsTable>[]): Promise<Host[]> {
  const roles = new Map<string, RoleRef[]>();
  const checks = new Map<string, HostCheck[]>();
  for (let i = 0; i < rows.length; i += IDS_PER_QUERY) {
    const ids = rows.slice(i, i + IDS_PER_QUERY).map((r) => r.id);
    const roleRows = await db
      .selectFrom('host_roles')
      .select(['host_id', 'service', 'role'])
      .where('host_id', 'in', ids)
      .orderBy('service')
      .orderBy('role')
      .execute();
    for (const r of roleRows) push(roles, r.host_id, { service: r.service, role: r.role });
    const checkRows = await db
      .selectFrom('host_checks')
      .select(['host_id', 'name', 'memo'])
      .where('host_id', 'in', ids)
      .orderBy('position')
      .execute();
    for (const r of checkRows) push(checks, r.host_id, { name: r.name, memo: r.memo });
  }
  return rows.map((r) => ({
    id: hostId(r.id),
    orgId: orgId(r.org_id),
    name: r.name,
    displayName: r.display_name,
    customIdentifier: r.custom_identifier,
    size: r.size === 'micro' ? 'micro' : 'standard',
    status: r.status as HostStatus,
    memo: r.memo,
    meta: JSON.parse(r.meta) as JsonValue,
    interfaces: JSON.parse(r.interfaces) as JsonValue,
    roles: roles.get(r.id) ?? [],
    checks: checks.get(r.id) ?? [],
    isRetired: r.is_retired !== 0,
    retiredAt: r.retired_at === null ? null : unixSec(r.retired_at),
    createdAt: unixSec(r.created_at),
  }));
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

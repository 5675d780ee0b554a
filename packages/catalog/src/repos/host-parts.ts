// The rows that hang off a host: its roles (with the services and roles they need) and its checks.

import type { HostId, OrgId } from '@saba/model';
import type { Kysely } from 'kysely';
import type { HostCheck, RoleRef } from '../catalog.ts';
import type { Database } from '../schema.ts';

/** The roles without repeats, in their first order. */
export function distinctRoles(roles: readonly RoleRef[]): RoleRef[] {
  const seen = new Map<string, RoleRef>();
  for (const r of roles) {
    const k = JSON.stringify([r.service, r.role]);
    if (!seen.has(k)) seen.set(k, r);
  }
  return [...seen.values()];
}

/** Adds `roles` to the host, creating unknown services and roles (memo ''); roles it has stay. */
export async function addHostRoles(
  trx: Kysely<Database>,
  org: OrgId,
  host: HostId,
  roles: readonly RoleRef[],
): Promise<void> {
  const unique = distinctRoles(roles);
  if (unique.length === 0) return;
  const services = [...new Set(unique.map((r) => r.service))];
  await trx
    .insertInto('services')
    .values(services.map((name) => ({ org_id: org, name, memo: '' })))
    .onConflict((oc) => oc.columns(['org_id', 'name']).doNothing())
    .execute();
  await trx
    .insertInto('roles')
    .values(unique.map((r) => ({ org_id: org, service: r.service, name: r.role, memo: '' })))
    .onConflict((oc) => oc.columns(['org_id', 'service', 'name']).doNothing())
    .execute();
  await trx
    .insertInto('host_roles')
    .values(unique.map((r) => ({ host_id: host, org_id: org, service: r.service, role: r.role })))
    .onConflict((oc) => oc.columns(['host_id', 'service', 'role']).doNothing())
    .execute();
}

/** Replaces the host's announced checks with `checks` (a repeated name keeps its first place). */
export async function replaceHostChecks(
  trx: Kysely<Database>,
  host: HostId,
  checks: readonly HostCheck[],
): Promise<void> {
  await trx.deleteFrom('host_checks').where('host_id', '=', host).execute();
  const seen = new Set<string>();
  const rows = [];
  for (const c of checks) {
    if (seen.has(c.name)) continue;
    seen.add(c.name);
    rows.push({ host_id: host, position: rows.length, name: c.name, memo: c.memo });
  }
  if (rows.length > 0) await trx.insertInto('host_checks').values(rows).execute();
}

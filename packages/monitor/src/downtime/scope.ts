import type { AlertSubject, RoleName } from '../subject.ts';
import type { Downtime } from './schema.ts';

function sameRole(a: RoleName, b: RoleName): boolean {
  return a.service === b.service && a.role === b.role;
}

function anyRoleListed(roles: readonly RoleName[], list: readonly RoleName[]): boolean {
  return roles.some((r) => list.some((l) => sameRole(r, l)));
}

/**
 * Whether downtime `d`'s scopes take in `subject` (features §4.2: every condition AND'ed; an empty
 * list does not restrict, so a downtime with no scopes covers every alert).
 */
export function downtimeCovers(d: Downtime, subject: AlertSubject): boolean {
  const inService = (list: readonly string[]) => subject.services.some((s) => list.includes(s));
  if (d.serviceScopes.length > 0 && !inService(d.serviceScopes)) return false;
  if (inService(d.serviceExcludeScopes)) return false;
  if (d.roleScopes.length > 0 && !anyRoleListed(subject.roles, d.roleScopes)) return false;
  if (anyRoleListed(subject.roles, d.roleExcludeScopes)) return false;
  if (d.monitorScopes.length > 0 && !d.monitorScopes.includes(subject.monitorId)) return false;
  return !d.monitorExcludeScopes.includes(subject.monitorId);
}

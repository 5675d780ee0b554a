import type { Scope } from '../kinds/config.ts';
import type { AlertSubject, RoleName } from '../subject.ts';

/** Whether a host with `roles` is in one of `scopes` (a whole service, or one role of it). */
function inAny(scopes: readonly Scope[], roles: readonly RoleName[]): boolean {
  return scopes.some((s) => roles.some((r) => r.service === s.service && (s.role === undefined || s.role === r.role)));
}

/** Whether a host monitor applies to a host: in a scope (or no scopes), and in no exclude scope (spec §2.1). */
export function hostInScope(
  m: { readonly scopes: readonly Scope[]; readonly excludeScopes: readonly Scope[] },
  roles: readonly RoleName[],
): boolean {
  if (m.scopes.length > 0 && !inAny(m.scopes, roles)) return false;
  return !inAny(m.excludeScopes, roles);
}

/** A host's alert subject: its services and roles. */
export function hostSubject(monitorId: string, roles: readonly RoleName[]): AlertSubject {
  return { monitorId, services: [...new Set(roles.map((r) => r.service))], roles };
}

/** A service-level alert subject (service monitors, external monitors with a service). */
export function serviceSubject(monitorId: string, service: string | null): AlertSubject {
  return { monitorId, services: service === null ? [] : [service], roles: [] };
}

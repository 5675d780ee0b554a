// What deleting a service, role or monitor leaves of the settings that name it (spec api §7:
// deleting a service cascades to its monitors). Without this, a setting read back and sent
// unchanged (`mkr monitors push`, `terraform apply`) would be refused: a scope must name an
// existing service, role or monitor (spec api §8.2).
//
// The rule everywhere: a name of what is deleted is taken out of every list. But where an empty
// list means "no restriction" (a monitor's `scopes`: every host, features §2.1; a downtime's
// include lists: every alert, §4.2; an alert group setting's parts, §4.1), a list emptied that
// way would widen the setting to what its user never chose, so the whole setting goes instead.
// Exclude lists only ever narrow, so an emptied one is just empty.
import type { AlertGroupSetting } from './alert-groups/schema.ts';
import type { Downtime } from './downtime/schema.ts';
import type { MonitorConfig, Scope } from './kinds/config.ts';

/** A service or role being deleted: `role` absent for a whole service, roles and all. */
export type DeletedScope = Scope;

/** What a setting becomes once a deletion is taken out of it: as it was, gone, or rewritten. */
export type Cleaned<T> = 'keep' | 'delete' | T;

/** Whether `scope` names `gone` or, for a deleted service, one of its roles. */
export function scopeNames(scope: Scope, gone: DeletedScope): boolean {
  return scope.service === gone.service && (gone.role === undefined || scope.role === gone.role);
}

/** Whether a service scope (a bare service name) names `gone`: only a whole service's delete does. */
function serviceNamed(service: string, gone: DeletedScope | undefined): boolean {
  return gone !== undefined && gone.role === undefined && service === gone.service;
}

/** Whether a role scope names `gone`; nothing does when no service or role is deleted. */
function roleNamed(role: Scope, gone: DeletedScope | undefined): boolean {
  return gone !== undefined && scopeNames(role, gone);
}

/** Whether filtering took every entry out of a list that had some (so it stopped restricting). */
function emptied(before: readonly unknown[], after: readonly unknown[]): boolean {
  return before.length > 0 && after.length === 0;
}

/** Whether any filtered list is shorter than the one it came from. */
function changed(pairs: readonly (readonly [readonly unknown[], readonly unknown[]])[]): boolean {
  return pairs.some(([before, after]) => before.length !== after.length);
}

/** A monitor's settings without `gone`. */
export function monitorWithout(m: MonitorConfig, gone: DeletedScope): Cleaned<MonitorConfig> {
  const keep = (s: Scope) => !scopeNames(s, gone);
  switch (m.type) {
    case 'host':
    case 'connectivity': {
      const scopes = m.scopes.filter(keep);
      const excludeScopes = m.excludeScopes.filter(keep);
      if (
        !changed([
          [m.scopes, scopes],
          [m.excludeScopes, excludeScopes],
        ])
      )
        return 'keep';
      // Empty scopes are every host: the monitor would start watching the whole organization.
      if (emptied(m.scopes, scopes)) return 'delete';
      return { ...m, scopes, excludeScopes };
    }
    case 'anomalyDetection': {
      const scopes = m.scopes.filter(keep);
      if (scopes.length === m.scopes.length) return 'keep';
      // It needs a role to model (features §2.8); parsing refuses one without.
      return scopes.length === 0 ? 'delete' : { ...m, scopes };
    }
    case 'service':
    case 'external':
      // A service monitor watches the service's metrics, deleted with it. An external monitor
      // attached to the service posts its response times there and alerts as the service's
      // (routing, downtimes), so it goes too rather than be silently detached.
      return gone.role === undefined && m.service === gone.service ? 'delete' : 'keep';
    default:
      // Expression and query monitors name services only inside their text, which is not checked.
      return 'keep';
  }
}

/**
 * A downtime without `gone` and without the monitors `deletedMonitors` lists; `gone` is undefined
 * when only monitors are deleted (a monitor's own delete).
 */
export function downtimeWithout(
  d: Downtime,
  gone: DeletedScope | undefined,
  deletedMonitors: ReadonlySet<string>,
): Cleaned<Downtime> {
  const keepService = (s: string) => !serviceNamed(s, gone);
  const keepRole = (r: Scope) => !roleNamed(r, gone);
  const keepMonitor = (id: string) => !deletedMonitors.has(id);
  const next: Downtime = {
    ...d,
    serviceScopes: d.serviceScopes.filter(keepService),
    serviceExcludeScopes: d.serviceExcludeScopes.filter(keepService),
    roleScopes: d.roleScopes.filter(keepRole),
    roleExcludeScopes: d.roleExcludeScopes.filter(keepRole),
    monitorScopes: d.monitorScopes.filter(keepMonitor),
    monitorExcludeScopes: d.monitorExcludeScopes.filter(keepMonitor),
  };
  const includes = [
    [d.serviceScopes, next.serviceScopes],
    [d.roleScopes, next.roleScopes],
    [d.monitorScopes, next.monitorScopes],
  ] as const;
  const excludes = [
    [d.serviceExcludeScopes, next.serviceExcludeScopes],
    [d.roleExcludeScopes, next.roleExcludeScopes],
    [d.monitorExcludeScopes, next.monitorExcludeScopes],
  ] as const;
  if (!changed([...includes, ...excludes])) return 'keep';
  // The lists are AND'ed and an empty one does not restrict: the downtime would silence more.
  if (includes.some(([before, after]) => emptied(before, after))) return 'delete';
  return next;
}

/**
 * An alert group setting without `gone` and without the monitors `deletedMonitors` lists; `gone`
 * is undefined when only monitors are deleted (a monitor's own delete).
 */
export function alertGroupSettingWithout(
  s: AlertGroupSetting,
  gone: DeletedScope | undefined,
  deletedMonitors: ReadonlySet<string>,
): Cleaned<AlertGroupSetting> {
  const next: AlertGroupSetting = {
    ...s,
    serviceScopes: s.serviceScopes.filter((x) => !serviceNamed(x, gone)),
    roleScopes: s.roleScopes.filter((r) => !roleNamed(r, gone)),
    monitorScopes: s.monitorScopes.filter((id) => !deletedMonitors.has(id)),
  };
  if (
    !changed([
      [s.serviceScopes, next.serviceScopes],
      [s.roleScopes, next.roleScopes],
      [s.monitorScopes, next.monitorScopes],
    ])
  ) {
    return 'keep';
  }
  // Services and roles are OR'ed into one part, AND'ed with the monitor part: an emptied part
  // stops restricting, and the setting would bundle alerts its user never chose (or, with no
  // part left, none at all, which parsing refuses).
  const serviceRolePart = (x: AlertGroupSetting) => [...x.serviceScopes, ...x.roleScopes];
  if (emptied(serviceRolePart(s), serviceRolePart(next)) || emptied(s.monitorScopes, next.monitorScopes)) {
    return 'delete';
  }
  return next;
}

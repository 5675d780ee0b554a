import { BadDataError, type JsonObject, objectBody } from '@saba/model';
import {
  optionalWholeField,
  parseMonitorList,
  parseRoleList,
  parseServiceList,
  parseSettingMemo,
  parseSettingName,
  roleFullname,
} from '../setting-fields.ts';
import type { RoleName, ScopeContext } from '../subject.ts';

/** Shortest re-notification interval of a group, in minutes (as monitors, spec §8.2). */
export const MIN_GROUP_NOTIFICATION_INTERVAL = 10;

/** An alert group setting without its id (spec §9.2, features §4.1). */
export interface AlertGroupSetting {
  readonly name: string;
  /** '' when none. */
  readonly memo: string;
  readonly serviceScopes: readonly string[];
  readonly roleScopes: readonly RoleName[];
  /** Monitor ids. */
  readonly monitorScopes: readonly string[];
  /** Minutes between re-notifications of an open group (≥ 10); null: never re-notify. */
  readonly notificationInterval: number | null;
}

/**
 * Validates an alert group setting body (POST and PUT of spec §9.2); BadDataError naming the
 * field otherwise. `ctx` undefined means a stored setting is being loaded: scope names are not
 * checked for existence (a service deleted since must not make it unreadable).
 */
export function parseAlertGroupSetting(input: unknown, ctx: ScopeContext | undefined): AlertGroupSetting {
  const o = objectBody(input, 'an alert group setting: {"name": ..., "serviceScopes": [...]}');
  const s: AlertGroupSetting = {
    name: parseSettingName(o),
    memo: parseSettingMemo(o),
    serviceScopes: parseServiceList(o, 'serviceScopes', ctx),
    roleScopes: parseRoleList(o, 'roleScopes', ctx),
    monitorScopes: parseMonitorList(o, 'monitorScopes', ctx),
    // The Go client leaves out 0 (omitempty), so absent and null both mean "no re-notification".
    notificationInterval:
      optionalWholeField(
        o,
        'notificationInterval',
        '"notificationInterval"',
        `whole minutes ≥ ${MIN_GROUP_NOTIFICATION_INTERVAL}`,
        MIN_GROUP_NOTIFICATION_INTERVAL,
      ) ?? null,
  };
  // With no scope the setting would bundle every alert of the organization into one group.
  if (s.serviceScopes.length + s.roleScopes.length + s.monitorScopes.length === 0) {
    throw new BadDataError('at least one of "serviceScopes", "roleScopes" and "monitorScopes" must name something');
  }
  return s;
}

/** The setting as the API answers it (spec §9.2), without `id`; unset optional fields left out. */
export function alertGroupSettingToJson(s: AlertGroupSetting): JsonObject {
  const out: Record<string, unknown> = { name: s.name };
  if (s.memo !== '') out.memo = s.memo;
  if (s.serviceScopes.length > 0) out.serviceScopes = [...s.serviceScopes];
  if (s.roleScopes.length > 0) out.roleScopes = s.roleScopes.map(roleFullname);
  if (s.monitorScopes.length > 0) out.monitorScopes = [...s.monitorScopes];
  if (s.notificationInterval !== null) out.notificationInterval = s.notificationInterval;
  return out;
}

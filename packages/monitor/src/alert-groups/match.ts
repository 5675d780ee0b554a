import type { AlertSubject } from '../subject.ts';
import type { AlertGroupSetting } from './schema.ts';

/**
 * Whether an alert about `subject` belongs to the group of setting `s` (features §4.1): the
 * service/role part, when the setting has either list, matches a subject in a listed service OR
 * with a listed role; the monitor part, when listed, needs the subject's monitor; the two are
 * AND'ed. A setting without any scope matches nothing: parsing refuses one, and a stored one
 * must not swallow every alert of the organization.
 */
export function alertGroupMatches(s: AlertGroupSetting, subject: AlertSubject): boolean {
  const hasServiceRolePart = s.serviceScopes.length > 0 || s.roleScopes.length > 0;
  const hasMonitorPart = s.monitorScopes.length > 0;
  if (!hasServiceRolePart && !hasMonitorPart) return false;
  if (hasServiceRolePart) {
    const inService = subject.services.some((x) => s.serviceScopes.includes(x));
    const inRole = subject.roles.some((r) => s.roleScopes.some((l) => l.service === r.service && l.role === r.role));
    if (!inService && !inRole) return false;
  }
  return !hasMonitorPart || s.monitorScopes.includes(subject.monitorId);
}

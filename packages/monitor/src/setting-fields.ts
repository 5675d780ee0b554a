import { BadDataError, type JsonObject, optionalArray, optionalString } from '@saba/model';
import type { RoleName, ScopeContext } from './subject.ts';

// Field readers shared by downtimes and alert group settings (spec §9.2, §10): the two have the
// same name/memo rules and the same scope lists, and nothing else uses them.

/** Longest name of a downtime or alert group setting ("too long → 400", spec §10). */
export const MAX_SETTING_NAME = 250;

/** Longest memo of a downtime or alert group setting (as monitors, features §2.1). */
export const MAX_SETTING_MEMO = 2048;

/** The required name: a string with something besides blanks, at most MAX_SETTING_NAME characters. */
export function parseSettingName(o: JsonObject): string {
  const v = optionalString(o, 'name');
  if (v === undefined || v.trim() === '') throw new BadDataError('"name" is required and must not be empty');
  if (v.length > MAX_SETTING_NAME) throw new BadDataError(`"name" is longer than ${MAX_SETTING_NAME} characters`);
  return v;
}

/** The memo: '' when absent or null, at most MAX_SETTING_MEMO characters. */
export function parseSettingMemo(o: JsonObject): string {
  const v = optionalString(o, 'memo') ?? '';
  if (v.length > MAX_SETTING_MEMO) throw new BadDataError(`"memo" is longer than ${MAX_SETTING_MEMO} characters`);
  return v;
}

/**
 * An optional whole number in [min, max]; `null` and absence are undefined. `label` names the
 * field in messages (`"recurrence.interval"`), `what` says what it is ("whole minutes ≥ 1").
 */
export function optionalWholeField(
  o: JsonObject,
  field: string,
  label: string,
  what: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new BadDataError(`${label} must be ${what}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** The role as scopes write it: `service:role`. */
export function roleFullname(r: RoleName): string {
  return `${r.service}:${r.role}`;
}

/** `service:role`, whitespace allowed after the colon and trimmed (as the agent writes them, spec §2.2). */
const ROLE_FULLNAME = /^([a-zA-Z0-9][-_a-zA-Z0-9]{0,62}):\s*([a-zA-Z0-9][-_a-zA-Z0-9]{0,62})$/;

function strings(o: JsonObject, field: string, what: string): string[] {
  return optionalArray(o, field).map((v, i) => {
    if (typeof v !== 'string' || v === '') throw new BadDataError(`"${field}"[${i}] must be ${what}`);
    return v;
  });
}

/** Refuses a list naming one thing twice: Mackerel answers 400 for redundant scopes (spec §10). */
function refuseDuplicates(keys: readonly string[], field: string): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw new BadDataError(`"${field}" lists "${k}" twice`);
    seen.add(k);
  }
}

/**
 * Service names (`null` is []): no duplicates, and with `ctx` each an existing service. Without
 * `ctx` (a stored setting being loaded) existence is not checked: a service deleted since must
 * not make the setting unreadable.
 */
export function parseServiceList(o: JsonObject, field: string, ctx: ScopeContext | undefined): string[] {
  const list = strings(o, field, 'a service name');
  refuseDuplicates(list, field);
  list.forEach((s, i) => {
    if (ctx !== undefined && !ctx.hasService(s)) {
      throw new BadDataError(`"${field}"[${i}]: service "${s}" does not exist`);
    }
  });
  return list;
}

/** Role full names `service:role` (`null` is []): no duplicates, and with `ctx` each an existing role. */
export function parseRoleList(o: JsonObject, field: string, ctx: ScopeContext | undefined): RoleName[] {
  const list = optionalArray(o, field).map((v, i): RoleName => {
    const where = `"${field}"[${i}]`;
    if (typeof v !== 'string') throw new BadDataError(`${where} must be a role full name like "service:role"`);
    const m = ROLE_FULLNAME.exec(v.trim());
    if (m === null) throw new BadDataError(`${where} "${v}" is not a role full name like "service:role"`);
    const r = { service: m[1] as string, role: m[2] as string };
    if (ctx !== undefined && !ctx.hasRole(r.service, r.role)) {
      throw new BadDataError(`${where}: role "${roleFullname(r)}" does not exist`);
    }
    return r;
  });
  refuseDuplicates(list.map(roleFullname), field);
  return list;
}

/** Monitor ids (`null` is []): no duplicates, and with `ctx` each an existing monitor. */
export function parseMonitorList(o: JsonObject, field: string, ctx: ScopeContext | undefined): string[] {
  const list = strings(o, field, 'a monitor id');
  refuseDuplicates(list, field);
  list.forEach((id, i) => {
    if (ctx !== undefined && !ctx.hasMonitor(id)) {
      throw new BadDataError(`"${field}"[${i}]: monitor "${id}" does not exist`);
    }
  });
  return list;
}

/** Refuses an item that is both in a scope list and in its exclude list (redundant, spec §10). */
export function refuseOverlap(
  scopes: readonly string[],
  excludes: readonly string[],
  field: string,
  excludeField: string,
): void {
  const ex = new Set(excludes);
  const both = scopes.find((s) => ex.has(s));
  if (both !== undefined) throw new BadDataError(`"${both}" is in both "${field}" and "${excludeField}"`);
}

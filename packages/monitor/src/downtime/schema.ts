import { BadDataError, type JsonObject, objectBody, optionalArray } from '@saba/model';
import {
  optionalWholeField,
  parseMonitorList,
  parseRoleList,
  parseServiceList,
  parseSettingMemo,
  parseSettingName,
  refuseOverlap,
  roleFullname,
} from '../setting-fields.ts';
import type { RoleName, ScopeContext } from '../subject.ts';

/** How a downtime repeats (spec §10). */
export const RECURRENCE_TYPES = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;

/** One of RECURRENCE_TYPES. */
export type RecurrenceType = (typeof RECURRENCE_TYPES)[number];

/** Weekday names as the API writes them, in JavaScript's `getDay()` order (Sunday = 0). */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** One of WEEKDAYS. */
export type Weekday = (typeof WEEKDAYS)[number];

/** A downtime's repetition. */
export interface Recurrence {
  readonly type: RecurrenceType;
  /** Every how many hours/days/weeks/months/years; ≥ 1. */
  readonly interval: number;
  /** Weekly only; empty: the start's weekday. */
  readonly weekdays: readonly Weekday[];
  /** Epoch seconds after which no occurrence begins; null: no end. */
  readonly until: number | null;
}

/** A downtime's settings, without its id (spec §10, features §4.2). Empty scope lists do not restrict. */
export interface Downtime {
  readonly name: string;
  /** '' when none. */
  readonly memo: string;
  /** Epoch seconds. */
  readonly start: number;
  /** Minutes, ≥ 1. */
  readonly duration: number;
  readonly recurrence: Recurrence | null;
  readonly serviceScopes: readonly string[];
  readonly serviceExcludeScopes: readonly string[];
  readonly roleScopes: readonly RoleName[];
  readonly roleExcludeScopes: readonly RoleName[];
  /** Monitor ids. */
  readonly monitorScopes: readonly string[];
  readonly monitorExcludeScopes: readonly string[];
}

/** Latest epoch second accepted for `start` and `until`: 9999-12-31T23:59:59Z, where calendars stop. */
const MAX_EPOCH_SEC = 253_402_300_799;

function requiredEpoch(o: JsonObject, field: string, label: string): number {
  const v = optionalWholeField(o, field, label, 'whole epoch seconds', 0, MAX_EPOCH_SEC);
  if (v === undefined) throw new BadDataError(`${label} is required (epoch seconds)`);
  return v;
}

function parseWeekdays(r: JsonObject, type: RecurrenceType): Weekday[] {
  const given = r.weekdays !== undefined && r.weekdays !== null;
  if (given && !Array.isArray(r.weekdays)) throw new BadDataError('"recurrence.weekdays" must be an array');
  const list = optionalArray(r, 'weekdays');
  if (type !== 'weekly') {
    // Go clients send `null` (and a weekly-less client may send []): only a listed day is an error.
    if (list.length > 0) throw new BadDataError(`"recurrence.weekdays" is only allowed for weekly recurrences`);
    return [];
  }
  // Left out, the start's weekday is meant (the Go client omits an empty list); an explicit []
  // says "no day", which would never run.
  if (given && list.length === 0) throw new BadDataError(`"recurrence.weekdays" must list at least one weekday`);
  const days = list.map((v, i) => {
    if (typeof v !== 'string' || !(WEEKDAYS as readonly string[]).includes(v)) {
      throw new BadDataError(`"recurrence.weekdays"[${i}] ${JSON.stringify(v)} is not one of ${WEEKDAYS.join(', ')}`);
    }
    return v as Weekday;
  });
  const seen = new Set<Weekday>();
  for (const d of days) {
    if (seen.has(d)) throw new BadDataError(`"recurrence.weekdays" lists "${d}" twice`);
    seen.add(d);
  }
  return days;
}

function parseRecurrence(o: JsonObject, start: number): Recurrence | null {
  const v = o.recurrence;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new BadDataError('"recurrence" must be an object');
  const r = v as JsonObject;
  const type = r.type;
  if (typeof type !== 'string' || !(RECURRENCE_TYPES as readonly string[]).includes(type)) {
    throw new BadDataError(
      `"recurrence.type" must be one of ${RECURRENCE_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`,
    );
  }
  const t = type as RecurrenceType;
  const interval = optionalWholeField(r, 'interval', '"recurrence.interval"', 'a whole number ≥ 1', 1);
  if (interval === undefined) throw new BadDataError('"recurrence.interval" is required (a whole number ≥ 1)');
  const weekdays = parseWeekdays(r, t);
  const until = r.until === undefined || r.until === null ? null : requiredEpoch(r, 'until', '"recurrence.until"');
  if (until !== null && until < start) {
    throw new BadDataError(`"recurrence.until" (${until}) must not be before "start" (${start})`);
  }
  return { type: t, interval, weekdays, until };
}

/**
 * Validates a downtime body (POST and PUT of spec §10) into settings; BadDataError with a message
 * naming the field otherwise. `ctx` undefined means a stored downtime is being loaded: scope
 * names are not checked for existence (a service deleted since must not make it unreadable).
 */
export function parseDowntime(input: unknown, ctx: ScopeContext | undefined): Downtime {
  const o = objectBody(input, 'a downtime: {"name": ..., "start": ..., "duration": ...}');
  const name = parseSettingName(o);
  const memo = parseSettingMemo(o);
  const start = requiredEpoch(o, 'start', '"start"');
  const duration = optionalWholeField(o, 'duration', '"duration"', 'whole minutes ≥ 1', 1);
  if (duration === undefined) throw new BadDataError('"duration" is required (whole minutes ≥ 1)');
  const recurrence = parseRecurrence(o, start);
  const d: Downtime = {
    name,
    memo,
    start,
    duration,
    recurrence,
    serviceScopes: parseServiceList(o, 'serviceScopes', ctx),
    serviceExcludeScopes: parseServiceList(o, 'serviceExcludeScopes', ctx),
    roleScopes: parseRoleList(o, 'roleScopes', ctx),
    roleExcludeScopes: parseRoleList(o, 'roleExcludeScopes', ctx),
    monitorScopes: parseMonitorList(o, 'monitorScopes', ctx),
    monitorExcludeScopes: parseMonitorList(o, 'monitorExcludeScopes', ctx),
  };
  refuseRedundantScopes(d);
  return d;
}

/** Mackerel refuses redundant scopes with 400 (spec §10); so do we, so that a list means one thing. */
function refuseRedundantScopes(d: Downtime): void {
  refuseOverlap(d.serviceScopes, d.serviceExcludeScopes, 'serviceScopes', 'serviceExcludeScopes');
  refuseOverlap(
    d.roleScopes.map(roleFullname),
    d.roleExcludeScopes.map(roleFullname),
    'roleScopes',
    'roleExcludeScopes',
  );
  refuseOverlap(d.monitorScopes, d.monitorExcludeScopes, 'monitorScopes', 'monitorExcludeScopes');
  const services = new Set(d.serviceScopes);
  const covered = d.roleScopes.find((r) => services.has(r.service));
  if (covered !== undefined) {
    throw new BadDataError(
      `"roleScopes" "${roleFullname(covered)}" is redundant: its service "${covered.service}" is in "serviceScopes"`,
    );
  }
}

/** The downtime as the API answers it (spec §10), without `id`; unset optional fields left out. */
export function downtimeToJson(d: Downtime): JsonObject {
  const out: Record<string, unknown> = { name: d.name };
  if (d.memo !== '') out.memo = d.memo;
  out.start = d.start;
  out.duration = d.duration;
  const r = d.recurrence;
  if (r !== null) {
    const rec: Record<string, unknown> = { type: r.type, interval: r.interval };
    if (r.weekdays.length > 0) rec.weekdays = [...r.weekdays];
    if (r.until !== null) rec.until = r.until;
    out.recurrence = rec;
  }
  const lists: [string, readonly string[]][] = [
    ['serviceScopes', d.serviceScopes],
    ['serviceExcludeScopes', d.serviceExcludeScopes],
    ['roleScopes', d.roleScopes.map(roleFullname)],
    ['roleExcludeScopes', d.roleExcludeScopes.map(roleFullname)],
    ['monitorScopes', d.monitorScopes],
    ['monitorExcludeScopes', d.monitorExcludeScopes],
  ];
  for (const [field, list] of lists) if (list.length > 0) out[field] = [...list];
  return out;
}

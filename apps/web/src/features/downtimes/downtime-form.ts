// The downtime form: values and the API body both ways, the schema's check in the browser (the
// same parseDowntime the API runs, packages/monitor/src/downtime/schema.ts), and the list's summaries.
import { BadDataError } from '../../../../../packages/model/src/errors.ts';
import { parseDowntime, RECURRENCE_TYPES, WEEKDAYS } from '../../../../../packages/monitor/src/downtime/schema.ts';
import { durationText } from '../alerts/alert-view.ts';
import { fromLocalInput, localInput } from '../monitors/monitor-form.ts';

export { RECURRENCE_TYPES, WEEKDAYS };

/** The six scope lists of a downtime, in the order the form shows them. */
export const SCOPE_LISTS = [
  'serviceScopes',
  'serviceExcludeScopes',
  'roleScopes',
  'roleExcludeScopes',
  'monitorScopes',
  'monitorExcludeScopes',
] as const;

/** One scope list's field. */
export type ScopeList = (typeof SCOPE_LISTS)[number];

/** What the downtime form holds: text as typed, datetime-local times, ticked scopes. */
export interface DowntimeValues {
  readonly name: string;
  readonly memo: string;
  readonly start: string;
  /** Minutes. */
  readonly duration: string;
  /** '' for no recurrence. */
  readonly recurrence: string;
  readonly interval: string;
  readonly weekdays: readonly string[];
  readonly until: string;
  readonly scopes: Readonly<Record<ScopeList, readonly string[]>>;
}

/** A downtime as the API answers it, the fields the form reads. */
export interface DowntimeLike {
  readonly name: string;
  readonly memo?: string;
  readonly start: number;
  readonly duration: number;
  readonly recurrence?: {
    readonly type: string;
    readonly interval: number;
    readonly weekdays?: readonly string[];
    readonly until?: number;
  };
  readonly serviceScopes?: readonly string[];
  readonly serviceExcludeScopes?: readonly string[];
  readonly roleScopes?: readonly string[];
  readonly roleExcludeScopes?: readonly string[];
  readonly monitorScopes?: readonly string[];
  readonly monitorExcludeScopes?: readonly string[];
}

const NO_SCOPES = Object.fromEntries(SCOPE_LISTS.map((k) => [k, []])) as unknown as Record<ScopeList, string[]>;

/** A new downtime: starting at the next full hour, for an hour, everything in scope. */
export function newDowntimeValues(nowSec: number): DowntimeValues {
  return {
    name: '',
    memo: '',
    start: localInput(Math.ceil(nowSec / 3600) * 3600),
    duration: '60',
    recurrence: '',
    interval: '1',
    weekdays: [],
    until: '',
    scopes: NO_SCOPES,
  };
}

/** A stored downtime's form values. */
export function downtimeValues(d: DowntimeLike): DowntimeValues {
  const scopes = { ...NO_SCOPES };
  for (const k of SCOPE_LISTS) {
    scopes[k] = [...(d[k] ?? [])];
  }
  const r = d.recurrence;
  return {
    name: d.name,
    memo: d.memo ?? '',
    start: localInput(d.start),
    duration: String(d.duration),
    recurrence: r?.type ?? '',
    interval: String(r?.interval ?? 1),
    weekdays: r?.weekdays ?? [],
    until: r?.until === undefined ? '' : localInput(r.until),
    scopes,
  };
}

/** A number as typed, or the text itself so that the schema names the field. */
function numberOr(text: string): number | string | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : s;
}

function epochOr(text: string): number | string | undefined {
  if (text === '') return undefined;
  const n = fromLocalInput(text);
  return Number.isNaN(n) ? text : n;
}

/** The API body of the form (spec §10). */
export function downtimeBody(v: DowntimeValues): Record<string, unknown> {
  const body: Record<string, unknown> = { name: v.name.trim(), memo: v.memo };
  const start = epochOr(v.start);
  if (start !== undefined) body.start = start;
  const duration = numberOr(v.duration);
  if (duration !== undefined) body.duration = duration;
  if (v.recurrence !== '') {
    const r: Record<string, unknown> = { type: v.recurrence };
    const interval = numberOr(v.interval);
    if (interval !== undefined) r.interval = interval;
    if (v.recurrence === 'weekly' && v.weekdays.length > 0) {
      r.weekdays = WEEKDAYS.filter((d) => v.weekdays.includes(d));
    }
    const until = epochOr(v.until);
    if (until !== undefined) r.until = until;
    body.recurrence = r;
  }
  for (const k of SCOPE_LISTS) body[k] = [...v.scopes[k]];
  return body;
}

/** The schema's verdict: null when the API would take the body, else its message. */
export function checkDowntime(
  body: Readonly<Record<string, unknown>>,
  services: ReadonlyArray<{ readonly name: string; readonly roles: readonly string[] }>,
  monitorIds: ReadonlySet<string>,
): string | null {
  const roles = new Map(services.map((s) => [s.name, new Set(s.roles)]));
  try {
    parseDowntime(body, {
      hasService: (s) => roles.has(s),
      hasRole: (s, r) => roles.get(s)?.has(r) === true,
      hasMonitor: (id) => monitorIds.has(id),
    });
    return null;
  } catch (err) {
    if (err instanceof BadDataError) return err.message;
    throw err;
  }
}

const UNITS: Readonly<Record<string, string>> = {
  hourly: 'hour',
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
};

/** When it runs: "2026-11-21 22:00 for 1 h 30 min, every 2 weeks on Monday, Friday until 2027-01-01 00:00". */
export function whenText(d: DowntimeLike): string {
  const base = `${localInput(d.start).replace('T', ' ')} for ${durationText(d.duration * 60)}`;
  const r = d.recurrence;
  if (r === undefined) return base;
  const unit = UNITS[r.type] ?? r.type;
  let text = `${base}, every ${r.interval === 1 ? unit : `${r.interval} ${unit}s`}`;
  if (r.weekdays !== undefined && r.weekdays.length > 0) text += ` on ${r.weekdays.join(', ')}`;
  if (r.until !== undefined) text += ` until ${localInput(r.until).replace('T', ' ')}`;
  return text;
}

const SCOPE_WORDS: Readonly<Record<ScopeList, string>> = {
  serviceScopes: 'services',
  serviceExcludeScopes: 'not services',
  roleScopes: 'roles',
  roleExcludeScopes: 'not roles',
  monitorScopes: 'monitors',
  monitorExcludeScopes: 'not monitors',
};

/** What it covers: "services shop; not monitors cpu high", monitors by name; "everything" when unscoped. */
export function scopeText(d: DowntimeLike, monitorNames: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const k of SCOPE_LISTS) {
    const v = d[k] ?? [];
    if (v.length === 0) continue;
    const names = v.map((s) => (k.startsWith('monitor') ? (monitorNames.get(s) ?? s) : s));
    parts.push(`${SCOPE_WORDS[k]} ${names.join(', ')}`);
  }
  return parts.length === 0 ? 'everything' : parts.join('; ');
}

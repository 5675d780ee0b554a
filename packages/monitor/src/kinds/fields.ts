import { BadDataError, type JsonObject, optionalNumber, optionalString } from '@saba/model';
import type { MonitorCommon, Operator, Scope, Thresholds } from './config.ts';
import type { KindContext } from './kind.ts';

/** Longest monitor memo (spec features §2.1: 2048 characters). */
export const MAX_MEMO = 2048;

/** Shortest re-notification interval in minutes (spec §8.2: lower is 400). */
export const MIN_NOTIFICATION_INTERVAL = 10;

/** An optional boolean field; `null` and absence are undefined (spec §1.4 #4). */
export function optionalBoolean(o: JsonObject, field: string): boolean | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new BadDataError(`"${field}" must be true or false`);
  return v;
}

/** An optional whole number in [min, max]; `null` and absence are undefined. */
export function optionalWhole(o: JsonObject, field: string, min: number, max: number): number | undefined {
  const v = optionalNumber(o, field);
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`;
    throw new BadDataError(`"${field}" must be a whole number ${range}, got ${v}`);
  }
  return v;
}

/** A required whole number in [min, max]. */
export function requiredWhole(o: JsonObject, field: string, min: number, max: number): number {
  const v = optionalWhole(o, field, min, max);
  if (v === undefined) throw new BadDataError(`"${field}" is required (a whole number ${min}–${max})`);
  return v;
}

/** A required non-empty string; `null` is missing. */
export function requiredText(o: JsonObject, field: string): string {
  const v = optionalString(o, field);
  if (v === undefined || v === '') throw new BadDataError(`"${field}" is required and must not be empty`);
  return v;
}

/** An optional string where '' means none, as the Go client's omitempty strings do. */
export function optionalText(o: JsonObject, field: string): string | null {
  const v = optionalString(o, field);
  return v === undefined || v === '' ? null : v;
}

/** One of `choices`, or undefined when absent or null. */
export function optionalChoice<T extends string>(o: JsonObject, field: string, choices: readonly T[]): T | undefined {
  const v = optionalString(o, field);
  if (v === undefined) return undefined;
  if (!(choices as readonly string[]).includes(v)) {
    throw new BadDataError(`"${field}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got "${v}"`);
  }
  return v as T;
}

/** The monitor's name: required and non-empty; `fallback` stands in for an absent one (connectivity). */
export function parseName(o: JsonObject, fallback?: string): string {
  const v = optionalString(o, 'name');
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined || v === '') throw new BadDataError('"name" is required and must not be empty');
  return v;
}

/** The memo: '' when absent, at most MAX_MEMO characters. */
export function parseMemo(o: JsonObject): string {
  const v = optionalString(o, 'memo') ?? '';
  if (v.length > MAX_MEMO) throw new BadDataError(`"memo" is longer than ${MAX_MEMO} characters`);
  return v;
}

/** Re-notification minutes: null when absent (never re-notify), else a whole number ≥ 10. */
export function parseNotificationInterval(o: JsonObject): number | null {
  return optionalWhole(o, 'notificationInterval', MIN_NOTIFICATION_INTERVAL, Number.MAX_SAFE_INTEGER) ?? null;
}

/** The fields every monitor has (spec §8.2); omitted isMute is false, also on PUT (spec §8.1). */
export function parseCommon(o: JsonObject, fallbackName?: string): MonitorCommon {
  return {
    name: parseName(o, fallbackName),
    memo: parseMemo(o),
    notificationInterval: parseNotificationInterval(o),
    isMute: optionalBoolean(o, 'isMute') ?? false,
  };
}

/** The required comparison operator. */
export function parseOperator(o: JsonObject): Operator {
  const v = optionalChoice(o, 'operator', ['>', '<'] as const);
  if (v === undefined) throw new BadDataError('"operator" is required (">" or "<")');
  return v;
}

/**
 * Operator and thresholds; each threshold is a number or null (the Go client always sends both
 * keys, `null` when unset: spec §1.4 #5). Whether one is required is the kind's rule.
 */
export function parseThresholds(o: JsonObject): Thresholds {
  return {
    operator: parseOperator(o),
    warning: optionalNumber(o, 'warning') ?? null,
    critical: optionalNumber(o, 'critical') ?? null,
  };
}

/** Refuses a monitor with neither threshold: it could never alert. */
export function requireThreshold(t: Thresholds): void {
  if (t.warning === null && t.critical === null) {
    throw new BadDataError('at least one of "warning" and "critical" is required');
  }
}

/** maxCheckAttempts: a whole number 1–10, `fallback` when absent. */
export function parseMaxCheckAttempts(o: JsonObject, fallback: number): number {
  return optionalWhole(o, 'maxCheckAttempts', 1, 10) ?? fallback;
}

/** The required averaging duration, 1–10 points. */
export function parseDuration(o: JsonObject): number {
  return requiredWhole(o, 'duration', 1, 10);
}

/**
 * Service and role names as the agent and Mackerel accept them, with whitespace allowed after the
 * colon (`"service: role"`, spec §8.2) and trimmed.
 */
const SCOPE = /^([a-zA-Z0-9][-_a-zA-Z0-9]{0,62})(?::\s*([a-zA-Z0-9][-_a-zA-Z0-9]{0,62}))?$/;

/**
 * Parses scope strings (`service` or `service:role`; null is []). With `ctx`, each must name an
 * existing service or role; without it (a stored monitor being loaded) existence is not checked.
 */
export function parseScopes(list: readonly unknown[], field: string, ctx: KindContext | undefined): Scope[] {
  return list.map((s, i) => {
    const where = `"${field}"[${i}]`;
    if (typeof s !== 'string') throw new BadDataError(`${where} must be a string like "service" or "service:role"`);
    const m = SCOPE.exec(s);
    if (m === null) throw new BadDataError(`${where} "${s}" is not "service" or "service:role"`);
    const service = m[1] as string;
    const role = m[2];
    if (ctx !== undefined) {
      if (!ctx.hasService(service)) throw new BadDataError(`${where}: service "${service}" does not exist`);
      if (role !== undefined && !ctx.hasRole(service, role)) {
        throw new BadDataError(`${where}: role "${service}:${role}" does not exist`);
      }
    }
    return role === undefined ? { service } : { service, role };
  });
}

/** A scope as the API answers it: `service` or `service:role`. */
export function scopeText(scope: Scope): string {
  return scope.role === undefined ? scope.service : `${scope.service}:${scope.role}`;
}

/** The fields the API answers for every monitor; memo and notificationInterval only when set. */
export function commonJson(type: string, c: MonitorCommon): Record<string, unknown> {
  return {
    type,
    name: c.name,
    memo: c.memo === '' ? null : c.memo,
    notificationInterval: c.notificationInterval,
    isMute: c.isMute,
  };
}

/** A metric monitor's operator and thresholds as the API answers them (nulls are left out later). */
export function thresholdsJson(t: Thresholds): Record<string, unknown> {
  return { operator: t.operator, warning: t.warning, critical: t.critical };
}

/** The object without its null-valued keys: the API leaves out fields that are not set. */
export function withoutNulls(o: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

/** Refuses a service name that `ctx` does not know (a stored monitor, without `ctx`, is not checked). */
export function checkServiceExists(service: string, field: string, ctx: KindContext | undefined): void {
  if (ctx !== undefined && !ctx.hasService(service)) {
    throw new BadDataError(`"${field}": service "${service}" does not exist`);
  }
}

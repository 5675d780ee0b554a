// A graph widget's own time range (spec api §12, features §5.1). Unset, the graph follows the
// dashboard's range controller.
import type { JsonObject } from '@saba/model';
import { fail, isObject, requiredInteger } from './fields.ts';

/** Now+offset−period … now+offset, in seconds; a negative offset looks into the past. */
export interface RelativeRange {
  readonly type: 'relative';
  readonly period: number;
  readonly offset: number;
}

/** A fixed span, epoch seconds. */
export interface AbsoluteRange {
  readonly type: 'absolute';
  readonly start: number;
  readonly end: number;
}

/** A graph widget's range. */
export type Range = RelativeRange | AbsoluteRange;

/** Seconds a relative range may reach: 100 years either way covers every retention. */
const MAX_SPAN = 100 * 366 * 86_400;
/** The largest epoch second accepted (year 9999), so start and end stay exact integers. */
const MAX_EPOCH = 253_402_300_799;

/** Validates `range`; absent and `null` are unset (the Go client sends null, spec §1.4 #6). */
export function parseRange(v: unknown, where: string): Range | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail(where, 'range', 'must be an object or null');
  switch (v.type) {
    case 'relative': {
      const period = requiredInteger(v, 'period', where, 1, MAX_SPAN, 'range.period');
      const offset = requiredInteger(v, 'offset', where, -MAX_SPAN, MAX_SPAN, 'range.offset');
      return { type: 'relative', period, offset };
    }
    case 'absolute': {
      const start = requiredInteger(v, 'start', where, 0, MAX_EPOCH, 'range.start');
      const end = requiredInteger(v, 'end', where, 0, MAX_EPOCH, 'range.end');
      if (end <= start) fail(where, 'range.end', `must be after "range.start" (${start}), got ${end}`);
      return { type: 'absolute', start, end };
    }
    default:
      return fail(where, 'range.type', `must be "relative" or "absolute", got ${JSON.stringify(v.type ?? null)}`);
  }
}

/** The range as the API answers it. */
export function rangeToJson(r: Range): JsonObject {
  return r.type === 'relative'
    ? { type: 'relative', period: r.period, offset: r.offset }
    : { type: 'absolute', start: r.start, end: r.end };
}

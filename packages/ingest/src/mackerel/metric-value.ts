// The checks host and service metric posts share (spec mackerel-api.md §4.2, §5): the body is
// a bare array, and each item carries a name, a time in epoch seconds and a value.
import { BadDataError, LimitError, secToMs, type UnixMs, unixSec } from '@saba/model';

/** The characters a Mackerel metric name may hold (spec §4.2); the agent checks plugin names against the same set. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;

/**
 * The longest metric name accepted. Mackerel documents no limit; the longest names the agent
 * builds (`interface.<if>.rxBytes.delta`, `custom.<graph>.<metric>`) stay well under 100, and
 * a bound keeps a hostile name from living on in the label index.
 */
export const MAX_METRIC_NAME_LENGTH = 256;

/** How many metric values one request may carry unless configured (an agent posts hundreds; spec §21 asks for "several thousand" at least). */
export const DEFAULT_MAX_ITEMS = 100_000;

/** One posted value, once checked: a metric name, epoch seconds (maybe fractional), a finite value. */
export interface MetricValue {
  readonly name: string;
  readonly time: number;
  readonly value: number;
}

/** The fields of an item as read before they are checked. */
export interface UncheckedItem {
  readonly hostId?: unknown;
  readonly name?: unknown;
  readonly time?: unknown;
  readonly value?: unknown;
}

/**
 * Returns the body as an array, or throws. `null` counts as empty: Go encodes a nil slice as
 * `null` (spec §1.4 #4), and a 4xx would make the agent retry the same body for an hour.
 */
export function metricArray(body: unknown, maxItems: number): readonly unknown[] {
  if (body === null) return [];
  if (!Array.isArray(body)) {
    throw new BadDataError(`the body must be a JSON array of metric values, not ${describe(body)}`);
  }
  if (body.length > maxItems) {
    throw new LimitError(
      `the body holds ${body.length} metric values; at most ${maxItems} are accepted per request; nothing was stored`,
    );
  }
  return body;
}

/** Returns item `i` as an object to read fields from, or throws BadDataError. */
export function itemObject(item: unknown, i: number): UncheckedItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new BadDataError(`item ${i}: must be an object with "name", "time" and "value", not ${describe(item)}`);
  }
  return item;
}

/** Throws BadDataError naming item `i` and the field unless its name, time and value are well-formed. */
export function checkNameTimeValue(item: UncheckedItem, i: number): void {
  const { name, time, value } = item;
  if (typeof name !== 'string') throw fieldError(i, 'name', 'must be a string');
  if (name.length === 0 || name.length > MAX_METRIC_NAME_LENGTH) {
    throw fieldError(i, 'name', `must be 1 to ${MAX_METRIC_NAME_LENGTH} characters long, not ${name.length}`);
  }
  if (!METRIC_NAME_PATTERN.test(name)) {
    throw fieldError(i, 'name', `${quote(name)} has characters outside [a-zA-Z0-9._-]`);
  }
  if (typeof time !== 'number' || !Number.isFinite(time)) throw fieldError(i, 'time', 'must be a finite number');
  // The engine keeps whole milliseconds as safe integers; a time past ~285,000 years cannot be one.
  if (!Number.isSafeInteger(Math.floor(time) * 1000)) {
    throw fieldError(i, 'time', `${time} is not epoch seconds (out of range)`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fieldError(i, 'value', 'must be a finite number');
}

/**
 * The engine time of a posted time. Fractions of a second are rounded down rather than refused:
 * the agent and mackerel-client-go send int64 seconds, other clients may send `Date.now() / 1000`,
 * and refusing would make a retrying client resend the same batch for an hour (spec §15.3).
 */
export function postedTimeMs(time: number): UnixMs {
  return secToMs(unixSec(Math.floor(time)));
}

/** A BadDataError for field `field` of item `i`. */
export function fieldError(i: number, field: string, problem: string): BadDataError {
  return new BadDataError(`item ${i}: "${field}" ${problem}`);
}

/** A string for an error message, cut at 64 characters so that a huge value cannot swell the response. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

// Field readers shared by the channel schemas: each names the field in its BadDataError, the way
// the API answers a 400 (spec api §11.1: "400 on invalid email/url/event").
import { BadDataError, type JsonObject, optionalString, stringArray } from '@saba/model';
import type { ChannelEvent, Notification } from '../notification.ts';

/** Every event a channel can subscribe to (spec api §11.1), in the spec's order. */
export const CHANNEL_EVENTS: readonly ChannelEvent[] = [
  'alert',
  'alertGroup',
  'hostStatus',
  'hostRegister',
  'hostRetire',
  'monitor',
];

/**
 * The events of a channel whose `events` is omitted: alerts only. Mackerel does not document a
 * default; alerts alone is what a receiver expects, and turning on `alertGroup` changes which
 * alerts are sent one by one (spec features §4.1), so it must be asked for.
 */
export const DEFAULT_EVENTS: readonly ChannelEvent[] = ['alert'];

/** Longest channel name: a sanity limit (Mackerel's is not documented). */
export const MAX_NAME = 255;

/** The channel's name: required, non-empty, at most MAX_NAME characters. */
export function parseName(o: JsonObject): string {
  const v = optionalString(o, 'name');
  if (v === undefined || v.trim() === '') throw new BadDataError('"name" is required and must not be empty');
  if (v.length > MAX_NAME) throw new BadDataError(`"name" is longer than ${MAX_NAME} characters`);
  return v;
}

/**
 * `events`: a list of CHANNEL_EVENTS without repeats (a repeat is dropped). Omitted or null is
 * DEFAULT_EVENTS; `[]` is a channel that takes nothing.
 */
export function parseEvents(o: JsonObject): readonly ChannelEvent[] {
  if (o.events === undefined || o.events === null) return DEFAULT_EVENTS;
  const out: ChannelEvent[] = [];
  for (const [i, v] of stringArray(o, 'events').entries()) {
    if (!(CHANNEL_EVENTS as readonly string[]).includes(v)) {
      const list = CHANNEL_EVENTS.map((e) => `"${e}"`).join(', ');
      throw new BadDataError(`"events"[${i}] must be one of ${list}, got "${v}"`);
    }
    if (!out.includes(v as ChannelEvent)) out.push(v as ChannelEvent);
  }
  return out;
}

/** A required http or https URL, kept as given; credentials in it become Basic auth when sending. */
export function parseHttpUrl(o: JsonObject, field: string): string {
  const v = optionalString(o, field);
  if (v === undefined || v === '') throw new BadDataError(`"${field}" is required (an http or https URL)`);
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new BadDataError(`"${field}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadDataError(`"${field}" must be an http or https URL, got "${parsed.protocol.slice(0, -1)}"`);
  }
  return v;
}

/** An optional boolean; `null` and absence give `fallback`. */
export function parseBoolean(o: JsonObject, field: string, fallback: boolean): boolean {
  const v = o[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new BadDataError(`"${field}" must be true or false`);
  return v;
}

/** Which statuses a channel with a level sends: `all`, or `critical` (spec features §4.4, "Critical only"). */
export type ChannelLevel = 'all' | 'critical';

/** `level`: `all` (the default) or `critical`. */
export function parseLevel(o: JsonObject): ChannelLevel {
  const v = optionalString(o, 'level');
  if (v === undefined) return 'all';
  if (v !== 'all' && v !== 'critical') throw new BadDataError(`"level" must be "all" or "critical", got "${v}"`);
  return v;
}

/** Whether the channel's `events` take the notification's event. */
export function takesEvent(events: readonly ChannelEvent[], n: Notification): boolean {
  return events.includes(n.event);
}

/**
 * Whether a level takes an alert notification. Critical-only (spec features §4.4) sends CRITICAL
 * and UNKNOWN, never WARNING, and OK only for an alert that had reached CRITICAL or UNKNOWN.
 */
export function levelTakes(level: ChannelLevel, n: Notification): boolean {
  if (level === 'all' || n.event !== 'alert') return true;
  const s = n.alert.status;
  if (s === 'CRITICAL' || s === 'UNKNOWN') return true;
  return s === 'OK' && n.alert.reachedCritical;
}

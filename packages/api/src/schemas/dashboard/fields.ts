// Field readers of the dashboard schema. Every error names where it is: `where` is the widget
// (`widgets[2] (title "CPU"): `) or '' for the dashboard, and `field` is the path inside it
// (`graph.hostId`), so a client sees which widget and which field to fix.
import { BadDataError, type JsonObject } from '@saba/model';

/** Throws the BadDataError of a field: `<where>"<field>" <problem>`. */
export function fail(where: string, field: string, problem: string): never {
  throw new BadDataError(`${where}"${field}" ${problem}`);
}

/** Whether `v` is a JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An optional object field; absent and `null` are undefined (the Go client sends null, spec §1.4 #6). */
export function optionalObject(o: JsonObject, field: string, where: string, path = field): JsonObject | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) fail(where, path, 'must be an object');
  return v;
}

/** A required string that is not blank. */
export function requiredText(o: JsonObject, field: string, where: string, path = field): string {
  const v = o[field];
  if (typeof v !== 'string') fail(where, path, 'must be a string');
  if (v.trim() === '') fail(where, path, 'must not be empty');
  return v;
}

/** An optional string; absent and `null` are `fallback`. */
export function stringOr(o: JsonObject, field: string, where: string, fallback: string, path = field): string {
  const v = o[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string') fail(where, path, 'must be a string');
  return v;
}

/** A required finite number. */
export function requiredNumber(o: JsonObject, field: string, where: string, path = field): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, path, 'must be a number');
  return v;
}

/** An optional finite number; absent and `null` are undefined. */
export function optionalNumber(o: JsonObject, field: string, where: string, path = field): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  return requiredNumber(o, field, where, path);
}

/** A required whole number in [min, max]. */
export function requiredInteger(
  o: JsonObject,
  field: string,
  where: string,
  min: number,
  max: number,
  path = field,
): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    fail(where, path, `must be a whole number, got ${JSON.stringify(v ?? null)}`);
  if (v < min || v > max) fail(where, path, `must be between ${min} and ${max}, got ${v}`);
  return v;
}

/** An optional array; absent and `null` are empty (Go's nil slice, spec §1.4 #4). */
export function optionalList(o: JsonObject, field: string, where: string, path = field): readonly unknown[] {
  const v = o[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(where, path, 'must be an array');
  return v;
}

/** The length of a string in characters (code points), as people count them. */
export function charCount(s: string): number {
  return [...s].length;
}

import { BadDataError } from './errors.ts';

/** A parsed JSON object. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The body as an object, or BadDataError naming what was expected. */
export function objectBody(body: unknown, what: string): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadDataError(`request body must be a JSON object (${what})`);
  }
  return body as JsonObject;
}

/** A required string field. */
export function requiredString(o: JsonObject, field: string, where = ''): string {
  const v = o[field];
  if (typeof v !== 'string') throw new BadDataError(`${where}"${field}" must be a string`);
  return v;
}

/** An optional string field; `null` and absence are both undefined (Go clients send null, spec §1.4 #4). */
export function optionalString(o: JsonObject, field: string, where = ''): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new BadDataError(`${where}"${field}" must be a string`);
  return v;
}

/** An optional array field; `null` and absence are both an empty array (spec §1.4 #4). */
export function optionalArray(o: JsonObject, field: string, where = ''): readonly unknown[] {
  const v = o[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new BadDataError(`${where}"${field}" must be an array`);
  return v;
}

/** An optional finite number field; `null` and absence are undefined. */
export function optionalNumber(o: JsonObject, field: string, where = ''): number | undefined {
  const v = o[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadDataError(`${where}"${field}" must be a number`);
  return v;
}

/** An array of strings (e.g. ids); `null` is empty. */
export function stringArray(o: JsonObject, field: string, where = ''): string[] {
  return optionalArray(o, field, where).map((v, i) => {
    if (typeof v !== 'string') throw new BadDataError(`${where}"${field}"[${i}] must be a string`);
    return v;
  });
}

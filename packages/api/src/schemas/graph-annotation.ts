import type { GraphAnnotationWrite } from '@saba/catalog';
import {
  BadDataError,
  type JsonObject,
  objectBody,
  optionalArray,
  optionalString,
  type UnixSec,
  unixSec,
} from '@saba/model';

/** Spec api §13: the documented limits, counted in characters (code points, so an emoji is one). */
const MAX_TITLE = 250;
const MAX_DESCRIPTION = 1024;

function characters(s: string): number {
  return [...s].length;
}

/** A required epoch-seconds field. The Go client omits a zero `from` (omitempty), so 0 only comes from other callers. */
function requiredSec(o: JsonObject, field: 'from' | 'to'): UnixSec {
  const v = o[field];
  if (v === undefined || v === null) throw new BadDataError(`"${field}" is required (epoch seconds)`);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new BadDataError(`"${field}" must be epoch seconds (a whole number ≥ 0), got ${JSON.stringify(v)}`);
  }
  return unixSec(v);
}

/**
 * Validates the body of `POST /api/v0/graph-annotations` and of its PUT (spec api §13), without
 * asking whether the service and roles exist. An `id` in the body (the Go client's struct has one)
 * is ignored: the path names the annotation. Absent, null and empty `roles` all mean the whole
 * service; repeated role names are kept once, in their first place.
 */
export function parseGraphAnnotation(body: unknown): GraphAnnotationWrite {
  const o = objectBody(body, '{"title", "from", "to", "service", ...}');
  if (o.title === undefined || o.title === null) throw new BadDataError('"title" is required');
  const title = optionalString(o, 'title') ?? '';
  if (title === '') throw new BadDataError('"title" must not be empty');
  if (characters(title) > MAX_TITLE) throw new BadDataError(`"title" is longer than ${MAX_TITLE} characters`);
  const description = optionalString(o, 'description') ?? '';
  if (characters(description) > MAX_DESCRIPTION) {
    throw new BadDataError(`"description" is longer than ${MAX_DESCRIPTION} characters`);
  }
  const from = requiredSec(o, 'from');
  const to = requiredSec(o, 'to');
  if (from > to) throw new BadDataError(`"from" (${from}) is after "to" (${to})`);
  const service = optionalString(o, 'service') ?? '';
  if (service === '') throw new BadDataError('"service" is required');
  const roles: string[] = [];
  optionalArray(o, 'roles').forEach((r, i) => {
    if (typeof r !== 'string') throw new BadDataError(`"roles"[${i}] must be a string`);
    if (!roles.includes(r)) roles.push(r);
  });
  return { service, roles, title, description, from, to };
}

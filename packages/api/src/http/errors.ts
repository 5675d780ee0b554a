import { BadDataError, ConflictError, type ErrorKind, SabaError } from '@saba/model';

/** The one mapping from an error kind to an HTTP status (Mackerel's codes, spec §1.3). */
export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  bad_data: 400,
  // Mackerel answers 400 for limits (metadata count, bulk size) and business rules.
  limit: 400,
  // Mackerel's one documented conflict (dashboard urlPath) is 409; duplicates of names are 400 and say so.
  conflict: 409,
  // Spec §21: unknown keys get 403 as well; every Mackerel client treats any 4xx as "do not retry".
  unauthorized: 403,
  forbidden: 403,
  not_found: 404,
  too_large: 413,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/** The status and Mackerel error body of any thrown value; unknown errors are 500 with a generic message. */
export function errorResponse(err: unknown): { status: number; message: string } {
  if (err instanceof SabaError) return { status: STATUS_OF_KIND[err.kind], message: err.message };
  return { status: 500, message: 'internal server error' };
}

/** The body Mackerel's clients parse: `{"error":{"message":...}}`. */
export function errorBody(message: string): string {
  return JSON.stringify({ error: { message } });
}

/**
 * Runs `f`, turning a ConflictError into a 400: Mackerel answers duplicate service, role and
 * custom-identifier names with 400 (spec §7, §21), not the 409 of the one mapping above.
 */
export async function conflictAs400<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ConflictError) throw new BadDataError(err.message);
    throw err;
  }
}

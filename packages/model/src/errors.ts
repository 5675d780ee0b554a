/** What went wrong, in words every layer shares; the API maps each kind to one HTTP status. */
export type ErrorKind =
  | 'bad_data'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'limit'
  | 'too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'internal';

/** The base of Saba's errors: a message for people and a kind for code. */
export class SabaError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input is malformed or out of range; nothing was applied. */
export class BadDataError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad_data', message, options);
  }
}

/** The thing asked for does not exist (or belongs to another organization). */
export class NotFoundError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options);
  }
}

/** The request conflicts with the current state (a duplicate name, say). */
export class ConflictError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options);
  }
}

/** The caller may not do this (a read-only key writing, say). */
export class ForbiddenError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('forbidden', message, options);
  }
}

/** A configured limit would be exceeded (series per organization, batch size); nothing was applied. */
export class LimitError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('limit', message, options);
  }
}

/** Storage cannot take writes now (disk full, closed); what was acknowledged before is intact. */
export class UnavailableError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/** The request body is larger than the endpoint takes (a metadata document over 100 KB, say). */
export class TooLargeError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('too_large', message, options);
  }
}

/** The caller sent too many requests; try again later. */
export class TooManyRequestsError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('too_many_requests', message, options);
  }
}

/** The caller is not known (a missing or unknown API key). */
export class UnauthorizedError extends SabaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unauthorized', message, options);
  }
}

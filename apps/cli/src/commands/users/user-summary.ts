// mkr users' default shape (users/app.go): the API's user with joinedAt as ISO 8601 extended, and
// -v's shape: the API's user as mackerel-client-go re-encodes it (false flags and empty lists left out).
import type { JsonObject } from '@saba/client';
import { isoExtended } from '../../iso-time.ts';

/** The default output of one user: id, screenName, email, authority, the two flags, methods, joinedAt as a time. */
export function userSummary(u: JsonObject): JsonObject {
  const methods = Array.isArray(u.authenticationMethods) ? u.authenticationMethods : [];
  return {
    ...nonEmpty('id', u.id),
    ...nonEmpty('screenName', u.screenName),
    ...nonEmpty('email', u.email),
    ...nonEmpty('authority', u.authority),
    isInRegistrationProcess: u.isInRegistrationProcess === true,
    isMFAEnabled: u.isMFAEnabled === true,
    ...(methods.length > 0 ? { authenticationMethods: methods } : {}),
    joinedAt: isoExtended(Number(u.joinedAt ?? 0)),
  };
}

/** The -v output of one user: mackerel-client-go's User, every field `omitempty`. */
export function userVerbose(u: JsonObject): JsonObject {
  const methods = Array.isArray(u.authenticationMethods) ? u.authenticationMethods : [];
  return {
    ...nonEmpty('id', u.id),
    ...nonEmpty('screenName', u.screenName),
    ...nonEmpty('email', u.email),
    ...nonEmpty('authority', u.authority),
    ...(u.isInRegistrationProcess === true ? { isInRegistrationProcess: true } : {}),
    ...(u.isMFAEnabled === true ? { isMFAEnabled: true } : {}),
    ...(methods.length > 0 ? { authenticationMethods: methods } : {}),
    ...(typeof u.joinedAt === 'number' && u.joinedAt !== 0 ? { joinedAt: u.joinedAt } : {}),
  };
}

function nonEmpty(key: string, v: unknown): JsonObject {
  return typeof v === 'string' && v !== '' ? { [key]: v } : {};
}

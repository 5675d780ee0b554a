import type { HostCheck, HostCreate, HostStatus, HostUpdate, JsonValue } from '@saba/catalog';
import { HOST_STATUSES } from '@saba/catalog';
import { BadDataError, type JsonObject, objectBody, optionalArray, optionalString, requiredString } from '@saba/model';
import { CHECK_NAME, parseRoleFullnames } from './names.ts';

const MAX_NAME = 255;

/** The parts of HostInput (spec §2.2) shared by POST and PUT: a PUT's fields, absent ones undefined. */
type HostInputCommon = HostUpdate;

function parseChecks(list: readonly unknown[]): HostCheck[] {
  return list.map((c, i) => {
    if (typeof c !== 'object' || c === null || Array.isArray(c))
      throw new BadDataError(`"checks"[${i}] must be an object`);
    const o = c as JsonObject;
    const name = requiredString(o, 'name', `"checks"[${i}].`);
    if (!CHECK_NAME.test(name)) throw new BadDataError(`"checks"[${i}].name "${name}" must match [a-zA-Z0-9_-]+`);
    const memo = optionalString(o, 'memo', `"checks"[${i}].`) ?? '';
    if (memo.length > 250) throw new BadDataError(`"checks"[${i}].memo is longer than 250 characters`);
    return { name, memo };
  });
}

/**
 * Interfaces as the agent sends them, kept verbatim except that the legacy single-address
 * fields are derived from the arrays for clients that still read them (spec §2.3).
 */
function parseInterfaces(list: readonly unknown[]): JsonValue {
  return list.map((it, i) => {
    if (typeof it !== 'object' || it === null || Array.isArray(it))
      throw new BadDataError(`"interfaces"[${i}] must be an object`);
    const o = { ...(it as Record<string, JsonValue>) };
    requiredString(o, 'name', `"interfaces"[${i}].`);
    const v4 = o.ipv4Addresses;
    const v6 = o.ipv6Addresses;
    if (Array.isArray(v4) && typeof v4[0] === 'string') o.ipAddress = v4[0];
    else if (typeof o.ipAddress === 'string' && (v4 === undefined || v4 === null)) o.ipv4Addresses = [o.ipAddress];
    if (Array.isArray(v6) && typeof v6[0] === 'string') o.ipv6Address = v6[0];
    else if (typeof o.ipv6Address === 'string' && (v6 === undefined || v6 === null)) o.ipv6Addresses = [o.ipv6Address];
    return o;
  });
}

function parseCommon(body: unknown): HostInputCommon {
  const o = objectBody(body, 'a host: {"name": ..., "meta": {...}}');
  const name = requiredString(o, 'name');
  if (name === '' || name.length > MAX_NAME) throw new BadDataError(`"name" must be 1–${MAX_NAME} characters`);
  const meta = o.meta === undefined || o.meta === null ? {} : o.meta;
  if (typeof meta !== 'object' || Array.isArray(meta)) throw new BadDataError('"meta" must be an object');
  const customIdentifier = optionalString(o, 'customIdentifier');
  return {
    name,
    displayName: optionalString(o, 'displayName'),
    customIdentifier: customIdentifier === undefined || customIdentifier === '' ? null : customIdentifier,
    memo: optionalString(o, 'memo'),
    meta: meta as JsonValue,
    interfaces: parseInterfaces(optionalArray(o, 'interfaces')),
    roles: parseRoleFullnames(optionalArray(o, 'roleFullnames'), 'roleFullnames'),
    checks: parseChecks(optionalArray(o, 'checks')),
  };
}

/** Validates a `POST /api/v0/hosts` body. */
export function parseHostCreate(body: unknown): HostCreate {
  const c = parseCommon(body);
  return {
    name: c.name,
    displayName: c.displayName === undefined || c.displayName === '' ? null : c.displayName,
    customIdentifier: c.customIdentifier,
    memo: c.memo ?? '',
    meta: c.meta,
    interfaces: c.interfaces,
    roles: c.roles,
    checks: c.checks,
  };
}

/** Validates a `PUT /api/v0/hosts/<id>` body: absent displayName and memo keep what is stored. */
export function parseHostUpdate(body: unknown): HostUpdate {
  const c = parseCommon(body);
  return { ...c };
}

/** Validates a host status string. */
export function parseHostStatus(v: unknown, field = 'status'): HostStatus {
  if (typeof v !== 'string' || !(HOST_STATUSES as readonly string[]).includes(v)) {
    throw new BadDataError(`"${field}" must be one of ${HOST_STATUSES.join(', ')}`);
  }
  return v as HostStatus;
}

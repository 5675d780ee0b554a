import type { RoleRef } from '@saba/catalog';
import { BadDataError } from '@saba/model';

/** Service and role names (spec §7): letters, digits, `-`, `_`; 2–63 characters; not starting with `-` or `_`. */
export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$/;

/**
 * A role full name as the agent accepts it: `Service:role`, with whitespace allowed after the
 * colon (`"Service: role"`, spec §2.2) and trimmed. One-character names pass here because the
 * agent lets them through and Mackerel creates them.
 */
const ROLE_FULLNAME = /^([a-zA-Z0-9][-_a-zA-Z0-9]{0,62}):\s*([a-zA-Z0-9][-_a-zA-Z0-9]{0,62})$/;

/** Parses `Service:role`; BadDataError naming the bad one. */
export function parseRoleFullname(s: unknown, where: string): RoleRef {
  if (typeof s !== 'string') throw new BadDataError(`${where} must be a string like "service:role"`);
  const m = ROLE_FULLNAME.exec(s.trim());
  if (m === null) throw new BadDataError(`${where} "${s}" is not a role full name like "service:role"`);
  return { service: m[1] as string, role: m[2] as string };
}

/** Parses a list of role full names, dropping duplicates. */
export function parseRoleFullnames(list: readonly unknown[], field: string): RoleRef[] {
  const seen = new Set<string>();
  const out: RoleRef[] = [];
  list.forEach((s, i) => {
    const r = parseRoleFullname(s, `"${field}"[${i}]`);
    const k = `${r.service}:${r.role}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  });
  return out;
}

/** Checks a service or role name against spec §7's rules. */
export function checkServiceName(name: string, what: 'service' | 'role'): void {
  if (!SERVICE_NAME.test(name)) {
    throw new BadDataError(
      `invalid ${what} name "${name}": use 2–63 letters, digits, "-" or "_", not starting with "-" or "_"`,
    );
  }
}

/** Check-monitor names (spec §2.2, §6): `[a-zA-Z0-9_-]+`. */
export const CHECK_NAME = /^[a-zA-Z0-9_-]+$/;

/** Metadata namespaces (spec §3): `[-a-zA-Z0-9_]+`; names starting with `mackerel` are reserved. */
export function checkNamespace(ns: string): void {
  if (!/^[-a-zA-Z0-9_]{1,128}$/.test(ns))
    throw new BadDataError(`invalid metadata namespace "${ns}": use [-a-zA-Z0-9_]+`);
  if (ns.startsWith('mackerel'))
    throw new BadDataError(`metadata namespace "${ns}" is reserved (starts with "mackerel")`);
}

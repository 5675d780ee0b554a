import type { Host } from '@saba/catalog';

/** A host as Mackerel's API shows it (spec §2.3): roles grouped by service, epoch seconds. */
export function hostJson(h: Host): Record<string, unknown> {
  const roles: Record<string, string[]> = {};
  for (const r of h.roles) {
    const list = roles[r.service];
    if (list === undefined) roles[r.service] = [r.role];
    else list.push(r.role);
  }
  const out: Record<string, unknown> = {
    id: h.id,
    name: h.name,
    size: h.size,
    status: h.status,
    memo: h.memo,
    roles,
    isRetired: h.isRetired,
    createdAt: h.createdAt,
    meta: h.meta,
    interfaces: h.interfaces ?? [],
  };
  if (h.displayName !== null) out.displayName = h.displayName;
  if (h.customIdentifier !== null) out.customIdentifier = h.customIdentifier;
  if (h.retiredAt !== null) out.retiredAt = h.retiredAt;
  return out;
}

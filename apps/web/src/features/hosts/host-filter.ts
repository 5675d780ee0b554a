// The host list's search and filters, kept in the page's URL so a filtered list can be shared.
import { HOST_STATUSES, type Host, type HostStatus } from '../../api/types.ts';

/** What the host list shows: words to search for, a service, a role of it, a status ('' for any). */
export interface HostFilter {
  readonly q: string;
  readonly service: string;
  readonly role: string;
  readonly status: HostStatus | '';
}

/** The filter in a page's query; unknown statuses and a role without a service are ignored. */
export function parseHostFilter(q: URLSearchParams): HostFilter {
  const status = q.get('status') ?? '';
  const service = q.get('service') ?? '';
  return {
    q: q.get('q') ?? '',
    service,
    role: service === '' ? '' : (q.get('role') ?? ''),
    status: (HOST_STATUSES as readonly string[]).includes(status) ? (status as HostStatus) : '',
  };
}

/** The query pairs that `parseHostFilter` reads back as `f`, leaving out what is not set. */
export function hostFilterQuery(f: HostFilter): Array<[string, string]> {
  const pairs: Array<[string, string]> = [
    ['q', f.q],
    ['service', f.service],
    ['role', f.role],
    ['status', f.status],
  ];
  return pairs.filter(([, v]) => v !== '');
}

/** The host's roles as `service:role` full names, sorted. */
export function roleFullnames(h: Host): string[] {
  const out: string[] = [];
  for (const [service, roles] of Object.entries(h.roles)) for (const r of roles) out.push(`${service}:${r}`);
  return out.sort();
}

/** The name the UI shows for a host: its display name when it has one. */
export function hostLabel(h: Host): string {
  return h.displayName !== undefined && h.displayName !== '' ? h.displayName : h.name;
}

/**
 * The hosts that pass the filter, sorted by the name shown. Every word of `q` must occur
 * (ignoring case) in the name, display name, id, a role full name or the memo.
 */
export function filterHosts(hosts: readonly Host[], f: HostFilter): Host[] {
  const words = f.q
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const out = hosts.filter((h) => {
    if (f.status !== '' && h.status !== f.status) return false;
    if (f.service !== '') {
      const roles = h.roles[f.service];
      if (roles === undefined) return false;
      if (f.role !== '' && !roles.includes(f.role)) return false;
    }
    if (words.length === 0) return true;
    const text = [h.name, h.displayName ?? '', h.id, ...roleFullnames(h), h.memo].join('\n').toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const key = new Map(out.map((h) => [h, hostLabel(h).toLowerCase()]));
  return out.sort((a, b) => {
    const ka = key.get(a) as string;
    const kb = key.get(b) as string;
    return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
  });
}

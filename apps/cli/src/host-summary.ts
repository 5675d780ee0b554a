// The short host object `saba hosts` and `saba status` print without -v: mkr's format.Host, with
// its field order and its omitted-when-empty fields (displayName, memo, roleFullnames, ipAddresses).
import type { Host } from '@saba/client';
import { isoExtended } from './iso-time.ts';

/** mkr's format.Host. */
export interface HostSummary {
  id: string;
  name: string;
  displayName?: string;
  status: string;
  memo?: string;
  roleFullnames?: string[];
  isRetired: boolean;
  createdAt: string;
  ipAddresses?: Record<string, string>;
}

/** `service:role` for each of the host's roles, services in name order. */
export function roleFullnames(host: Host): string[] {
  const out: string[] = [];
  for (const service of Object.keys(host.roles ?? {}).sort()) {
    for (const role of host.roles[service] ?? []) out.push(`${service}:${role}`);
  }
  return out;
}

/** Interface name -> its first IPv4 address, as mackerel-client-go's Host.IPAddresses; undefined with no interfaces. */
function ipAddresses(host: Host): Record<string, string> | undefined {
  const list = host.interfaces ?? [];
  if (list.length === 0) return undefined;
  const out: Record<string, string> = {};
  // Go marshals map keys sorted.
  for (const i of [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const legacy = (i as { ipAddress?: string }).ipAddress;
    out[i.name] = legacy ?? i.ipv4Addresses?.[0] ?? '';
  }
  return out;
}

/** The host as mkr's format.Host, keys in its order. */
export function hostSummary(host: Host): HostSummary {
  const roles = roleFullnames(host);
  const ips = ipAddresses(host);
  return {
    id: host.id,
    name: host.name,
    ...(host.displayName ? { displayName: host.displayName } : {}),
    status: host.status,
    ...(host.memo ? { memo: host.memo } : {}),
    ...(roles.length > 0 ? { roleFullnames: roles } : {}),
    isRetired: host.isRetired,
    createdAt: isoExtended(host.createdAt),
    ...(ips !== undefined ? { ipAddresses: ips } : {}),
  };
}

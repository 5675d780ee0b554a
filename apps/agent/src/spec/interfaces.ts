// `interfaces` of HostInput as mackerel-agent reports them on Linux (spec/linux/interface.go
// lists links over netlink; spec/net_interface.go drops the loopback ones). Every IPv4 and
// IPv6 address is listed without prefix length or zone, link-local fe80:: included. An
// interface is left out when it has no address, or when all its addresses are loopback.
//
// Node has no netlink, so the addresses come from os.networkInterfaces() (getifaddrs) and the
// MAC from /sys/class/net/<name>/address, which is the same IFLA_ADDRESS netlink returns: empty
// for devices without a link-layer address (WireGuard, tun), so `macAddress` is omitted for
// them as the Go client does. One known difference: libuv skips interfaces that are not both
// UP and RUNNING, so an address on a down or cable-less interface is not listed here.

import os from 'node:os';
import { join } from 'node:path';
import { readFile } from '@saba/agent-config/sync-fs';
import type { InterfaceSpec } from '@saba/client';

/** The slice of os.networkInterfaces() this module reads (tests pass their own). */
export type NetworkInterfaceTable = Record<string, readonly { address: string; family: string | number }[] | undefined>;

/** Options of readInterfaces. */
export interface ReadInterfacesOptions {
  /** Directory standing for `/` (MAC addresses are read from `${root}/sys/class/net`). */
  readonly root: string;
  /** Interface names to leave out ([interfaces] ignore). */
  readonly ignore?: RegExp;
  /** Source of addresses; default os.networkInterfaces. */
  readonly networkInterfaces?: () => NetworkInterfaceTable;
}

/** Go's net.IP.IsLoopback: 127.0.0.0/8 and ::1 (IPv4-mapped 127.x included). */
function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** The link-layer address from sysfs; undefined when the device has none or the file is unreadable. */
async function readMac(root: string, name: string): Promise<string | undefined> {
  try {
    const mac = (await readFile(join(root, 'sys/class/net', name, 'address'), 'utf8')).trim();
    return mac === '' ? undefined : mac;
  } catch {
    return undefined;
  }
}

/** The HostInput `interfaces` list. */
export async function readInterfaces(options: ReadInterfacesOptions): Promise<InterfaceSpec[]> {
  const table = (options.networkInterfaces ?? os.networkInterfaces)();
  const candidates: { name: string; ipv4: string[]; ipv6: string[] }[] = [];
  for (const [name, addresses] of Object.entries(table)) {
    if (options.ignore?.test(name)) continue;
    const ipv4: string[] = [];
    const ipv6: string[] = [];
    for (const a of addresses ?? []) {
      // Node 18.0–18.3 reported the family as 4/6; later versions as 'IPv4'/'IPv6'.
      if (a.family === 'IPv4' || a.family === 4) ipv4.push(a.address);
      else if (a.family === 'IPv6' || a.family === 6) ipv6.push(a.address.replace(/%.*$/, ''));
    }
    const all = [...ipv4, ...ipv6];
    if (all.length === 0 || all.every(isLoopbackAddress)) continue;
    candidates.push({ name, ipv4, ipv6 });
  }
  const macs = await Promise.all(candidates.map((c) => readMac(options.root, c.name)));
  return candidates.map((c, i) => {
    const spec: InterfaceSpec = { name: c.name };
    const mac = macs[i];
    // The Go client omits empty fields (`omitempty`), so a missing list is absent, not [].
    if (mac !== undefined) spec.macAddress = mac;
    if (c.ipv4.length > 0) spec.ipv4Addresses = c.ipv4;
    if (c.ipv6.length > 0) spec.ipv6Addresses = c.ipv6;
    return spec;
  });
}

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { type NetworkInterfaceTable, readInterfaces } from './interfaces.ts';

// MAC addresses come from this tree: eth0 and eth1 have one, tun0's file is empty, lo is zeros.
const root = join(import.meta.dirname, '../../testdata/spec/ubuntu1204-i686-2socket');

const v4 = (address: string) => ({ address, family: 'IPv4' });
const v6 = (address: string) => ({ address, family: 'IPv6' });

const cases: { name: string; table: NetworkInterfaceTable; ignore?: RegExp; expected: unknown }[] = [
  {
    name: 'loopback-only interfaces are skipped',
    table: { lo: [v4('127.0.0.1'), v6('::1')] },
    expected: [],
  },
  {
    name: 'an interface with a non-loopback address besides 127.x is kept',
    table: { lo: [v4('127.0.0.1'), v4('10.255.0.1')] },
    expected: [{ name: 'lo', macAddress: '00:00:00:00:00:00', ipv4Addresses: ['127.0.0.1', '10.255.0.1'] }],
  },
  {
    name: 'interfaces without addresses are skipped',
    table: { eth0: [], eth1: undefined },
    expected: [],
  },
  {
    name: 'IPv6 only: no ipv4Addresses key; link-local kept, zone index cut',
    table: { eth1: [v6('fe80::225:90ff:fe1a:2b3d%eth1')] },
    expected: [{ name: 'eth1', macAddress: '00:25:90:1a:2b:3d', ipv6Addresses: ['fe80::225:90ff:fe1a:2b3d'] }],
  },
  {
    name: 'no link-layer address (tun, WireGuard): macAddress omitted',
    table: { tun0: [v4('10.8.0.1')] },
    expected: [{ name: 'tun0', ipv4Addresses: ['10.8.0.1'] }],
  },
  {
    name: 'no sysfs entry (e.g. another network namespace): macAddress omitted',
    table: { veth9: [v4('172.17.0.1')] },
    expected: [{ name: 'veth9', ipv4Addresses: ['172.17.0.1'] }],
  },
  {
    name: 'Node 18.0–18.3 numeric families',
    table: {
      eth0: [
        { address: '10.1.2.3', family: 4 },
        { address: '2001:db8::10', family: 6 },
      ],
    },
    expected: [
      { name: 'eth0', macAddress: '00:25:90:1a:2b:3c', ipv4Addresses: ['10.1.2.3'], ipv6Addresses: ['2001:db8::10'] },
    ],
  },
  {
    name: '[interfaces] ignore drops matching names',
    table: { eth0: [v4('10.1.2.3')], docker0: [v4('172.17.0.1')], veth1a2b: [v4('169.254.1.1')] },
    ignore: /^(docker|veth)/,
    expected: [{ name: 'eth0', macAddress: '00:25:90:1a:2b:3c', ipv4Addresses: ['10.1.2.3'] }],
  },
];

for (const c of cases) {
  test(`interfaces: ${c.name}`, async () => {
    const got = await readInterfaces({
      root,
      networkInterfaces: () => c.table,
      ...(c.ignore ? { ignore: c.ignore } : {}),
    });
    assert.deepEqual(got, c.expected);
  });
}

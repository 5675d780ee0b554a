import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Host } from '../../api/types.ts';
import { hostSpec, kbString } from './host-spec.ts';

/** The host as the server shows it after the real agent registered with the captured body. */
function agentHost(): Host {
  const input = JSON.parse(
    readFileSync(new URL('../../../../server/src/api-tests/testdata/agent-host-input.json', import.meta.url), 'utf8'),
  ) as Pick<Host, 'name' | 'meta' | 'interfaces'>;
  return { id: 'H', status: 'working', memo: '', roles: {}, isRetired: false, createdAt: 0, ...input };
}

test("hostSpec shows the real agent's spec as labelled rows", () => {
  const spec = hostSpec(agentHost());
  assert.deepEqual(
    spec.map((s) => s.title),
    ['System', 'CPU', 'Memory', 'Disks', 'Filesystems', 'Interfaces'],
  );
  const rows = Object.fromEntries(spec.map((s) => [s.title, Object.fromEntries(s.rows)]));
  assert.deepEqual(rows.System, {
    OS: 'Debian 12.11',
    Kernel: 'Linux 6.18.44-fc-v669',
    Architecture: 'x86_64',
    Agent: '0.80.0',
  });
  assert.deepEqual(rows.CPU, { Cores: '2', Model: '2 × AMD EPYC', Clock: '2596 MHz' });
  assert.deepEqual(rows.Memory, { Total: '23.5 GiB' });
  // Only vda has a size: the loop and zram devices report 0 sectors.
  assert.deepEqual(rows.Disks, { vda: '256 GiB' });
  assert.deepEqual(Object.keys(rows.Filesystems ?? {}), ['/ (/dev/vda)', '/dev (devtmpfs)', '/sys/fs/cgroup (tmpfs)']);
  assert.equal(rows.Filesystems?.['/ (/dev/vda)'], '24.5 GiB of 252 GiB used (25%)');
  assert.deepEqual(rows.Interfaces, { eth0: '192.0.2.2, fd00::2, fe80::fc:ff:fe00:1 (MAC 02:fc:00:00:00:01)' });
});

test('hostSpec of a host posted by hand with no meta is empty, and a cloud host shows its provider', () => {
  const bare: Host = {
    id: 'H',
    name: 'h',
    status: 'working',
    memo: '',
    roles: {},
    isRetired: false,
    createdAt: 0,
    meta: {},
  };
  assert.deepEqual(hostSpec(bare), []);
  const ec2 = hostSpec({
    ...bare,
    meta: { cloud: { provider: 'ec2', metadata: { 'instance-type': 't3.micro', tags: { a: 1 } } } },
  });
  assert.deepEqual(ec2, [
    {
      title: 'Cloud',
      rows: [
        ['Provider', 'ec2'],
        ['instance-type', 't3.micro'],
      ],
    },
  ]);
});

test('kbString reads /proc/meminfo sizes', () => {
  assert.equal(kbString('1024kB'), 1024 * 1024);
  assert.equal(kbString(' 3 kB '), 3072);
  assert.equal(kbString('12MB'), undefined);
  assert.equal(kbString(undefined), undefined);
});

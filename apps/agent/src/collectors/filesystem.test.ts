import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DfEntry } from './df.ts';
import { addFilesystemGauges, type FilesystemOptions, mountByDevice } from './filesystem.ts';

const entry = (device: string, mount: string, kbUsed: number, kbAvailable: number): DfEntry => ({
  device,
  mount,
  kbSize: kbUsed + kbAvailable + 100, // reserved blocks: in size, but not in the posted size
  kbUsed,
  kbAvailable,
  percentUsed: '-',
});

const entries = [
  entry('/dev/sda1', '/', 5242880, 4718592),
  entry('/dev/mapper/vg0-var', '/var', 0, 4000),
  entry('/dev/ram0', '/mnt/ram', 10, 20),
  entry('/dev/sdb1', '/mnt/my disk', 250, 201),
];

const cases: { name: string; options: FilesystemOptions; want: Record<string, number> }[] = [
  {
    // size = (used + available) × 1024 = (5242880 + 4718592) × 1024 = 10200547328; used = 5242880 × 1024.
    name: 'device names without /dev/, sanitised',
    options: {},
    want: {
      'filesystem.sda1.size': 10200547328,
      'filesystem.sda1.used': 5368709120,
      'filesystem.mapper_vg0-var.size': 4096000,
      'filesystem.mapper_vg0-var.used': 0,
      'filesystem.ram0.size': 30720,
      'filesystem.ram0.used': 10240,
      'filesystem.sdb1.size': 461824,
      'filesystem.sdb1.used': 256000,
    },
  },
  {
    name: 'use_mountpoint: "/" → "_", "/mnt/my disk" → "_mnt_my_disk"; ignore sees "/dev/ram0"',
    options: { useMountpoint: true, ignore: /^\/dev\/ram/ },
    want: {
      'filesystem._.size': 10200547328,
      'filesystem._.used': 5368709120,
      'filesystem._var.size': 4096000,
      'filesystem._var.used': 0,
      'filesystem._mnt_my_disk.size': 461824,
      'filesystem._mnt_my_disk.used': 256000,
    },
  },
  {
    // The documented example, ignore = "/dev/ram.*", must work: it is matched against df's name.
    name: 'ignore is matched against the raw df device name',
    options: { ignore: /\/dev\/ram.*/g },
    want: {
      'filesystem.sda1.size': 10200547328,
      'filesystem.sda1.used': 5368709120,
      'filesystem.mapper_vg0-var.size': 4096000,
      'filesystem.mapper_vg0-var.used': 0,
      'filesystem.sdb1.size': 461824,
      'filesystem.sdb1.used': 256000,
    },
  },
];

for (const c of cases) {
  test(`addFilesystemGauges: ${c.name}`, () => {
    const out: Record<string, number> = {};
    addFilesystemGauges(entries, c.options, out);
    // Twice, so a /g ignore regex with a stale lastIndex would show up as a flapping result.
    const again: Record<string, number> = {};
    addFilesystemGauges(entries, c.options, again);
    assert.deepEqual(out, c.want);
    assert.deepEqual(again, c.want);
  });
}

test('mountByDevice maps device names without /dev/ to mount points', () => {
  assert.deepEqual(Object.fromEntries(mountByDevice(entries)), {
    sda1: '/',
    'mapper/vg0-var': '/var',
    ram0: '/mnt/ram',
    sdb1: '/mnt/my disk',
  });
});

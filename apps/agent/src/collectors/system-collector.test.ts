import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  assertMetrics,
  LINUX_REAL_CPU,
  LINUX_REAL_INTERFACES,
  LINUX_REAL_T0_MEMORY,
  MULTI_CPU_CPU,
  makeFakeRoot,
  OLD_KERNEL_MEMORY,
  tableStatfs,
} from '../testing/collector-test-kit.ts';
import { SystemCollector } from './system-collector.ts';

// statfs of / for the real capture: 66053021 blocks of 4 KiB = 264212084 kB, the size df printed for /dev/vda.
const VDA = { bsize: 4096, blocks: 66053021, bfree: 60221662, bavail: 20768369 };

test('SystemCollector: real capture, two ticks 60 s apart', async () => {
  const root = await makeFakeRoot(['linux-real', 't0']);
  try {
    const collector = new SystemCollector({ root: root.path, statfs: tableStatfs({ '/': VDA }) });
    const first = await collector.sample(1_700_000_000_000);
    assert.equal(first.rates, null);
    // filesystem.vda: used = (66053021 − 60221662) × 4 = 23325436 kB, available = 20768369 × 4 = 83073476 kB;
    // size = (23325436 + 83073476) × 1024 = 108952485888.
    assertMetrics(first.gauges, {
      loadavg1: 1.12,
      loadavg5: 0.6,
      loadavg15: 0.26,
      ...LINUX_REAL_T0_MEMORY,
      'filesystem.vda.size': 108952485888,
      'filesystem.vda.used': 23885246464,
    });

    await root.overlay(['linux-real', 't1']);
    const second = await collector.sample(1_700_000_060_000);
    assertMetrics(second.gauges, {
      loadavg1: 1.03,
      loadavg5: 0.59,
      loadavg15: 0.26,
      ...LINUX_REAL_T0_MEMORY,
      'memory.used': 689811456, // (24684084 − 24010440) × 1024
      'memory.mem_available': 24586690560,
      'filesystem.vda.size': 108952485888,
      'filesystem.vda.used': 23885246464,
    });
    assertMetrics(second.rates, {
      ...LINUX_REAL_CPU,
      'disk.vda.reads.delta': 653 / 60,
      'disk.vda.writes.delta': 51 / 60,
      ...LINUX_REAL_INTERFACES,
    });
  } finally {
    await root.remove();
  }
});

test('SystemCollector: [filesystems] use_mountpoint + ignore, [disks] and [interfaces] ignore', async () => {
  const root = await makeFakeRoot(
    ['mountinfo-variety'],
    ['meminfo-old-kernel'],
    ['stat-multi-cpu', 't0'],
    ['diskstats-variety', 't0'],
    ['netdev-variety', 't0'],
  );
  try {
    const collector = new SystemCollector({
      root: root.path,
      filesystems: { useMountpoint: true, ignore: /^\/dev\/loop/ },
      disks: { ignore: /^nbd/ },
      interfaces: { ignore: /^docker/ },
      statfs: tableStatfs({
        '/': { bsize: 4096, blocks: 2621440, bfree: 1310720, bavail: 1179648 },
        '/snap/core/1234': { bsize: 131072, blocks: 448, bfree: 0, bavail: 0 },
      }),
    });
    await collector.sample(0);
    await root.overlay(['stat-multi-cpu', 't1'], ['diskstats-variety', 't1'], ['netdev-variety', 't1']);
    const { gauges, rates } = await collector.sample(60_000);
    assertMetrics(gauges, {
      ...OLD_KERNEL_MEMORY,
      'filesystem._.size': 10200547328, // (5242880 + 4718592) kB × 1024; /dev/loop0 ignored
      'filesystem._.used': 5368709120,
    });
    assertMetrics(rates, {
      ...MULTI_CPU_CPU,
      'disk.sda.reads.delta': 10,
      'disk.sda.writes.delta': 100,
      'disk._.reads.delta': 0, // sda1 is mounted on "/"
      'disk._.writes.delta': 1,
      'disk.sda2.reads.delta': 0,
      'disk.sda2.writes.delta': 0,
      'disk.cciss_c0d0.reads.delta': 3,
      'disk.cciss_c0d0.writes.delta': 4,
      'disk.nvme0n1.reads.delta': 100,
      'disk.nvme0n1.writes.delta': 150,
      'interface.eth0.rxBytes.delta': 100000,
      'interface.eth0.txBytes.delta': 20000,
      'interface.eth0_100.rxBytes.delta': 10000,
      'interface.eth0_100.txBytes.delta': 5000,
      'interface.br-0123abcd.rxBytes.delta': 1000,
      'interface.br-0123abcd.txBytes.delta': 500,
      'interface.ifb0.rxBytes.delta': 0,
      'interface.ifb0.txBytes.delta': 0,
    });
  } finally {
    await root.remove();
  }
});

test('SystemCollector: missing files and a clock that did not move', async () => {
  const root = await makeFakeRoot(['stat-no-steal', 't0']);
  try {
    const collector = new SystemCollector({ root: root.path, statfs: tableStatfs({}) });
    assert.deepEqual(await collector.sample(5000), { gauges: {}, rates: null });
    // Same instant, same counters: no CPU jiffies passed and no elapsed time → an empty rate set.
    assert.deepEqual(await collector.sample(5000), { gauges: {}, rates: {} });
  } finally {
    await root.remove();
  }
});

test('SystemCollector smoke test on this machine', async () => {
  const collector = new SystemCollector();
  const t0 = Date.now();
  const first = await collector.sample(t0);
  assert.equal(first.rates, null);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const { gauges, rates } = await collector.sample(Date.now());
  assert.ok(rates !== null);

  for (const [name, v] of [...Object.entries(gauges), ...Object.entries(rates)]) {
    assert.ok(Number.isFinite(v), `${name} = ${v}`);
  }
  for (const name of ['loadavg1', 'loadavg5', 'loadavg15', 'memory.total', 'memory.used', 'memory.swap_total']) {
    assert.ok(name in gauges, `missing ${name}`);
  }
  const memTotal = gauges['memory.total'] ?? 0;
  assert.ok(memTotal > 0 && (gauges['memory.used'] ?? -1) >= 0 && (gauges['memory.used'] ?? 0) <= memTotal);
  assert.ok('memory.mem_available' in gauges || 'memory.free' in gauges);
  assert.ok(
    Object.keys(gauges).some((k) => /^filesystem\..+\.size$/.test(k)),
    'no filesystem',
  );

  const stat = await readFile('/proc/stat', 'utf8');
  const cpus = stat.split('\n').filter((l) => /^cpu\d/.test(l)).length;
  const cpu = Object.entries(rates).filter(([k]) => k.startsWith('cpu.'));
  for (const name of ['user', 'nice', 'system', 'idle']) assert.ok(`cpu.${name}.percentage` in rates, name);
  for (const [name, v] of cpu) assert.ok(v >= 0 && v <= cpus * 100 + 1e-6, `${name} = ${v}`);
  const sum = cpu.reduce((a, [, v]) => a + v, 0);
  assert.ok(Math.abs(sum - cpus * 100) < 1e-6, `cpu sum ${sum}, cpus ${cpus}`);

  const disks = (await readFile('/proc/diskstats', 'utf8'))
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 14 && !f[2]?.startsWith('dm-') && f.slice(3, 14).some((x) => x !== '0'));
  for (const f of disks) assert.ok(`disk.${f[2]?.replace(/[^A-Za-z0-9_-]/g, '_')}.reads.delta` in rates, f[2]);
  for (const [name, v] of Object.entries(rates)) {
    if (!name.startsWith('cpu.')) assert.ok(v >= 0, `${name} = ${v}`);
  }
  assert.ok(
    Object.keys(rates).some((k) => k.startsWith('interface.')),
    'no interface',
  );
});

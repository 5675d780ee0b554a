import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTestdata } from '../testing/collector-test-kit.ts';
import { addCounterRates } from './counter-rate.ts';
import { DISK_SUFFIXES, type DiskLabelOptions, parseDiskstats } from './disk.ts';

// diskstats-variety/t0: sda, sda1, sda2 (17 fields), sda3 (2.6-kernel 4-stat line), dm-0, dm-1,
// loop0 and zram0 (all zero), cciss!c0d0 ('!' stands for '/'), nbd0.p1 (a dot), nvme0n1 (17 fields).
const parseCases: { name: string; options: DiskLabelOptions; want: Record<string, [number, number]> }[] = [
  {
    name: 'default labels: dm-*, all-zero and short lines dropped; names sanitised',
    options: {},
    want: {
      sda: [750193, 16600606],
      sda1: [1641, 6365],
      sda2: [120, 0],
      cciss_c0d0: [5000, 6000],
      nbd0_p1: [10, 20],
      nvme0n1: [81234, 90210],
    },
  },
  {
    name: '[disks] ignore tested against the sanitised label',
    options: { ignore: /^(nbd0_p1|cciss_)/ },
    want: { sda: [750193, 16600606], sda1: [1641, 6365], sda2: [120, 0], nvme0n1: [81234, 90210] },
  },
  {
    name: 'use_mountpoint: devices df lists are labelled by their sanitised mount point',
    options: {
      mountByDevice: new Map([
        ['sda1', '/'],
        ['nvme0n1', '/var/lib/mysql'],
        ['sdz9', '/gone'],
      ]),
    },
    want: {
      sda: [750193, 16600606],
      _: [1641, 6365],
      sda2: [120, 0],
      cciss_c0d0: [5000, 6000],
      nbd0_p1: [10, 20],
      _var_lib_mysql: [81234, 90210],
    },
  },
  {
    name: 'use_mountpoint + ignore: the ignore regex sees the mount-point label',
    options: { mountByDevice: new Map([['sda1', '/']]), ignore: /^_$/ },
    want: {
      sda: [750193, 16600606],
      sda2: [120, 0],
      cciss_c0d0: [5000, 6000],
      nbd0_p1: [10, 20],
      nvme0n1: [81234, 90210],
    },
  },
];

for (const c of parseCases) {
  test(`parseDiskstats: ${c.name}`, async () => {
    const got = parseDiskstats(await readTestdata('diskstats-variety', 't0', 'proc', 'diskstats'), c.options);
    assert.deepEqual(Object.fromEntries(got), c.want);
  });
}

test('parseDiskstats: real capture keeps vda and drops the idle loop*/zram0', async () => {
  const got = parseDiskstats(await readTestdata('linux-real', 't0', 'proc', 'diskstats'));
  assert.deepEqual(Object.fromEntries(got), { vda: [35890, 24822] });
});

const rateCases = [
  {
    // sda: reads 750793 − 750193 = 600 over 60 s → 10/s; writes 16606606 − 16600606 = 6000 → 100/s.
    name: 'variety over 60 s',
    dir: 'diskstats-variety',
    seconds: 60,
    want: {
      'disk.sda.reads.delta': 10,
      'disk.sda.writes.delta': 100,
      'disk.sda1.reads.delta': 0,
      'disk.sda1.writes.delta': 1,
      'disk.sda2.reads.delta': 0,
      'disk.sda2.writes.delta': 0,
      'disk.cciss_c0d0.reads.delta': 3,
      'disk.cciss_c0d0.writes.delta': 4,
      'disk.nbd0_p1.reads.delta': 1,
      'disk.nbd0_p1.writes.delta': 0,
      'disk.nvme0n1.reads.delta': 100,
      'disk.nvme0n1.writes.delta': 150,
    },
  },
  {
    // vda: reads 36543 − 35890 = 653, writes 24873 − 24822 = 51; at a 60 s tick: 653/60 and 51/60.
    name: 'real capture, ticks 60 s apart',
    dir: 'linux-real',
    seconds: 60,
    want: { 'disk.vda.reads.delta': 653 / 60, 'disk.vda.writes.delta': 51 / 60 },
  },
  {
    // The same counters over a 30 s interval (a late tick) give twice the per-second rate.
    name: 'real capture, 30 s elapsed',
    dir: 'linux-real',
    seconds: 30,
    want: { 'disk.vda.reads.delta': 653 / 30, 'disk.vda.writes.delta': 51 / 30 },
  },
  {
    // sda reads wrapped (4294967000 → 200) and sdb writes went down (700 → 640, device re-created):
    // those counters are skipped; sda writes (160 − 100)/60 = 1, sdb reads (620 − 500)/60 = 2;
    // sdc appeared in the second reading only → no rate yet.
    name: 'counter wrap and re-created device',
    dir: 'counter-wrap',
    seconds: 60,
    want: { 'disk.sda.writes.delta': 1, 'disk.sdb.reads.delta': 2 },
  },
];

for (const c of rateCases) {
  test(`disk rates: ${c.name}`, async () => {
    const prev = parseDiskstats(await readTestdata(c.dir, 't0', 'proc', 'diskstats'));
    const curr = parseDiskstats(await readTestdata(c.dir, 't1', 'proc', 'diskstats'));
    const out: Record<string, number> = {};
    addCounterRates(prev, curr, c.seconds, 'disk.', DISK_SUFFIXES, out);
    assert.deepEqual(out, c.want);
  });
}

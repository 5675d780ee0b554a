import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readBlockDevices } from './block-device.ts';

const testdata = join(import.meta.dirname, '../../testdata/spec');

test('block devices: each key only when its sysfs file exists, values trimmed, no device skipped', async () => {
  assert.deepEqual(await readBlockDevices(join(testdata, 'block')), {
    // A SCSI disk has all seven files; vendor is space-padded to 8 characters in sysfs.
    sda: {
      size: '500118192',
      removable: '0',
      model: 'Samsung SSD 860',
      rev: '4B6Q',
      state: 'running',
      timeout: '30',
      vendor: 'ATA',
    },
    // virtio: only the PCI vendor id under device/.
    vda: { size: '41943040', removable: '0', vendor: '0x1af4' },
    // Loop devices are listed too, as by the official agent.
    loop0: { size: '0', removable: '0' },
    // NVMe: model and state, no rev/timeout/vendor.
    nvme0n1: { size: '1000215216', removable: '0', model: 'WDC WDS500G2B0C-00PXH0', state: 'live' },
    md0: { size: '1953260544' },
  });
});

test('block devices: no /sys/block (some PaaS) leaves the key out', async () => {
  assert.equal(await readBlockDevices(join(testdata, 'does-not-exist')), undefined);
});

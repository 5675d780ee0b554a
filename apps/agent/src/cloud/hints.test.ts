import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isEc2Uuid, readCloudHints } from './hints.ts';

const testdata = join(import.meta.dirname, '../../testdata/cloud');

const uuids: { uuid: string; ec2: boolean; why: string }[] = [
  { uuid: 'ec2e1916-9099-7caf-fd21-0123456789ab', ec2: true, why: 'lower-case prefix (Xen /sys/hypervisor/uuid)' },
  { uuid: 'EC2E1916-9099-7CAF-FD21-0123456789AB', ec2: true, why: 'upper-case prefix (DMI product_uuid)' },
  { uuid: '45E12AEC-DCD1-B213-94ED-0123456789AB', ec2: true, why: 'little-endian first field: 0xec2ae145' },
  { uuid: '4c4c4544-0042-3510-8052-b4c04f4e3732', ec2: false, why: 'a Dell UUID' },
  { uuid: '2aecZZZZ-0000', ec2: true, why: 'Go keeps the bytes before a bad hex pair and zero-fills: 0xec2a' },
  { uuid: '2aec', ec2: false, why: 'fewer than 4 bytes: no number is read' },
  { uuid: '', ec2: false, why: 'empty file' },
];

for (const c of uuids) {
  test(`isEc2Uuid ${JSON.stringify(c.uuid)}: ${c.why}`, () => {
    assert.equal(isEc2Uuid(c.uuid), c.ec2);
  });
}

const fixtures: { dir: string; hints: { dmi: boolean; ec2: boolean; gce: boolean; azure: boolean } }[] = [
  { dir: 'xen-ec2', hints: { dmi: false, ec2: true, gce: false, azure: false } },
  { dir: 'nitro-ec2', hints: { dmi: true, ec2: true, gce: false, azure: false } },
  { dir: 'nitro-ec2-swapped-uuid', hints: { dmi: true, ec2: true, gce: false, azure: false } },
  // product_uuid is root-only; the DMI vendor still says EC2.
  { dir: 'nitro-ec2-nonroot', hints: { dmi: true, ec2: true, gce: false, azure: false } },
  { dir: 'gce', hints: { dmi: true, ec2: false, gce: true, azure: false } },
  { dir: 'azure', hints: { dmi: true, ec2: false, gce: false, azure: true } },
  // A Hyper-V guest outside Azure has the same vendor and product, not the asset tag.
  { dir: 'hyperv-onprem', hints: { dmi: true, ec2: false, gce: false, azure: false } },
  { dir: 'qemu', hints: { dmi: true, ec2: false, gce: false, azure: false } },
  { dir: 'no-dmi', hints: { dmi: false, ec2: false, gce: false, azure: false } },
];

for (const c of fixtures) {
  test(`cloud hints: ${c.dir}`, async () => {
    assert.deepEqual(await readCloudHints(join(testdata, c.dir)), c.hints);
  });
}

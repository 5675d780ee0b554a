// Local hints read before any metadata request in `cloud_platform = auto`, so a machine that
// is on no cloud answers in milliseconds instead of waiting on network timeouts.
//
// EC2 (the official agent's own check, spec/isec2_linux.go): /sys/hypervisor/uuid (Xen) or the
// DMI product_uuid starts with "ec2"/"EC2", read as text or with its first field byte-swapped
// (little-endian SMBIOS encoding). product_uuid is root-only, so Saba also accepts the
// world-readable DMI vendor "Amazon EC2" (Nitro instances), which AWS documents for the same use.
//
// GCE and Azure are hint-free in the official agent (it always asks both services, up to
// 2 attempts 2 s apart, i.e. >= 2 s on every non-cloud host). Saba uses the markers both clouds
// document instead: DMI product_name "Google Compute Engine" / vendor "Google", and Azure's
// fixed chassis asset tag. Where the kernel exposes no DMI at all (some VMs, containers,
// ARM boards) these hints cannot say "no", and detect.ts asks the services once, briefly.

import { join } from 'node:path';
import { readFile, stat } from '@saba/agent-config/sync-fs';

/** What the local files say about each provider. */
export interface CloudHints {
  /** False when `${root}/sys/devices/virtual/dmi/id` does not exist: no DMI-based verdict is possible. */
  readonly dmi: boolean;
  readonly ec2: boolean;
  readonly gce: boolean;
  readonly azure: boolean;
}

// Every Azure VM carries this chassis asset tag (Microsoft: "Detect if a VM is running in Azure").
const azureAssetTag = '7783-7084-3265-9085-8269-3286-77';

/** A file's trimmed content, or '' when it cannot be read. */
async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** The official EC2 UUID test: "ec2"/"EC2" prefix, or the same after swapping the first field's bytes. */
export function isEc2Uuid(uuid: string): boolean {
  const looksEc2 = (s: string) => s.startsWith('ec2') || s.startsWith('EC2');
  if (looksEc2(uuid)) return true;
  const first = uuid.split('-')[0] ?? '';
  // Go decodes the hex into a zeroed buffer of len/2 bytes (stopping at the first bad pair,
  // the rest stays zero), reads a little-endian uint32 (none when under 4 bytes) and prints
  // it with %x, without leading zeros.
  const length = Math.floor(first.length / 2);
  if (length < 4) return false;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const pair = first.slice(2 * i, 2 * i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) break;
    bytes[i] = Number.parseInt(pair, 16);
  }
  const value = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  return looksEc2(value.toString(16));
}

/** Reads the DMI and hypervisor files under `root`. */
export async function readCloudHints(root: string): Promise<CloudHints> {
  const dmiDir = join(root, 'sys/devices/virtual/dmi/id');
  const dmi = await stat(dmiDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const [hypervisorUuid, productUuid, sysVendor, biosVendor, productName, assetTag] = await Promise.all([
    readTrimmed(join(root, 'sys/hypervisor/uuid')),
    readTrimmed(join(dmiDir, 'product_uuid')),
    readTrimmed(join(dmiDir, 'sys_vendor')),
    readTrimmed(join(dmiDir, 'bios_vendor')),
    readTrimmed(join(dmiDir, 'product_name')),
    readTrimmed(join(dmiDir, 'chassis_asset_tag')),
  ]);
  return {
    dmi,
    ec2:
      isEc2Uuid(hypervisorUuid) || isEc2Uuid(productUuid) || sysVendor === 'Amazon EC2' || biosVendor === 'Amazon EC2',
    gce: productName === 'Google Compute Engine' || sysVendor === 'Google',
    azure: assetTag === azureAssetTag,
  };
}

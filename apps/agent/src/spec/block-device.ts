// `meta.block_device`: every entry of /sys/block, as mackerel-agent reports it
// (spec/linux/block_device.go). The official agent skips no device (loop, ram and zram
// devices are listed too); each key appears only when its sysfs file exists.

import { join } from 'node:path';
import { readdir, readFile } from '@saba/agent-config/sync-fs';

// Files read from /sys/block/<dev>/ and from /sys/block/<dev>/device/ respectively.
const deviceKeys = ['size', 'removable'] as const;
const hardwareKeys = ['model', 'rev', 'state', 'timeout', 'vendor'] as const;

/** A sysfs file's trimmed content; undefined when it does not exist or cannot be read. */
async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

/** The keys present for one device, in the official order. */
async function readDevice(dir: string): Promise<Record<string, string>> {
  const paths = [
    ...deviceKeys.map((key) => [key, join(dir, key)] as const),
    ...hardwareKeys.map((key) => [key, join(dir, 'device', key)] as const),
  ];
  const values = await Promise.all(paths.map(([, path]) => readTrimmed(path)));
  const device: Record<string, string> = {};
  paths.forEach(([key], i) => {
    const value = values[i];
    if (value !== undefined) device[key] = value;
  });
  return device;
}

/** `meta.block_device` from `${root}/sys/block`; undefined when the directory is missing (some PaaS). */
export async function readBlockDevices(root: string): Promise<Record<string, Record<string, string>> | undefined> {
  const dir = join(root, 'sys/block');
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return undefined;
  }
  const devices = await Promise.all(names.map((name) => readDevice(join(dir, name))));
  const result: Record<string, Record<string, string>> = {};
  names.forEach((name, i) => {
    result[name] = devices[i]!;
  });
  return result;
}

// `meta.kernel`: what mackerel-agent gets from `uname -s/-r/-v/-m/-o` plus the distribution
// (spec/linux/kernel.go). No child process is spawned: -s, -r and -v are the kernel's own
// /proc/sys/kernel/{ostype,osrelease,version}, -m is os.machine(), and -o is a constant.

import os from 'node:os';
import { join } from 'node:path';
import { readFile } from '@saba/agent-config/sync-fs';
import { detectPlatform, platformName } from './platform.ts';

// `uname -o` is not a kernel value: GNU coreutils (and busybox by default) print the
// compile-time constant "GNU/Linux" on every Linux system.
const unameOperatingSystem = 'GNU/Linux';

/** One line of /proc/sys/kernel, or the node:os value when the file cannot be read. */
async function kernelValue(root: string, name: string, fallback: () => string): Promise<string> {
  try {
    return (await readFile(join(root, 'proc/sys/kernel', name), 'utf8')).trim();
  } catch {
    return fallback();
  }
}

/** `meta.kernel` for the system under `root`; `machine` is `uname -m` (injected by tests). */
export async function readKernel(root: string, machine: string = os.machine()): Promise<Record<string, string>> {
  const [name, release, version, platform] = await Promise.all([
    kernelValue(root, 'ostype', () => os.type()),
    kernelValue(root, 'osrelease', () => os.release()),
    kernelValue(root, 'version', () => os.version()),
    detectPlatform(root),
  ]);
  const kernel: Record<string, string> = { name, release, version, machine, os: unameOperatingSystem };
  // Both keys are left out when empty, as the official agent does.
  const platformNameValue = platformName(platform.id);
  if (platformNameValue !== '') kernel.platform_name = platformNameValue;
  if (platform.version !== '') kernel.platform_version = platform.version;
  return kernel;
}

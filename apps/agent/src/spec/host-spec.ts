// The host spec sent in HostInput (spec §2.2–2.3): every `meta` key mackerel-agent fills on
// Linux except agent-* and cloud (the caller adds those), plus `interfaces`. As in the official
// agent (spec.Collect), a collector that fails only leaves its key out.

import { join } from 'node:path';
import { statfs as fsStatfs } from '@saba/agent-config/sync-fs';
import type { FilesystemSpec, HostMeta, InterfaceSpec } from '@saba/client';
import { readFilesystems } from '../collectors/df.ts';
import type { StatfsResult } from '../collectors/system-collector.ts';
import { readBlockDevices } from './block-device.ts';
import { readCpu } from './cpu.ts';
import { readInterfaces } from './interfaces.ts';
import { readKernel } from './kernel.ts';
import { readMemory } from './memory.ts';

/** Options of the host spec collectors. */
export interface HostSpecOptions {
  /** Directory standing for `/` (reads `${root}/proc/...`, `${root}/sys/block/...`, `${root}/etc/os-release`); tests point it at testdata. Default '/'. */
  readonly root?: string;
  /** statfs of one mount point (injected in tests). */
  readonly statfs?: (mountPoint: string) => Promise<StatfsResult>;
  /** Interface names to leave out ([interfaces] ignore). */
  readonly interfacesIgnore?: RegExp;
}

/** `meta.filesystem`, keyed by df's Filesystem column; a device mounted twice keeps its last row, as in Go. */
async function readFilesystemSpec(
  root: string,
  statfs: (mountPoint: string) => Promise<StatfsResult>,
): Promise<Record<string, FilesystemSpec> | undefined> {
  try {
    const filesystems: Record<string, FilesystemSpec> = {};
    for (const e of await readFilesystems(root, statfs, { all: true })) {
      filesystems[e.device] = {
        kb_size: e.kbSize,
        kb_used: e.kbUsed,
        kb_available: e.kbAvailable,
        percent_used: e.percentUsed,
        mount: e.mount,
      };
    }
    return filesystems;
  } catch {
    return undefined;
  }
}

/** statfs(2) through node:fs, under `root` when it is not '/'. */
function defaultStatfs(root: string): (mountPoint: string) => Promise<StatfsResult> {
  return async (mountPoint) => {
    const s = await fsStatfs(root === '/' ? mountPoint : join(root, mountPoint));
    return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail };
  };
}

/** The host spec: every `meta` key except agent-* and cloud, plus the interfaces. */
export async function collectHostSpec(
  options: HostSpecOptions = {},
): Promise<{ meta: HostMeta; interfaces: InterfaceSpec[] }> {
  const root = options.root ?? '/';
  const [kernel, cpu, memory, blockDevice, filesystem, interfaces] = await Promise.all([
    readKernel(root),
    readCpu(root),
    readMemory(root),
    readBlockDevices(root),
    readFilesystemSpec(root, options.statfs ?? defaultStatfs(root)),
    readInterfaces({ root, ...(options.interfacesIgnore ? { ignore: options.interfacesIgnore } : {}) }),
  ]);
  const meta: HostMeta = { kernel };
  if (cpu) meta.cpu = cpu;
  if (memory) meta.memory = memory;
  if (blockDevice) meta.block_device = blockDevice;
  if (filesystem) meta.filesystem = filesystem;
  return { meta, interfaces };
}

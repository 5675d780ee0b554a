// `meta.memory`: selected /proc/meminfo lines under mackerel-agent's key names (spec/linux/memory.go).
// Values keep the number and unit glued together ("16307756kB"); keys the kernel does not
// print (e.g. HighTotal on 64-bit, MemAvailable before 3.14 is not mapped at all) are absent.

import { join } from 'node:path';
import { readFile } from '@saba/agent-config/sync-fs';

// /proc/meminfo label (with its colon) -> meta.memory key, exactly the official list.
const memoryKeys: ReadonlyMap<string, string> = new Map([
  ['MemTotal:', 'total'],
  ['MemFree:', 'free'],
  ['Buffers:', 'buffers'],
  ['Cached:', 'cached'],
  ['Active:', 'active'],
  ['Inactive:', 'inactive'],
  ['HighTotal:', 'high_total'],
  ['HighFree:', 'high_free'],
  ['LowTotal:', 'low_total'],
  ['LowFree:', 'low_free'],
  ['Dirty:', 'dirty'],
  ['Writeback:', 'writeback'],
  ['AnonPages:', 'anon_pages'],
  ['Mapped:', 'mapped'],
  ['Slab:', 'slab'],
  ['SReclaimable:', 'slab_reclaimable'],
  ['SUnreclaim:', 'slab_unreclaim'],
  ['PageTables:', 'page_tables'],
  ['NFS_Unstable:', 'nfs_unstable'],
  ['Bounce:', 'bounce'],
  ['CommitLimit:', 'commit_limit'],
  ['Committed_AS:', 'committed_as'],
  ['VmallocTotal:', 'vmalloc_total'],
  ['VmallocUsed:', 'vmalloc_used'],
  ['VmallocChunk:', 'vmalloc_chunk'],
  ['SwapCached:', 'swap_cached'],
  ['SwapTotal:', 'swap_total'],
  ['SwapFree:', 'swap_free'],
]);

/** Maps /proc/meminfo text to `meta.memory`. */
export function parseMeminfo(text: string): Record<string, string> {
  const memory: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const fields = line.split(/\s+/).filter((f) => f !== '');
    if (fields.length < 2) continue;
    const key = memoryKeys.get(fields[0]!);
    // "MemTotal:  3916792 kB" -> "3916792kB", as the official agent joins the remaining fields.
    if (key !== undefined) memory[key] = fields.slice(1).join('');
  }
  return memory;
}

/** `meta.memory` from `${root}/proc/meminfo`; undefined when it cannot be read. */
export async function readMemory(root: string): Promise<Record<string, string> | undefined> {
  try {
    return parseMeminfo(await readFile(join(root, 'proc/meminfo'), 'utf8'));
  } catch {
    return undefined;
  }
}

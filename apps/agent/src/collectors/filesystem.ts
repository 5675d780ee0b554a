// filesystem.<dev>.size / used gauges from the df listing.
//
// Matches mackerel-agent metrics/filesystem.go:
//   - [filesystems] ignore is tested against df's raw device name ("/dev/ram0"), which is why
//     the documented example is ignore = "/dev/ram.*";
//   - only /dev/ devices; the key is the device without "/dev/" ("mapper/vg-root" →
//     "mapper_vg-root") or, with use_mountpoint, the mount point ("/" → "_", "/var" → "_var"),
//     sanitised;
//   - size = (used + available) × 1024 and used = used × 1024, from df's kB columns, so the
//     blocks reserved for root count in neither.
import type { DfEntry } from './df.ts';
import { matchesIgnore, sanitizeMetricKey } from './metric-key.ts';

/** The [filesystems] config table. */
export interface FilesystemOptions {
  readonly ignore?: RegExp | undefined;
  readonly useMountpoint?: boolean | undefined;
}

/** Adds filesystem.<key>.size and .used (bytes) for every listed /dev/ filesystem not ignored. */
export function addFilesystemGauges(
  entries: readonly DfEntry[],
  options: FilesystemOptions,
  out: Record<string, number>,
): void {
  for (const e of entries) {
    if (matchesIgnore(options.ignore, e.device) || !e.device.startsWith('/dev/')) continue;
    const key = sanitizeMetricKey(options.useMountpoint === true ? e.mount : e.device.slice('/dev/'.length));
    out[`filesystem.${key}.size`] = (e.kbUsed + e.kbAvailable) * 1024;
    out[`filesystem.${key}.used`] = e.kbUsed * 1024;
  }
}

/** Maps device name without /dev/ to its mount point, for disk labels under use_mountpoint. */
export function mountByDevice(entries: readonly DfEntry[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const e of entries) {
    if (e.device.startsWith('/dev/')) map.set(e.device.slice('/dev/'.length), e.mount);
  }
  return map;
}

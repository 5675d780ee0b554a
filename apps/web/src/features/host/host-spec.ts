// The host page's spec panel: the agent's `meta` (kernel, CPU, memory, disks, filesystems, cloud)
// and the interfaces, as labelled rows. Anything the host does not report is left out.
import type { Host } from '../../api/types.ts';
import { formatValue } from '../graphs/units.ts';

/** One titled group of `[label, value]` rows. */
export interface SpecSection {
  readonly title: string;
  readonly rows: ReadonlyArray<readonly [string, string]>;
}

/** /sys/block/<dev>/size counts 512-byte sectors whatever the device's own sector size. */
const SECTOR_BYTES = 512;
/** A cloud's metadata can run to dozens of keys; the panel shows the first of them. */
const MAX_CLOUD_ROWS = 12;

/** "24684084kB" (as /proc/meminfo writes it) in bytes; undefined when unreadable. */
export function kbString(v: string | undefined): number | undefined {
  const m = /^\s*(\d+)\s*kB\s*$/i.exec(v ?? '');
  return m === null ? undefined : Number(m[1]) * 1024;
}

function bytes(n: number | undefined): string | undefined {
  return n === undefined || !Number.isFinite(n) ? undefined : formatValue(n, 'bytes');
}

function rows(pairs: ReadonlyArray<readonly [string, string | undefined]>): Array<[string, string]> {
  return pairs.filter((p): p is [string, string] => p[1] !== undefined && p[1] !== '');
}

function system(h: Host): Array<[string, string]> {
  const k = h.meta.kernel ?? {};
  const os = [k.platform_name, k.platform_version].filter(Boolean).join(' ') || k.os;
  return rows([
    ['OS', os],
    ['Kernel', [k.name, k.release].filter(Boolean).join(' ')],
    ['Architecture', k.machine],
    ['Agent', h.meta['agent-version']],
  ]);
}

function cpu(h: Host): Array<[string, string]> {
  const cpus = h.meta.cpu ?? [];
  if (cpus.length === 0) return [];
  const models = new Map<string, number>();
  for (const c of cpus) {
    const name = c.model_name ?? c.model ?? 'unknown';
    models.set(name, (models.get(name) ?? 0) + 1);
  }
  const mhz = Number(cpus[0]?.mhz);
  return rows([
    ['Cores', String(cpus.length)],
    ['Model', [...models].map(([m, n]) => (n > 1 ? `${n} × ${m}` : m)).join(', ')],
    ['Clock', Number.isFinite(mhz) && mhz > 0 ? `${Math.round(mhz)} MHz` : undefined],
  ]);
}

function memory(h: Host): Array<[string, string]> {
  const m = h.meta.memory ?? {};
  const swap = kbString(m.swap_total);
  return rows([
    ['Total', bytes(kbString(m.total))],
    ['Swap', swap !== undefined && swap > 0 ? bytes(swap) : undefined],
  ]);
}

function disks(h: Host): Array<[string, string]> {
  return Object.entries(h.meta.block_device ?? {})
    .map(([dev, d]): [string, number] => [dev, Number(d.size) * SECTOR_BYTES])
    .filter(([, size]) => size > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([dev, size]) => [dev, bytes(size) as string]);
}

function filesystems(h: Host): Array<[string, string]> {
  return Object.entries(h.meta.filesystem ?? {})
    .filter(([, f]) => (f.kb_size ?? 0) > 0)
    .sort(([, a], [, b]) => ((a.mount ?? '') < (b.mount ?? '') ? -1 : 1))
    .map(([dev, f]) => {
      const used = bytes((f.kb_used ?? 0) * 1024);
      const size = bytes((f.kb_size ?? 0) * 1024);
      const pct = f.percent_used !== undefined ? ` (${f.percent_used})` : '';
      return [`${f.mount ?? '?'} (${dev})`, `${used} of ${size} used${pct}`];
    });
}

function interfaces(h: Host): Array<[string, string]> {
  return (h.interfaces ?? []).map((i) => {
    const addrs = [...(i.ipv4Addresses ?? []), ...(i.ipv6Addresses ?? [])].join(', ');
    const mac = i.macAddress !== undefined && i.macAddress !== '' ? ` (MAC ${i.macAddress})` : '';
    return [i.name, `${addrs || 'no address'}${mac}`];
  });
}

function cloud(h: Host): Array<[string, string]> {
  const c = h.meta.cloud;
  if (c === undefined) return [];
  const meta = Object.entries(c.metadata ?? {})
    .filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number')
    .slice(0, MAX_CLOUD_ROWS)
    .map(([k, v]): [string, string] => [k, String(v)]);
  return rows([['Provider', c.provider], ...meta]);
}

/** The spec panel's sections, in the order the page shows them; empty sections are left out. */
export function hostSpec(h: Host): SpecSection[] {
  const sections: SpecSection[] = [
    { title: 'System', rows: system(h) },
    { title: 'CPU', rows: cpu(h) },
    { title: 'Memory', rows: memory(h) },
    { title: 'Disks', rows: disks(h) },
    { title: 'Filesystems', rows: filesystems(h) },
    { title: 'Interfaces', rows: interfaces(h) },
    { title: 'Cloud', rows: cloud(h) },
  ];
  return sections.filter((s) => s.rows.length > 0);
}

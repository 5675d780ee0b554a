// Helpers for the collector tests only (never imported by agent code, so node:os/url are fine here).
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StatfsResult } from '../collectors/system-collector.ts';

/** Absolute path of apps/agent/testdata/<parts>. */
export function testdataPath(...parts: string[]): string {
  return join(fileURLToPath(new URL('../../testdata/', import.meta.url)), ...parts);
}

/** Reads one testdata file as text. */
export function readTestdata(...parts: string[]): Promise<string> {
  return readFile(testdataPath(...parts), 'utf8');
}

/** Asserts the same metric names and values equal within 1e-9 relative (float sums differ in the last bit). */
export function assertMetrics(actual: Record<string, number> | null, expected: Record<string, number>): void {
  assert.ok(actual !== null, 'expected metrics, got null');
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name] ?? Number.NaN;
    const tolerance = Math.max(1e-9, Math.abs(want) * 1e-9);
    assert.ok(Math.abs(got - want) <= tolerance, `${name}: got ${got}, want ${want}`);
  }
}

/** A fake root directory built from testdata layers copied over each other; remove() deletes it. */
export interface FakeRoot {
  readonly path: string;
  overlay(...layers: string[][]): Promise<void>;
  remove(): Promise<void>;
}

/** Creates a temporary root holding the given testdata layers (each a path under testdata/). */
export async function makeFakeRoot(...layers: string[][]): Promise<FakeRoot> {
  const path = await mkdtemp(join(tmpdir(), 'saba-collectors-'));
  const overlay = async (...more: string[][]): Promise<void> => {
    for (const layer of more) {
      await cp(testdataPath(...layer), path, { recursive: true, force: true, verbatimSymlinks: true });
    }
  };
  await overlay(...layers);
  return { path, overlay, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A statfs that answers from a table and fails with ENOENT for unknown mount points, as a vanished mount does. */
export function tableStatfs(table: Record<string, StatfsResult>): (mountPoint: string) => Promise<StatfsResult> {
  return async (mountPoint) => {
    const st = table[mountPoint];
    if (st === undefined) throw Object.assign(new Error(`ENOENT: ${mountPoint}`), { code: 'ENOENT' });
    return st;
  };
}

// What the collectors must derive from the testdata captures, worked out by hand. The per-metric
// tests and the SystemCollector tests check the same captures, so they share these figures.

/**
 * cpu.* of linux-real t0 → t1, a real capture 5 s apart. total: 65384 → 66380, Δ = 996 jiffies; 2 CPUs.
 * user = (15793 − 0) − (15631 − 0) = 162 → 162 × 2 × 100 / 996 = 32.530120…
 * system Δ74, idle Δ758, iowait Δ1, softirq Δ1; the nine values add up to 200.
 */
export const LINUX_REAL_CPU: Readonly<Record<string, number>> = {
  'cpu.user.percentage': 32.53012048192771,
  'cpu.nice.percentage': 0,
  'cpu.system.percentage': 14.859437751004016,
  'cpu.idle.percentage': 152.20883534136547,
  'cpu.iowait.percentage': 0.20080321285140562,
  'cpu.irq.percentage': 0,
  'cpu.softirq.percentage': 0.20080321285140562,
  'cpu.steal.percentage': 0,
  'cpu.guest.percentage': 0,
};

/**
 * cpu.* of stat-multi-cpu t0 → t1: 4 CPUs; Δtotal = 3579168 − 3555000 = 24168 (guest Δ6000 and
 * guest_nice Δ120 excluded). user = (Δuser 9600 − Δguest 6000) × 4 × 100 / 24168 = 59.582919…;
 * guest = 6000 × 400 / 24168. The nine values add up to 400 = 4 CPUs × 100.
 */
export const MULTI_CPU_CPU: Readonly<Record<string, number>> = {
  'cpu.user.percentage': 59.58291956305859,
  'cpu.nice.percentage': 3.9721946375372394,
  'cpu.system.percentage': 19.860973187686195,
  'cpu.idle.percentage': 198.60973187686196,
  'cpu.iowait.percentage': 7.944389275074479,
  'cpu.irq.percentage': 0.7944389275074478,
  'cpu.softirq.percentage': 1.9860973187686197,
  'cpu.steal.percentage': 7.944389275074479,
  'cpu.guest.percentage': 99.30486593843098,
};

/** memory.* of linux-real t0, a kernel with MemAvailable: used = total − available = (24684084 − 23708296) kB × 1024. */
export const LINUX_REAL_T0_MEMORY: Readonly<Record<string, number>> = {
  'memory.total': 25276502016,
  'memory.used': 999206912,
  'memory.mem_available': 24277295104,
  'memory.swap_total': 0,
  'memory.swap_cached': 0,
  'memory.swap_free': 0,
};

/**
 * memory.* of meminfo-old-kernel, without MemAvailable (kernel < 3.14): used = (1922196 − 166416
 * − 171724 − 647172) kB × 1024 = 959369216, the figure mackerel-agent's own memory_test.go expects.
 */
export const OLD_KERNEL_MEMORY: Readonly<Record<string, number>> = {
  'memory.total': 1968328704,
  'memory.used': 959369216,
  'memory.free': 170409984,
  'memory.buffers': 175845376,
  'memory.cached': 662704128,
  'memory.swap_total': 2147479552,
  'memory.swap_cached': 13889536,
  'memory.swap_free': 2099990528,
};

/** interface.* of linux-real t0 → t1: an idle link, every rate 0. */
export const LINUX_REAL_INTERFACES: Readonly<Record<string, number>> = {
  'interface.eth0.rxBytes.delta': 0,
  'interface.eth0.txBytes.delta': 0,
  'interface.ifb0.rxBytes.delta': 0,
  'interface.ifb0.txBytes.delta': 0,
  'interface.ifb1.rxBytes.delta': 0,
  'interface.ifb1.txBytes.delta': 0,
};

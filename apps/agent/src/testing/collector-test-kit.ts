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

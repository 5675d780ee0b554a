// Helpers shared by the WAL tests (not used by the engine).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReplayReport } from './replay.ts';
import { Wal, type WalOptions } from './wal.ts';

/** A fresh temp directory, removed when the test ends. */
export function tempDir(t: { after: (fn: () => void) => void }, prefix = 'saba-wal-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A recognizable payload: u32 `seq` then `len - 4` bytes derived from it (len >= 4). */
export function payload(seq: number, len = 16): Uint8Array {
  const p = new Uint8Array(Math.max(4, len));
  new DataView(p.buffer).setUint32(0, seq, true);
  for (let i = 4; i < p.length; i++) p[i] = (seq * 31 + i) & 0xff;
  return p;
}

/** The `seq` of a payload made by `payload`, checking the rest of its bytes. */
export function seqOf(p: Uint8Array): number {
  const seq = new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(0, true);
  for (let i = 4; i < p.length; i++) {
    if (p[i] !== ((seq * 31 + i) & 0xff)) throw new Error(`payload ${seq} damaged at byte ${i}`);
  }
  return seq;
}

/** Opens and replays a WAL, collecting copies of the payloads and the log lines. */
export async function openReplayed(
  dir: string,
  opts: WalOptions = {},
): Promise<{ wal: Wal; records: Uint8Array[]; report: ReplayReport; logs: string[] }> {
  const logs: string[] = [];
  const wal = await Wal.open(dir, { fsync: 'never', log: (m) => logs.push(m), ...opts });
  const records: Uint8Array[] = [];
  const report = await wal.replay((p) => records.push(Uint8Array.from(p)));
  return { wal, records, report, logs };
}

/** The seqs of a WAL's records after reopening it (then closes it). */
export async function replaySeqs(dir: string, opts: WalOptions = {}): Promise<number[]> {
  const { wal, records } = await openReplayed(dir, opts);
  await wal.close();
  return records.map(seqOf);
}

/** 0, 1, ..., n-1. */
export function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

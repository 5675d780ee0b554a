// WAL throughput under the 'batch' policy (every append acknowledged after its fsync), at 1 KB
// and 1 MB payloads with 1 and 64 concurrent appenders; CRC-32C throughput; replay speed.
// Run: node --expose-gc --import tsx packages/tsdb/src/wal/wal.bench.ts
// The directory is under os.tmpdir(), so the figures are those of that disk.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32c } from './crc32c.ts';
import { Wal } from './wal.ts';

const KB = 1024;
const MB = 1024 * 1024;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function benchCrc(size: number, label: string): void {
  const buf = new Uint8Array(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 2654435761) >>> 24;
  const total = 256 * MB;
  let x = 0;
  for (let done = 0; done < total / 8; done += size) x ^= crc32c(buf); // warm-up
  const t0 = performance.now();
  for (let done = 0; done < total; done += size) x ^= crc32c(buf);
  const s = (performance.now() - t0) / 1000;
  if (x === -1) throw new Error('unreachable'); // keeps the checksums live
  console.log(`crc32c ${label}: ${fmt(total / MB / s)} MB/s`);
}

// Runs `appenders` concurrent loops of awaited appends for about `ms`, or until `maxBytes` are written.
async function benchAppend(size: number, appenders: number, label: string, ms: number, maxBytes: number) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'saba-wal-bench-'));
  try {
    const wal = await Wal.open(path.join(root, 'wal'), { fsync: 'batch' });
    await wal.replay(() => {});
    const payload = new Uint8Array(size).fill(7);
    gc();
    let n = 0;
    const t0 = performance.now();
    const end = t0 + ms;
    await Promise.all(
      Array.from({ length: appenders }, async () => {
        while (performance.now() < end && n * size < maxBytes) {
          await wal.append(payload);
          n++;
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const st = wal.stats();
    await wal.close();
    console.log(`wal append ${label} x${appenders}: ${fmt(n / s)} records/s`);
    console.log(`wal append ${label} x${appenders}: ${fmt((n * size) / MB / s)} MB/s`);
    console.log(`wal append ${label} x${appenders}: ${(n / st.syncs).toFixed(1)} records/fsync`);
    if (size === KB && appenders === 64) await benchReplay(path.join(root, 'wal'), n);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchReplay(dir: string, records: number): Promise<void> {
  gc();
  const wal = await Wal.open(dir);
  const t0 = performance.now();
  const r = await wal.replay(() => {});
  const s = (performance.now() - t0) / 1000;
  await wal.close();
  if (r.records !== records) throw new Error(`replayed ${r.records} of ${records}`);
  console.log(`wal replay 1KB: ${fmt(records / s)} records/s (${fmt(r.bytes / MB / s)} MB/s)`);
}

benchCrc(64 * MB, '64MB');
benchCrc(KB, '1KB');
await benchAppend(KB, 1, '1KB', 2000, 256 * MB);
await benchAppend(KB, 64, '1KB', 2000, 256 * MB);
await benchAppend(MB, 1, '1MB', 2000, 512 * MB);
await benchAppend(MB, 64, '1MB', 3000, 1024 * MB);

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { UnavailableError } from '@saba/model';
import { openReplayed, payload, replaySeqs } from './test-kit.ts';
import type { Wal } from './wal.ts';

/** Mounts a 256 KiB tmpfs for the test (unmounted after); null when that is impossible here. */
function smallDisk(t: TestContext): string | null {
  const why = process.getuid?.() === 0 ? null : 'needs root to mount a tmpfs';
  let dir: string | null = null;
  let err = why;
  if (why === null) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'saba-wal-enospc-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { encoding: 'utf8' });
    const mounted = dir;
    if (r.status === 0) {
      t.after(() => {
        spawnSync('umount', [mounted]);
        rmSync(mounted, { recursive: true, force: true });
      });
      return dir;
    }
    rmSync(dir, { recursive: true, force: true });
    err = `mounting a tmpfs failed: ${r.stderr || r.error}`;
  }
  if (process.env.SABA_REQUIRE_SERVICES === '1') assert.fail(err ?? 'unreachable');
  t.skip(err ?? 'unreachable');
  return null;
}

/** Fills the disk but for `leave` bytes. */
function fillDisk(dir: string, leave: number): string {
  const file = path.join(dir, 'filler');
  const s = statfsSync(dir);
  writeFileSync(file, new Uint8Array(Math.max(0, s.bavail * s.bsize - leave)));
  return file;
}

/** Appends 2 KiB records, four at a time, until `rejectedRounds` rounds were refused; returns what was acknowledged. */
async function appendUntilFull(wal: Wal, next: { seq: number }, rejectedRounds: number): Promise<number[]> {
  const acked: number[] = [];
  let refused = 0;
  for (let round = 0; refused < rejectedRounds; round++) {
    assert.ok(round < 500, 'the disk never filled');
    const seqs = [0, 1, 2, 3].map(() => next.seq++);
    const results = await Promise.allSettled(seqs.map((s) => wal.append(payload(s, 2048))));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') acked.push(seqs[i]!);
      else {
        assert.ok(r.reason instanceof UnavailableError, String(r.reason));
        assert.match(r.reason.message, /^disk full: /);
      }
    });
    if (results.some((r) => r.status === 'rejected')) refused++;
  }
  return acked;
}

test('a full disk rejects appends, loses nothing acknowledged, and recovers when space returns', async (t) => {
  const dir = smallDisk(t);
  if (dir === null) return;
  const walDir = path.join(dir, 'wal');
  const next = { seq: 0 };
  const acked: number[] = [];
  const opts = { fsync: 'batch', segmentBytes: 32 * 1024 } as const;

  const a = await openReplayed(walDir, opts);
  let filler = fillDisk(dir, 60 * 1024);
  acked.push(...(await appendUntilFull(a.wal, next, 3)));
  rmSync(filler);
  for (let i = 0; i < 8; i++) {
    await a.wal.append(payload(next.seq, 2048)); // space is back: the same instance writes again
    acked.push(next.seq++);
  }
  filler = fillDisk(dir, 20 * 1024);
  acked.push(...(await appendUntilFull(a.wal, next, 2)));
  await a.wal.close();

  // Reopened on the still-full disk: replay sees exactly the acknowledged records.
  const b = await openReplayed(walDir, opts);
  assert.deepEqual(
    b.records.map((p) => new DataView(p.buffer).getUint32(0, true)),
    acked,
  );
  assert.equal(b.report.corrupt, null);
  await assert.rejects(b.wal.append(payload(next.seq++, 2048)), /disk full/);
  rmSync(filler);
  await b.wal.append(payload(next.seq, 2048));
  acked.push(next.seq++);
  await b.wal.close();
  assert.deepEqual(await replaySeqs(walDir), acked);
});

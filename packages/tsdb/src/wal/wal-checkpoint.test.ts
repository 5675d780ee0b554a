import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import { checkpointName, FILE_HEADER_BYTES, frameBytes } from './format.ts';
import { openReplayed, payload, range, replaySeqs, seqOf, tempDir } from './test-kit.ts';
import type { Wal } from './wal.ts';

/** Appends seqs 0..29, ten per segment (segments 0, 1, 2; segment 2 stays open). */
async function fill(wal: Wal): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (i > 0 && i % 10 === 0) await wal.cut();
    await wal.append(payload(i));
  }
}

// Drops odd seqs, rewrites multiples of 4 as seq + 1000, keeps the rest.
const keep = (p: Uint8Array) => {
  const s = seqOf(p);
  if (s % 2 === 1) return null;
  return s % 4 === 0 ? payload(s + 1000) : p;
};
const kept = (seqs: number[]) => seqs.filter((s) => s % 2 === 0).map((s) => (s % 4 === 0 ? s + 1000 : s));

test('checkpoint keeps, drops and rewrites; replay reads it then the later segments', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  await fill(wal);
  assert.deepEqual(await wal.checkpoint(2, keep), { kept: 10, dropped: 10 });
  assert.deepEqual(wal.segments(), [2]);
  assert.deepEqual(readdirSync(dir).sort(), ['00000002', checkpointName(2)]);
  await wal.append(payload(30));
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), [...kept(range(20)), ...range(11, 20)]);
});

test('a later checkpoint folds in the earlier one; the same range can be rewritten', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  await fill(wal);
  await wal.checkpoint(1, (p) => p);
  await wal.cut();
  assert.deepEqual(await wal.checkpoint(3, (p) => (seqOf(p) < 15 ? null : p)), { kept: 15, dropped: 15 });
  assert.deepEqual(await wal.checkpoint(3, (p) => (seqOf(p) === 20 ? null : p)), { kept: 14, dropped: 1 });
  assert.deepEqual(readdirSync(dir).sort(), ['00000003', checkpointName(3)]);
  await assert.rejects(wal.checkpoint(2, keep), BadDataError);
  await assert.rejects(wal.checkpoint(4, keep), BadDataError); // segment 3 is open
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), [...range(5, 15), ...range(9, 21)]);
});

test('a crash at any step of a checkpoint replays the same records', async (t) => {
  const base = tempDir(t);
  const before = path.join(base, 'before');
  const { wal: w0 } = await openReplayed(before);
  await fill(w0);
  await w0.checkpoint(1, (p) => p); // an old checkpoint to replace
  await w0.close();
  const after = path.join(base, 'after');
  cpSync(before, after, { recursive: true });
  const { wal } = await openReplayed(after);
  await wal.cut();
  await wal.checkpoint(3, keep);
  await wal.close();
  const want = kept(range(30));
  const oldRecords = range(30);

  const steps: { name: string; make: (dir: string) => void; seqs: number[] }[] = [
    {
      name: 'crash while writing the temp file',
      make: (dir) => {
        cpSync(before, dir, { recursive: true });
        writeFileSync(
          path.join(dir, `${checkpointName(3)}.tmp`),
          readFileSync(path.join(after, checkpointName(3))).subarray(0, 40),
        );
      },
      seqs: oldRecords,
    },
    {
      name: 'crash after the rename, before any deletion',
      make: (dir) => {
        cpSync(before, dir, { recursive: true });
        copyFileSync(path.join(after, checkpointName(3)), path.join(dir, checkpointName(3)));
      },
      seqs: want,
    },
    {
      name: 'crash after deleting the segments, before the old checkpoint',
      make: (dir) => {
        cpSync(after, dir, { recursive: true });
        copyFileSync(path.join(before, checkpointName(1)), path.join(dir, checkpointName(1)));
      },
      seqs: want,
    },
  ];
  for (const [i, s] of steps.entries()) {
    const dir = path.join(base, String(i));
    s.make(dir);
    const { wal: w, records, report } = await openReplayed(dir);
    assert.deepEqual(records.map(seqOf), s.seqs, s.name);
    assert.equal(report.corrupt, null, s.name);
    await w.append(payload(99));
    await w.close();
    assert.deepEqual(await replaySeqs(dir), [...s.seqs, 99], `${s.name}, reopened`);
    assert.equal(readdirSync(dir).filter((n) => n.startsWith('checkpoint')).length, 1, s.name);
  }
});

test('appends go on while a checkpoint runs', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir, { fsync: 'batch' });
  await fill(wal);
  const n = await wal.cut();
  const appends = range(50, 100).map((i) => wal.append(payload(i)));
  const ck = wal.checkpoint(n, (p) => p);
  await Promise.all([...appends, ck]);
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), [...range(30), ...range(50, 100)]);
});

test('a corrupt checkpoint ends the log there', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  await fill(wal);
  await wal.checkpoint(2, (p) => p);
  await wal.close();
  const file = path.join(dir, checkpointName(2));
  const b = readFileSync(file);
  const at = FILE_HEADER_BYTES + 5 * frameBytes(16) + 10; // inside record 5
  b[at] = b[at]! ^ 1;
  writeFileSync(file, b);
  const { wal: w, records, report } = await openReplayed(dir);
  assert.deepEqual(records.map(seqOf), range(5));
  assert.equal(report.corrupt?.segment, -1);
  assert.deepEqual(w.segments(), []);
  await w.append(payload(77));
  assert.deepEqual(w.segments(), [2]);
  await w.close();
  assert.deepEqual(await replaySeqs(dir), [...range(5), 77]);
});

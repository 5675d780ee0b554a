import assert from 'node:assert/strict';
import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { encodeHeader, FILE_HEADER_BYTES, FILE_KIND, frameBytes, segmentName, writeFrame } from './format.ts';
import { openReplayed, payload, range, replaySeqs, seqOf, tempDir } from './test-kit.ts';

/** Writes records `seqs` of 24 bytes each, one segment per inner array. */
async function build(dir: string, segments: number[][]): Promise<void> {
  const { wal } = await openReplayed(dir);
  for (const [i, seqs] of segments.entries()) {
    if (i > 0) await wal.cut();
    for (const s of seqs) await wal.append(payload(s, 24));
  }
  await wal.close();
}

const seg = (dir: string, n: number) => path.join(dir, segmentName(n));
const REC = frameBytes(24);

test('a torn last record is cut at every byte offset, and appending continues', async (t) => {
  const base = tempDir(t);
  const src = path.join(base, 'src');
  await build(src, [range(4), range(5, 4)]);
  const full = statSync(seg(src, 1)).size;
  const lastStart = full - REC;
  for (let cut = lastStart; cut < full; cut++) {
    const dir = path.join(base, `cut-${cut}`);
    cpSync(src, dir, { recursive: true });
    truncateSync(seg(dir, 1), cut);
    const { wal, records, report } = await openReplayed(dir);
    assert.deepEqual(records.map(seqOf), range(8), `cut at ${cut}`);
    if (cut === lastStart) assert.equal(report.corrupt, null);
    else assert.deepEqual(report.corrupt && [report.corrupt.segment, report.corrupt.offset], [1, lastStart]);
    assert.equal(statSync(seg(dir, 1)).size, lastStart);
    await wal.append(payload(100, 24));
    await wal.close();
    assert.deepEqual(await replaySeqs(dir), [...range(8), 100], `reopen after cut at ${cut}`);
  }
});

test('a garbled byte in the last record ends the log before it', async (t) => {
  const base = tempDir(t);
  const src = path.join(base, 'src');
  await build(src, [range(3), range(3, 3)]);
  const full = statSync(seg(src, 1)).size;
  for (let at = full - REC; at < full; at++) {
    const dir = path.join(base, `at-${at}`);
    cpSync(src, dir, { recursive: true });
    const bytes = readFileSync(seg(dir, 1));
    bytes[at] = bytes[at]! ^ 0x40;
    writeFileSync(seg(dir, 1), bytes);
    const logs: string[] = [];
    const { wal, records, report } = await openReplayed(dir, { log: (m) => logs.push(m) });
    assert.deepEqual(records.map(seqOf), range(5), `byte ${at}`);
    assert.equal(report.corrupt?.offset, full - REC);
    assert.equal(report.corrupt?.droppedBytes, REC);
    assert.equal(logs.length, 1);
    await wal.append(payload(9, 24));
    await wal.close();
    assert.deepEqual(await replaySeqs(dir), [...range(5), 9]);
  }
});

test('a garbled byte in a middle segment drops it from there and every later segment', async (t) => {
  const dir = tempDir(t);
  await build(dir, [range(3), range(3, 3), range(3, 6), range(3, 9)]);
  const bytes = readFileSync(seg(dir, 1));
  const at = FILE_HEADER_BYTES + REC + 12; // inside the second record of segment 1 (seq 4)
  bytes[at] = bytes[at]! ^ 1;
  writeFileSync(seg(dir, 1), bytes);
  const later = statSync(seg(dir, 2)).size + statSync(seg(dir, 3)).size;
  const { wal, records, report } = await openReplayed(dir);
  assert.deepEqual(records.map(seqOf), [0, 1, 2, 3]);
  assert.deepEqual(report.corrupt, {
    segment: 1,
    offset: FILE_HEADER_BYTES + REC,
    reason: 'record checksum mismatch',
    droppedBytes: 2 * REC + later,
  });
  assert.deepEqual(wal.segments(), [0, 1]);
  assert.ok(!existsSync(seg(dir, 2)) && !existsSync(seg(dir, 3)));
  await wal.append(payload(50, 24));
  assert.deepEqual(wal.segments(), [0, 1, 2]);
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), [0, 1, 2, 3, 50]);
});

test("bytes after a sealed segment's recorded end are discarded, not replayed", async (t) => {
  // What a failed write leaves when truncating it failed too: complete but rejected records.
  const dir = tempDir(t);
  await build(dir, [[1, 2], [3]]);
  const leftover = Buffer.alloc(REC * 2 + 5);
  writeFrame(leftover, writeFrame(leftover, 0, payload(98, 24)), payload(99, 24));
  appendFileSync(seg(dir, 0), leftover);
  const { wal, records, report, logs } = await openReplayed(dir);
  await wal.close();
  assert.deepEqual(records.map(seqOf), [1, 2, 3]);
  assert.equal(report.corrupt, null);
  assert.match(logs.join('\n'), new RegExp(`discarding ${2 * REC + 5} bytes`));
  assert.equal(statSync(seg(dir, 0)).size, FILE_HEADER_BYTES + 2 * REC);
});

test('damage found by file structure', async (t) => {
  const cases: { name: string; damage: (dir: string) => void; seqs: number[]; corrupt: RegExp | null }[] = [
    {
      name: 'a segment shorter than its successor recorded',
      damage: (dir) => truncateSync(seg(dir, 0), FILE_HEADER_BYTES + REC),
      seqs: [1],
      corrupt: /segment 1 recorded/,
    },
    {
      name: 'a missing middle segment',
      damage: (dir) => rmSync(seg(dir, 1)),
      seqs: [1, 2],
      corrupt: /segment 1 missing/,
    },
    {
      name: 'a garbled header in the last segment',
      damage: (dir) => garble(seg(dir, 2), 2),
      seqs: [1, 2, 3],
      corrupt: /magic|checksum/,
    },
    {
      name: 'a last segment cut off while being created',
      damage: (dir) => writeFileSync(seg(dir, 3), encodeHeader(FILE_KIND.segment, 0).subarray(0, 7)),
      seqs: [1, 2, 3, 4],
      corrupt: null,
    },
    {
      name: 'an empty last segment',
      damage: (dir) => writeFileSync(seg(dir, 3), ''),
      seqs: [1, 2, 3, 4],
      corrupt: null,
    },
  ];
  const base = tempDir(t);
  const src = path.join(base, 'src');
  await build(src, [[1, 2], [3], [4]]);
  for (const [i, c] of cases.entries()) {
    const dir = path.join(base, String(i));
    cpSync(src, dir, { recursive: true });
    c.damage(dir);
    const { wal, records, report } = await openReplayed(dir);
    assert.deepEqual(records.map(seqOf), c.seqs, c.name);
    if (c.corrupt === null) assert.equal(report.corrupt, null, c.name);
    else assert.match(report.corrupt?.reason ?? '', c.corrupt, c.name);
    await wal.append(payload(7, 24));
    await wal.close();
    assert.deepEqual(await replaySeqs(dir), [...c.seqs, 7], `${c.name}, reopened`);
    const names = readdirSync(dir).sort();
    assert.deepEqual(names, range(names.length).map(segmentName), `${c.name}: segments contiguous from 0`);
  }
});

function garble(file: string, at: number): void {
  const b = readFileSync(file);
  b[at] = b[at]! ^ 0xff;
  writeFileSync(file, b);
}

import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { LimitError, SabaError, UnavailableError } from '@saba/model';
import { FILE_HEADER_BYTES, RecordCursor, segmentName } from './format.ts';
import { openReplayed, payload, range, replaySeqs, seqOf, tempDir } from './test-kit.ts';
import { Wal } from './wal.ts';

test('records round trip through close and reopen', async (t) => {
  const dir = tempDir(t);
  const { wal, report } = await openReplayed(dir);
  assert.deepEqual(report, { records: 0, bytes: 0, segments: 0, corrupt: null });
  const sent = range(60).map((i) => payload(i, 4 + ((i * 37) % 300)));
  for (const p of sent.slice(0, 20)) await wal.append(p);
  await wal.appendMany(sent.slice(20, 50));
  await Promise.all(sent.slice(50).map((p) => wal.append(p)));
  await wal.append(new Uint8Array(0));
  await wal.close();
  const again = await openReplayed(dir);
  await again.wal.close();
  assert.deepEqual(again.records, [...sent, new Uint8Array(0)]);
  assert.equal(again.report.records, 61);
  assert.equal(
    again.report.bytes,
    sent.reduce((s, p) => s + p.length, 0),
  );
  assert.equal(again.report.corrupt, null);
});

test('records spread over segments, never spanning one', async (t) => {
  const dir = tempDir(t);
  const segmentBytes = 1024;
  const { wal } = await openReplayed(dir, { segmentBytes });
  const sizes = range(300).map((i) => 4 + ((i * 53) % 200));
  for (let i = 0; i < 150; i++) await wal.append(payload(i, sizes[i]));
  await Promise.all(range(150, 150).map((i) => wal.append(payload(i, sizes[i]))));
  await wal.append(payload(300, 5000)); // larger than a segment: one of its own
  await wal.append(payload(301));
  const segs = wal.segments();
  assert.ok(segs.length > 20, `${segs.length} segments`);
  assert.deepEqual(segs, range(segs.length));
  await wal.close();
  for (const n of segs) {
    const buf = readFileSync(path.join(dir, segmentName(n)));
    const cur = new RecordCursor(buf, FILE_HEADER_BYTES, buf.length);
    const seqs: number[] = [];
    for (let p = cur.next(); p !== null; p = cur.next()) seqs.push(seqOf(p));
    assert.equal(cur.error, null);
    assert.ok(seqs.length > 0, `segment ${n} has records`);
    if (seqs.includes(300)) assert.deepEqual(seqs, [300]);
    else assert.ok(buf.length <= segmentBytes, `segment ${n} is ${buf.length} bytes`);
  }
  assert.deepEqual(await replaySeqs(dir), range(302));
});

test('group commit: concurrent appends share fsyncs', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir, { fsync: 'batch' });
  await Promise.all(range(200).map((i) => wal.append(payload(i))));
  const burst = wal.stats();
  assert.equal(burst.records, 200);
  assert.ok(burst.syncs <= 3, `${burst.syncs} fsyncs for 200 appends made at once`);
  // 16 writers each awaiting its own appends: while one fsync runs, the others queue up.
  await Promise.all(
    range(16).map(async (w) => {
      for (let k = 0; k < 20; k++) await wal.append(payload(1000 + w * 100 + k));
    }),
  );
  const s = wal.stats();
  assert.equal(s.records, 520);
  assert.ok(s.syncs - burst.syncs <= 80, `${s.syncs - burst.syncs} fsyncs for 320 appends by 16 writers`);
  assert.equal(s.syncs, s.groups);
  await wal.close();
  const seqs = await replaySeqs(dir);
  assert.deepEqual(seqs.slice(0, 200), range(200));
  for (let w = 0; w < 16; w++) {
    const mine = seqs.filter((x) => x >= 1000 + w * 100 && x < 1100 + w * 100);
    assert.deepEqual(mine, range(20, 1000 + w * 100));
  }
});

test('cut starts a new segment after everything appended before it', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  const a = wal.append(payload(1));
  const n = await wal.cut();
  await a;
  await wal.append(payload(2));
  assert.deepEqual(wal.segments(), [0, 1]);
  assert.equal(n, 1);
  assert.equal(await wal.cut(), 2);
  await wal.close();
  const buf = readFileSync(path.join(dir, segmentName(1)));
  const p = new RecordCursor(buf, FILE_HEADER_BYTES, buf.length).next();
  assert.equal(seqOf(p!), 2);
  assert.deepEqual(await replaySeqs(dir), [1, 2]);
});

test('a 64 MiB record round trips; over 256 MiB per call is refused', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir, { segmentBytes: 1024 * 1024 });
  const big = new Uint8Array(64 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 4093) big[i] = i & 0xff;
  await wal.append(payload(1));
  await wal.append(big);
  await assert.rejects(wal.appendMany([big, big, big, big, big]), LimitError);
  await wal.append(payload(2));
  assert.equal(wal.segments().length, 3);
  await wal.close();
  const again = await openReplayed(dir);
  await again.wal.close();
  assert.equal(again.records.length, 3);
  assert.ok(Buffer.from(again.records[1]!).equals(big));
  assert.equal(statSync(path.join(dir, segmentName(1))).size, FILE_HEADER_BYTES + 8 + big.length);
});

test("'interval' syncs in the background, 'never' only at close", async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(path.join(dir, 'i'), { fsync: 'interval', fsyncIntervalMs: 10 });
  await wal.append(payload(1));
  assert.equal(wal.stats().syncs, 0);
  for (let i = 0; i < 1000 && wal.stats().syncs === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(wal.stats().syncs, 1);
  await wal.close();
  const never = await openReplayed(path.join(dir, 'n'), { fsync: 'never' });
  await never.wal.append(payload(1));
  assert.equal(never.wal.stats().syncs, 0);
  await never.wal.close();
  assert.equal(never.wal.stats().syncs, 1);
});

test('misuse is refused', async (t) => {
  const dir = tempDir(t);
  const wal = await Wal.open(dir, { fsync: 'never' });
  await assert.rejects(wal.append(payload(1)), SabaError);
  await wal.replay(() => {});
  await assert.rejects(
    wal.replay(() => {}),
    SabaError,
  );
  await assert.rejects(Wal.open(dir, { segmentBytes: 10 }), SabaError);
  const pending = range(50).map((i) => wal.append(payload(i)));
  await wal.close();
  await Promise.all(pending); // close waited for them
  await assert.rejects(wal.append(payload(1)), UnavailableError);
  await assert.rejects(wal.cut(), UnavailableError);
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), range(50));
});

test('size counts segments and checkpoint', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  await wal.append(payload(1, 100));
  assert.equal(wal.size(), FILE_HEADER_BYTES + 108);
  await wal.cut();
  await wal.checkpoint(1, (p) => p);
  assert.equal(wal.size(), 2 * FILE_HEADER_BYTES + 108);
  await wal.close();
});

test('payloads whose lengths are multiples of 8 replay 8-byte aligned (read in place by the head)', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(dir);
  for (const len of [8, 16, 800, 24]) await wal.append(payload(len, len));
  await wal.cut();
  await wal.append(payload(5, 40));
  await wal.close();
  const again = await Wal.open(dir, { fsync: 'never' });
  const offsets: number[] = [];
  await again.replay((p) => offsets.push(p.byteOffset % 8));
  await again.close();
  assert.deepEqual(offsets, [0, 0, 0, 0, 0]);
});

test('open creates missing parent directories', async (t) => {
  const dir = path.join(tempDir(t), 'a', 'b', 'wal');
  const { wal } = await openReplayed(dir);
  await wal.append(payload(1));
  await wal.close();
  assert.deepEqual(await replaySeqs(dir), [1]);
});

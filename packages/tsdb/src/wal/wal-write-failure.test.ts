import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { UnavailableError } from '@saba/model';
import { FILE_HEADER_BYTES, frameBytes, segmentName } from './format.ts';
import { openReplayed, payload, range, replaySeqs, tempDir } from './test-kit.ts';

// A disk that fails a write halfway and then refuses to truncate cannot be made on demand here,
// so this test patches FileHandle's methods: a fake, for that one failure.
async function withFailingDisk(dir: string, fn: () => Promise<void>): Promise<void> {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const { writev, truncate } = proto;
  const eio = () => Object.assign(new Error('EIO: i/o error (injected)'), { code: 'EIO' });
  proto.writev = async function (this: FileHandle, bufs: readonly NodeJS.ArrayBufferView[], pos?: number) {
    await writev.call(this, bufs.slice(0, Math.ceil(bufs.length / 2)), pos); // complete frames of rejected records
    throw eio();
  } as FileHandle['writev'];
  proto.truncate = async () => {
    throw eio();
  };
  try {
    await fn();
  } finally {
    proto.writev = writev;
    proto.truncate = truncate;
  }
}

test('when a write fails and truncating fails too, the rejected records never reappear', async (t) => {
  const dir = tempDir(t);
  const { wal, logs } = await openReplayed(path.join(dir, 'wal'), { fsync: 'batch' });
  await Promise.all(range(5).map((i) => wal.append(payload(i, 24))));
  await withFailingDisk(dir, async () => {
    const results = await Promise.allSettled(range(4, 100).map((i) => wal.append(payload(i, 24))));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof UnavailableError);
      assert.match(r.reason.message, /^wal write failed: EIO/);
    }
  });
  // Segment 0 keeps two rejected records past its good end; segment 1 was started at once to mark it.
  const seg0 = path.join(dir, 'wal', segmentName(0));
  assert.equal(statSync(seg0).size, FILE_HEADER_BYTES + 7 * frameBytes(24));
  assert.ok(existsSync(path.join(dir, 'wal', segmentName(1))));
  assert.match(logs.join('\n'), /truncating segment 0 .* failed/);
  await wal.append(payload(200, 24));
  await wal.close();
  assert.deepEqual(await replaySeqs(path.join(dir, 'wal')), [...range(5), 200]);
  assert.equal(statSync(seg0).size, FILE_HEADER_BYTES + 5 * frameBytes(24));
});

test('a failed fsync rejects its group and cuts it off; the next append starts a new segment', async (t) => {
  const dir = tempDir(t);
  const { wal } = await openReplayed(path.join(dir, 'wal'), { fsync: 'batch' });
  await wal.append(payload(1, 24));
  const probe = await open(path.join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  const { datasync } = proto;
  proto.datasync = async () => {
    proto.datasync = datasync; // fails once
    throw Object.assign(new Error('EIO: i/o error (injected)'), { code: 'EIO' });
  };
  try {
    await assert.rejects(wal.appendMany([payload(2, 24), payload(3, 24)]), UnavailableError);
  } finally {
    proto.datasync = datasync;
  }
  await wal.append(payload(4, 24));
  assert.deepEqual(wal.segments(), [0, 1]);
  await wal.close();
  assert.equal(statSync(path.join(dir, 'wal', segmentName(0))).size, FILE_HEADER_BYTES + frameBytes(24));
  assert.deepEqual(await replaySeqs(path.join(dir, 'wal')), [1, 4]);
});

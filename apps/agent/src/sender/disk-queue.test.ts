import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/sender-test-kit.ts';
import { DiskQueue, type QueueEntry, type QueueLimits } from './disk-queue.ts';

const ROOMY: QueueLimits = { maxAgeSeconds: 86_400, maxBytes: 1 << 20 };
const NOW = 1_700_000_000;

function files(dir: string): string[] {
  return readdirSync(dir).sort();
}

for (const fsync of [true, false]) {
  test(`push, read and remove keep FIFO order, one file per record (fsync ${fsync})`, async (t) => {
    const dir = join(tempDir(t), 'metrics'); // open creates it
    const q = await DiskQueue.open(dir, ROOMY, { fsync });
    const records = [{ n: 1 }, [1, 2, 3], 'three', { nested: { deep: [null, true] } }];
    for (const [i, r] of records.entries()) await q.push(NOW + i * 60, r, NOW + i * 60);

    assert.equal(q.length, 4);
    assert.deepEqual(
      q.entries.map((e) => e.name),
      records.map((_, i) => `${NOW + i * 60}-0000000${i}.json`),
      'names carry the time and a sequence',
    );
    assert.deepEqual(files(dir), q.entries.map((e) => e.name).sort(), 'one file per record, no temp file left');
    for (const [i, e] of q.entries.entries()) {
      assert.equal(e.timeSec, NOW + i * 60);
      assert.equal('record' in e, false, 'on disk, not in memory');
      assert.equal(e.bytes, Buffer.byteLength(JSON.stringify(records[i])));
      assert.deepEqual(await q.read(e), records[i]);
      assert.equal(readFileSync(join(dir, e.name), 'utf8'), JSON.stringify(records[i]));
    }

    const [first, second] = q.entries as [QueueEntry, QueueEntry];
    await q.remove([first, second]);
    assert.equal(q.length, 2);
    assert.deepEqual(await q.read(q.entries[0] as QueueEntry), 'three');
    assert.equal(files(dir).length, 2, 'removed records are unlinked');
    await q.remove(q.entries);
    assert.equal(q.length, 0);
    assert.deepEqual(files(dir), []);
  });
}

test('names: time then a sequence, so records of one second keep their order and a late one sorts in', async (t) => {
  const dir = tempDir(t);
  const q = await DiskQueue.open(dir, ROOMY, { fsync: false });
  const cases: { timeSec: number; name: string }[] = [
    { timeSec: 2000, name: '0000002000-00000000.json' },
    { timeSec: 2000, name: '0000002000-00000001.json' },
    { timeSec: 1000.9, name: '0000001000-00000002.json' }, // late: sorts before the 2000s
    { timeSec: -5, name: '0000000000-00000003.json' },
  ];
  for (const c of cases) assert.equal((await q.push(c.timeSec, c.name, 2000)).name, c.name);
  assert.deepEqual(
    q.entries.map((e) => e.name),
    ['0000000000-00000003.json', '0000001000-00000002.json', '0000002000-00000000.json', '0000002000-00000001.json'],
  );
});

test('reopening restores records in order, deletes interrupted writes and continues the sequence', async (t) => {
  const dir = tempDir(t);
  const first = await DiskQueue.open(dir, ROOMY);
  await first.push(NOW + 60, 'b', NOW);
  await first.push(NOW, 'a', NOW);
  await first.push(NOW + 120, 'c', NOW);
  const before = first.entries.map((e) => ({ name: e.name, timeSec: e.timeSec, bytes: e.bytes }));

  // What kill -9 between writeFile and rename leaves: a temp file, possibly cut short. Its
  // sequence number (99) is higher than any queued one and must not move the sequence.
  const leftovers = ['.tmp-0000000500-00000099.json', `.tmp-${before[0]?.name}`];
  for (const name of leftovers) writeFileSync(join(dir, name), '[{"hostId":"x","na');
  writeFileSync(join(dir, 'README'), 'not a record'); // foreign files are neither queued nor deleted

  const second = await DiskQueue.open(dir, ROOMY);
  assert.deepEqual(
    second.entries.map((e) => ({ name: e.name, timeSec: e.timeSec, bytes: e.bytes })),
    before,
  );
  assert.deepEqual(await Promise.all(second.entries.map((e) => second.read(e))), ['a', 'b', 'c']);
  for (const name of leftovers) assert.ok(!files(dir).includes(name), `${name} deleted`);
  assert.ok(files(dir).includes('README'));

  const next = await second.push(NOW + 180, 'd', NOW);
  assert.equal(next.name, `${NOW + 180}-00000003.json`, 'the sequence continues after the highest queued one');
  assert.deepEqual(
    second.entries.map((e) => e.name.slice(-13)),
    ['00000001.json', '00000000.json', '00000002.json', '00000003.json'],
  );
});

test('trim drops the oldest first, by age and by size, and says why', async (t) => {
  // Every record is 10 bytes: JSON.stringify('12345678') is "12345678" with quotes.
  const record = '12345678';
  const cases: {
    name: string;
    limits: QueueLimits;
    pushes: { timeSec: number; nowSec: number }[];
    trimAt?: number;
    kept: number[];
    dropped: { timeSec: number; why: string }[];
  }[] = [
    {
      name: 'age, at push',
      limits: { maxAgeSeconds: 100, maxBytes: 1000 },
      pushes: [
        { timeSec: 1000, nowSec: 1000 },
        { timeSec: 1050, nowSec: 1050 },
        { timeSec: 1100, nowSec: 1100 },
        { timeSec: 1160, nowSec: 1160 },
      ],
      kept: [1100, 1160],
      dropped: [
        { timeSec: 1000, why: 'older than 100 s' },
        { timeSec: 1050, why: 'older than 100 s' },
      ],
    },
    {
      name: 'age, by an explicit trim; exactly the limit is kept',
      limits: { maxAgeSeconds: 100, maxBytes: 1000 },
      pushes: [
        { timeSec: 1000, nowSec: 1000 },
        { timeSec: 1001, nowSec: 1001 },
      ],
      trimAt: 1101,
      kept: [1001],
      dropped: [{ timeSec: 1000, why: 'older than 100 s' }],
    },
    {
      name: 'size',
      limits: { maxAgeSeconds: 86_400, maxBytes: 25 },
      pushes: [1, 2, 3, 4].map((i) => ({ timeSec: 1000 + i, nowSec: 1004 })),
      kept: [1003, 1004],
      dropped: [
        { timeSec: 1001, why: 'buffer over 25 bytes' },
        { timeSec: 1002, why: 'buffer over 25 bytes' },
      ],
    },
    {
      name: 'size drops the oldest by time, not the first pushed',
      limits: { maxAgeSeconds: 86_400, maxBytes: 20 },
      pushes: [
        { timeSec: 1003, nowSec: 1003 },
        { timeSec: 1001, nowSec: 1003 },
        { timeSec: 1002, nowSec: 1003 },
      ],
      kept: [1002, 1003],
      dropped: [{ timeSec: 1001, why: 'buffer over 20 bytes' }],
    },
    {
      name: 'size keeps the newest record even when it alone is over the limit',
      limits: { maxAgeSeconds: 86_400, maxBytes: 5 },
      pushes: [
        { timeSec: 1001, nowSec: 1002 },
        { timeSec: 1002, nowSec: 1002 },
      ],
      kept: [1002],
      dropped: [{ timeSec: 1001, why: 'buffer over 5 bytes' }],
    },
  ];
  for (const c of cases) {
    const dir = tempDir(t);
    const dropped: { timeSec: number; why: string }[] = [];
    const q = await DiskQueue.open(dir, c.limits, {
      fsync: false,
      onDrop: (e, why) => dropped.push({ timeSec: e.timeSec, why }),
    });
    for (const p of c.pushes) await q.push(p.timeSec, record, p.nowSec);
    if (c.trimAt !== undefined) await q.trim(c.trimAt);
    assert.deepEqual(
      q.entries.map((e) => e.timeSec),
      c.kept,
      c.name,
    );
    assert.deepEqual(dropped, c.dropped, c.name);
    assert.equal(files(dir).length, c.kept.length, `${c.name}: dropped records are unlinked`);
  }
});

test('size limit applies to records found on reopen', async (t) => {
  const dir = tempDir(t);
  const first = await DiskQueue.open(dir, ROOMY, { fsync: false });
  for (const i of [1, 2, 3]) await first.push(1000 + i, '12345678', 1003);
  const why: string[] = [];
  const second = await DiskQueue.open(dir, { maxAgeSeconds: 86_400, maxBytes: 10 }, { onDrop: (_, w) => why.push(w) });
  assert.equal(second.length, 3, 'open itself drops nothing');
  await second.trim(1003);
  assert.deepEqual(
    second.entries.map((e) => e.timeSec),
    [1003],
  );
  assert.deepEqual(why, ['buffer over 10 bytes', 'buffer over 10 bytes']);
});

// Making the directory read-only (chmod 0o500) does not stop root, and these tests may run as root.
// Replacing the directory by a regular file does: every write below it fails with ENOTDIR for any
// user, which is what a disk that refuses writes looks like to the queue.
test('a write failure keeps the record in memory, readable and removable; writes resume after', async (t) => {
  const root = tempDir(t);
  const dir = join(root, 'checks');
  const q = await DiskQueue.open(dir, ROOMY);
  const onDisk = await q.push(NOW, { seq: 'a' }, NOW);

  renameSync(dir, join(root, 'moved-away'));
  writeFileSync(dir, 'a file where the directory was');
  const inMemory = await q.push(NOW + 60, { seq: 'b' }, NOW + 60);
  assert.deepEqual(inMemory.record, { seq: 'b' }, 'the record itself is kept');
  assert.deepEqual(await q.read(inMemory), { seq: 'b' });

  rmSync(dir);
  renameSync(join(root, 'moved-away'), dir);
  const resumed = await q.push(NOW + 120, { seq: 'c' }, NOW + 120);
  assert.equal('record' in resumed, false, 'the next write goes to disk again');

  assert.deepEqual(q.entries, [onDisk, inMemory, resumed]);
  assert.deepEqual(await Promise.all(q.entries.map((e) => q.read(e))), [{ seq: 'a' }, { seq: 'b' }, { seq: 'c' }]);
  assert.deepEqual(files(dir), [onDisk.name, resumed.name], 'no file, not even a temp one, for the failed write');

  await q.remove([inMemory]);
  assert.deepEqual(q.entries, [onDisk, resumed]);
  assert.deepEqual(files(dir), [onDisk.name, resumed.name]);

  // The in-memory record counts towards the size limit like any other, and goes when trimmed.
  mkdirSync(join(root, 'other'));
  const small = await DiskQueue.open(join(root, 'other'), { maxAgeSeconds: 86_400, maxBytes: 30 }, { fsync: false });
  renameSync(join(root, 'other'), join(root, 'other-away'));
  writeFileSync(join(root, 'other'), '');
  await small.push(1, 'x'.repeat(20), 1);
  await small.push(2, 'y'.repeat(20), 2);
  assert.deepEqual(
    small.entries.map((e) => e.record),
    ['y'.repeat(20)],
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError, DAY_MS, TooLargeError } from '@saba/model';
import { matcher } from '@saba/storage';
import { compress } from 'snappyjs';
import { ORG_A, ORG_B, openStore, read, T0 } from '../testing/fixture.ts';
import { encodeTestWriteRequest, type TestSeries } from '../testing/write-request.ts';
import { RemoteWriteIngest } from './ingest.ts';

const body = (series: readonly TestSeries[], metadata = 0) => compress(encodeTestWriteRequest(series, metadata));
const UP = (job: string, samples: [number, number][]): TestSeries => ({
  labels: [
    ['__name__', 'up'],
    ['job', job],
  ],
  samples,
});
const STALE_NAN = new DataView(new Uint8Array([2, 0, 0, 0, 0, 0, 0xf0, 0x7f]).buffer).getFloat64(0, true);

test('a request is stored under its labels plus the mark, in one commit', async () => {
  const s = await openStore();
  try {
    const ingest = new RemoteWriteIngest(s.storage);
    const r = await ingest.write(
      ORG_A,
      body(
        [
          UP('node', [
            [T0 - 15_000, 1],
            [T0, 0],
          ]),
          { ...UP('api', [[T0, 1]]), exemplars: 1, histograms: 2 },
        ],
        3,
      ),
    );
    assert.deepEqual(r, {
      accepted: 3,
      outOfWindow: 0,
      series: 2,
      samples: 3,
      staleMarkers: 0,
      exemplars: 1,
      histograms: 2,
      metadata: 3,
    });
    assert.deepEqual(read(s.storage, ORG_A, []), {
      '__name__=up,__saba_labeled__=1,job=api': [[T0, 1]],
      '__name__=up,__saba_labeled__=1,job=node': [
        [T0 - 15_000, 1],
        [T0, 0],
      ],
    });
    assert.deepEqual(read(s.storage, ORG_B, []), {});
    assert.equal(s.storage.counts.commit, 1);
  } finally {
    await s.close();
  }
});

test('a known series is appended by ref, found by its label bytes; a deleted one is found again', async () => {
  const s = await openStore();
  try {
    const ingest = new RemoteWriteIngest(s.storage);
    await ingest.write(ORG_A, body([UP('node', [[T0 - 30_000, 1]])]));
    assert.deepEqual([s.storage.counts.append, s.storage.counts.appendRef], [1, 0]);
    await ingest.write(
      ORG_A,
      body([
        UP('node', [
          [T0 - 15_000, 2],
          [T0, 3],
        ]),
      ]),
    );
    assert.deepEqual([s.storage.counts.append, s.storage.counts.appendRef], [1, 2]);
    // The same series in another organization is another series.
    await ingest.write(ORG_B, body([UP('node', [[T0, 9]])]));
    assert.equal(s.storage.counts.append, 2);
    await s.storage.deleteSeries(ORG_A, [matcher('=', 'job', 'node')]);
    await ingest.write(ORG_A, body([UP('node', [[T0, 4]])]));
    assert.equal(s.storage.counts.staleRef, 1);
    assert.deepEqual(read(s.storage, ORG_A, []), { '__name__=up,__saba_labeled__=1,job=node': [[T0, 4]] });
    assert.deepEqual(read(s.storage, ORG_B, []), { '__name__=up,__saba_labeled__=1,job=node': [[T0, 9]] });
  } finally {
    await s.close();
  }
});

test('an invalid series refuses the whole request, naming the series; nothing is stored', async () => {
  const s = await openStore();
  try {
    const ingest = new RemoteWriteIngest(s.storage);
    const bad: [string, TestSeries, RegExp][] = [
      ['no name', { labels: [['job', 'x']], samples: [[T0, 1]] }, /^series 1 \{job="x"\}: the label "__name__"/],
      [
        'unsorted',
        {
          labels: [
            ['job', 'x'],
            ['__name__', 'up'],
          ],
          samples: [[T0, 1]],
        },
        /^series 1 .*not sorted/,
      ],
      [
        'duplicate',
        {
          labels: [
            ['__name__', 'up'],
            ['a', '1'],
            ['a', '2'],
          ],
          samples: [[T0, 1]],
        },
        /more than once/,
      ],
      [
        'the mark',
        {
          labels: [
            ['__name__', 'up'],
            ['__saba_labeled__', '1'],
          ],
          samples: [[T0, 1]],
        },
        /reserved/,
      ],
      ['no samples, still checked', { labels: [['__name__', 'bad.name']] }, /metric name "bad.name"/],
    ];
    for (const [name, series, message] of bad) {
      await assert.rejects(
        ingest.write(ORG_A, body([UP('fine', [[T0, 1]]), series])),
        (e: unknown) => e instanceof BadDataError && message.test(e.message),
        name,
      );
    }
    assert.deepEqual(read(s.storage, ORG_A, []), {});
    assert.equal(s.storage.counts.commit, 0);
    assert.equal(s.storage.counts.rollback, bad.length);
  } finally {
    await s.close();
  }
});

test('corrupt snappy, corrupt protobuf and an oversized request are refused', async () => {
  const s = await openStore();
  try {
    const ingest = new RemoteWriteIngest(s.storage, { maxDecodedBytes: 1000 });
    await assert.rejects(ingest.write(ORG_A, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), /snappy: corrupt/);
    await assert.rejects(ingest.write(ORG_A, compress(new Uint8Array([0x0a, 0x50, 1]))), /protobuf: unexpected end/);
    const big = body(Array.from({ length: 40 }, (_, i) => UP(`job${i}`, [[T0, i]])));
    await assert.rejects(
      ingest.write(ORG_A, big),
      (e: unknown) => e instanceof TooLargeError && /decompresses to \d+ bytes/.test(e.message),
    );
    // A header claiming 4 GiB is refused before anything is allocated.
    await assert.rejects(ingest.write(ORG_A, new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x10])), TooLargeError);
    assert.deepEqual(read(s.storage, ORG_A, []), {});
  } finally {
    await s.close();
  }
});

test('samples outside the engine window are counted, the rest stored; stale markers are stored as NaN', async () => {
  const s = await openStore();
  try {
    const ingest = new RemoteWriteIngest(s.storage);
    const r = await ingest.write(
      ORG_A,
      body([
        UP('node', [
          [T0 - 2 * DAY_MS, 1],
          [T0 - 1000, 2],
          [T0, STALE_NAN],
          [T0 + 2 * DAY_MS, 3],
        ]),
      ]),
    );
    assert.deepEqual([r.accepted, r.outOfWindow, r.staleMarkers], [2, 2, 1]);
    const got = read(s.storage, ORG_A, [])['__name__=up,__saba_labeled__=1,job=node'];
    assert.equal(got?.length, 2);
    assert.deepEqual(got?.[0], [T0 - 1000, 2]);
    assert.ok(Number.isNaN(got?.[1]?.[1]));
  } finally {
    await s.close();
  }
});

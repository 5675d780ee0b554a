import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import { encodeWriteRequest } from '../../../../tools/prometheus-peer/remote-write.ts';
import { encodeTestWriteRequest } from '../testing/write-request.ts';
import { decodeWriteRequest } from './decode-write-request.ts';
import { seriesLabels } from './series-labels.ts';

/** Every series of a decoded request as labels (without the mark) and [t, v] samples. */
function decodedSeries(bytes: Uint8Array): { labels: Record<string, string>; samples: [number, number][] }[] {
  const req = decodeWriteRequest(bytes);
  return req.series.map((s, i) => {
    const labels: Record<string, string> = {};
    for (const l of seriesLabels(req.bytes, s.labelRanges, i))
      if (l.name !== '__saba_labeled__') labels[l.name] = l.value;
    const samples: [number, number][] = [];
    for (let k = s.from; k < s.to; k++) samples.push([req.ts[k] as number, req.vs[k] as number]);
    return { labels, samples };
  });
}

test('decodes what the peer encoder writes: labels, samples, negative and large timestamps', () => {
  const bytes = encodeWriteRequest([
    {
      labels: { __name__: 'up', job: 'node', instance: 'a:9100' },
      ts: [1_700_000_000_000, 1_700_000_015_000],
      vs: [1, 0],
    },
    {
      labels: { __name__: 'temp_celsius', zone: 'ü-é' },
      ts: [-1, 0, 2 ** 53 - 1],
      vs: [-273.15, 1e-300, Number.POSITIVE_INFINITY],
    },
  ]);
  assert.deepEqual(decodedSeries(bytes), [
    {
      labels: { __name__: 'up', instance: 'a:9100', job: 'node' },
      samples: [
        [1_700_000_000_000, 1],
        [1_700_000_015_000, 0],
      ],
    },
    {
      labels: { __name__: 'temp_celsius', zone: 'ü-é' },
      samples: [
        [-1, -273.15],
        [0, 1e-300],
        [2 ** 53 - 1, Number.POSITIVE_INFINITY],
      ],
    },
  ]);
});

test('exemplars, histograms and metadata are skipped and counted', () => {
  const bytes = encodeTestWriteRequest(
    [
      { labels: [['__name__', 'a']], samples: [[5, 1]], exemplars: 2, histograms: 3 },
      { labels: [['__name__', 'b']], histograms: 1 },
    ],
    4,
  );
  const req = decodeWriteRequest(bytes);
  assert.deepEqual(
    { series: req.series.length, samples: req.samples, ex: req.exemplars, h: req.histograms, m: req.metadata },
    { series: 2, samples: 1, ex: 2, h: 4, m: 4 },
  );
  assert.deepEqual(decodedSeries(bytes)[0], { labels: { __name__: 'a' }, samples: [[5, 1]] });
});

test('an empty request and a series of absent (zero) fields decode', () => {
  assert.equal(decodeWriteRequest(new Uint8Array(0)).series.length, 0);
  // TimeSeries { labels { } samples { } }: the Label has empty name and value, the Sample is (0, 0).
  const req = decodeWriteRequest(new Uint8Array([0x0a, 4, 0x0a, 0, 0x12, 0]));
  assert.equal(req.samples, 1);
  assert.deepEqual([req.ts[0], req.vs[0]], [0, 0]);
});

test('labels interleaved with samples are found wherever they are', () => {
  const label = (n: string, v: string) => [
    0x0a,
    n.length + v.length + 4,
    0x0a,
    n.length,
    ...Buffer.from(n),
    0x12,
    v.length,
    ...Buffer.from(v),
  ];
  const sample = [0x12, 11, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 7];
  const ts = [...label('__name__', 'x'), ...sample, ...label('job', 'j')];
  const bytes = new Uint8Array([0x0a, ts.length, ...ts]);
  assert.deepEqual(decodedSeries(bytes), [{ labels: { __name__: 'x', job: 'j' }, samples: [[7, 1]] }]);
});

test('malformed protobuf is a BadDataError', () => {
  const good = encodeWriteRequest([{ labels: { __name__: 'a' }, ts: [1], vs: [1] }]);
  const cases: [string, Uint8Array, RegExp][] = [
    ['cut short', good.subarray(0, good.length - 3), /unexpected end/],
    ['length past the end', new Uint8Array([0x0a, 0x50, 1]), /unexpected end/],
    ['field 0', new Uint8Array([0x00, 1]), /field number 0/],
    ['a group wire type', new Uint8Array([0x0b]), /wire type 3/],
    ['an 11-byte varint', new Uint8Array([0x08, ...Array(10).fill(0xff), 1]), /longer than 10 bytes/],
    ['a truncated double', new Uint8Array([0x0a, 5, 0x12, 3, 0x09, 0, 0]), /unexpected end/],
  ];
  for (const [name, bytes, message] of cases) {
    assert.throws(
      () => decodeWriteRequest(bytes),
      (e: unknown) => e instanceof BadDataError && message.test(e.message),
      name,
    );
  }
});

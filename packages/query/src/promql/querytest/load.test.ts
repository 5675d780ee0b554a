import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LABELED_LABEL, LABELED_VALUE, METRIC_NAME, orgId, unixMs } from '@saba/model';
import { matcher, type Samples } from '@saba/storage';
import { openPromqlTestStore, type PromqlTestStore } from '../../testing/promql-test-store.ts';
import { isStaleNaN, LoadError, loadInto, STALE_NAN, storedLabels } from './load.ts';
import { DEFAULT_TESTDATA_DIR, V2_42_FOLDER } from './runner.ts';
import { type LoadCommand, parseScript } from './script.ts';

let store: PromqlTestStore;
before(async () => {
  store = await openPromqlTestStore();
});
after(async () => {
  await store.close();
});

/** The raw bits of each stored value, read from the store's own array (no JS number in between). */
function bitsOf(s: Samples): bigint[] {
  const words = new BigUint64Array(s.vs.buffer, s.vs.byteOffset, s.length);
  return Array.from(words);
}

const NAN_BITS = new BigUint64Array(new Float64Array([Number.NaN]).buffer)[0] as bigint;
const STALE_BITS = 0x7ff0000000000002n;

test('the staleness marker is NaN with the bits 0x7ff0000000000002', () => {
  assert.ok(Number.isNaN(STALE_NAN));
  assert.ok(isStaleNaN(STALE_NAN));
  assert.ok(!isStaleNaN(Number.NaN));
  assert.ok(!isStaleNaN(0));
});

test('staleness.test loads as stored samples at 0, 10 s, 20 s, 30 s with a stale marker', async () => {
  const file = 'staleness.test';
  const script = parseScript(readFileSync(join(DEFAULT_TESTDATA_DIR, file), 'utf8'), file);
  const load = script.commands[0] as LoadCommand;
  const org = orgId('load-staleness');
  const report = await loadInto(store.db, org, load);
  assert.deepEqual(report, { series: 1, samples: 4, histogramsSkipped: 0 });
  const q = store.db.querier(org, unixMs(-3_600_000), unixMs(3_600_000));
  // Selected as the engine will: by name and the labelled-series mark.
  const series = q.select([matcher('=', METRIC_NAME, 'metric'), matcher('=', LABELED_LABEL, LABELED_VALUE)]);
  assert.equal(series.length, 1);
  assert.deepEqual(series[0]?.labels, [
    { name: METRIC_NAME, value: 'metric' },
    { name: LABELED_LABEL, value: LABELED_VALUE },
  ]);
  const s = series[0]?.samples() as Samples;
  assert.deepEqual(Array.from(s.ts.subarray(0, s.length)), [0, 10_000, 20_000, 30_000]);
  assert.deepEqual(bitsOf(s), [0n, 0x3ff0000000000000n, STALE_BITS, 0x4000000000000000n]);
  // Nothing of it is visible without the mark's matcher being satisfied by another org.
  assert.equal(
    store.db.querier(orgId('elsewhere'), unixMs(0), unixMs(60_000)).select([matcher('=', METRIC_NAME, 'metric')])
      .length,
    0,
  );
});

test('every load of every script reads back exactly: times, values, gaps, NaN and stale bits', async () => {
  let loads = 0;
  let samples = 0;
  let stale = 0;
  for (const sub of ['', V2_42_FOLDER]) {
    for (const name of readdirSync(join(DEFAULT_TESTDATA_DIR, sub)).filter((n) => n.endsWith('.test'))) {
      const file = sub === '' ? name : `${sub}/${name}`;
      const script = parseScript(readFileSync(join(DEFAULT_TESTDATA_DIR, file), 'utf8'), file);
      for (const cmd of script.commands) {
        if (cmd.kind !== 'load') continue;
        // One organization per load, so each load's series are read back alone.
        const org = orgId(`load:${file}:${cmd.line}`);
        const report = await loadInto(store.db, org, cmd);
        loads++;
        samples += report.samples;
        const q = store.db.querier(org, unixMs(0), unixMs(8.64e15));
        for (const s of cmd.series) {
          const want: [number, bigint][] = [];
          s.values.forEach((v, i) => {
            const t = i * cmd.intervalMs;
            if (v.kind === 'float') want.push([t, new BigUint64Array(new Float64Array([v.value]).buffer)[0] as bigint]);
            if (v.kind === 'stale') want.push([t, STALE_BITS]);
          });
          stale += want.filter(([, b]) => b === STALE_BITS).length;
          const ms = storedLabels(s.labels).map((l) => matcher('=', l.name, l.value));
          const got = q.select(ms).filter((x) => x.labels.length === ms.length);
          const where = `${file}:${s.line}`;
          if (want.length === 0) {
            assert.equal(got.length, 0, `${where}: a series of histograms only is not stored`);
            continue;
          }
          assert.equal(got.length, 1, where);
          const g = got[0]?.samples() as Samples;
          const bits = bitsOf(g);
          const gotPairs = Array.from(g.ts.subarray(0, g.length), (t, i) => [t, bits[i]]);
          // Computed NaNs may come quiet or not; any NaN stands for NaN, the stale marker only for itself.
          const norm = (b: bigint) =>
            b !== STALE_BITS && (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && b & 0xfffffffffffffn
              ? NAN_BITS
              : b;
          assert.deepEqual(
            gotPairs.map(([t, b]) => [t, norm(b as bigint)]),
            want.map(([t, b]) => [t, norm(b)]),
            where,
          );
        }
      }
    }
  }
  assert.ok(loads >= 370, `${loads} loads`);
  assert.ok(samples > 10_000, `${samples} samples`);
  assert.ok(stale >= 7, `${stale} stale markers`);
});

test('a series may not bring the reserved mark itself', async () => {
  const [load] = parseScript(`load 1m\n  foo{${LABELED_LABEL}="1"} 1`, 'mark.test').commands;
  await assert.rejects(loadInto(store.db, orgId('mark'), load as LoadCommand), LoadError);
  assert.equal(
    store.db.querier(orgId('mark'), unixMs(0), unixMs(60_000)).select([matcher('=', METRIC_NAME, 'foo')]).length,
    0,
  );
});

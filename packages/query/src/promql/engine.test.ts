import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compareLabels, type Labels, labelsFromRecord, type OrgId, orgId, unixMs } from '@saba/model';
import { openPromqlTestStore, type PromqlTestStore } from '../testing/promql-test-store.ts';
import { formatFloat, goQuote } from './engine/format.ts';
import { foldInlineCase } from './engine/regex-fold.ts';
import { createPromqlEngine } from './engine.ts';
import { PromqlError, type QueryResult } from './querytest/engine.ts';
import { storedLabels } from './querytest/load.ts';

const org: OrgId = orgId('engine-test');

function vectorOf(r: QueryResult): { labels: Labels; value: number }[] {
  assert.equal(r.kind, 'vector');
  return r.kind === 'vector' ? [...r.samples] : [];
}

describe('createPromqlEngine over a real tsdb', () => {
  let store: PromqlTestStore;
  before(async () => {
    store = await openPromqlTestStore();
    const app = store.db.appender(org);
    // A labelled series (decision 0013) and a Mackerel host series of the same name, unlabelled.
    const labelled = storedLabels(labelsFromRecord({ __name__: 'cpu', job: 'a' }));
    const host = labelsFromRecord({ __name__: 'cpu', host: 'h1' });
    for (let i = 0; i <= 10; i++) {
      app.append(labelled, unixMs(i * 60_000), i);
      app.append(host, unixMs(i * 60_000), 100 + i);
    }
    await app.commit();
  });
  after(async () => {
    await store.close();
  });

  test('selects labelled series only and answers them without the mark', async () => {
    const r = await createPromqlEngine().instant('cpu', unixMs(300_000), store.db, org);
    assert.deepEqual(vectorOf(r), [{ labels: labelsFromRecord({ __name__: 'cpu', job: 'a' }), value: 5 }]);
  });

  test('`mackerel.<name>` selects the Mackerel metric, never the labelled one, and answers the prefixed name', async () => {
    const engine = createPromqlEngine();
    const r = await engine.instant('{"mackerel.cpu"}', unixMs(300_000), store.db, org);
    assert.deepEqual(vectorOf(r), [{ labels: labelsFromRecord({ __name__: 'mackerel.cpu', host: 'h1' }), value: 105 }]);
    const filtered = await engine.instant('sum({"mackerel.cpu", host="h1"}) * 2', unixMs(300_000), store.db, org);
    assert.deepEqual(vectorOf(filtered), [{ labels: labelsFromRecord({}), value: 210 }]);
    assert.deepEqual(vectorOf(await engine.instant('{"mackerel.cpu", job="a"}', unixMs(300_000), store.db, org)), []);
  });

  test('a range query answers one point per step, sorted series, names dropped by arithmetic', async () => {
    const r = await createPromqlEngine().range('cpu * 2', unixMs(0), unixMs(120_000), 60_000, store.db, org);
    assert.equal(r.kind, 'matrix');
    if (r.kind !== 'matrix') return;
    assert.deepEqual(r.series, [
      {
        labels: labelsFromRecord({ job: 'a' }),
        points: [
          { t: 0, v: 0 },
          { t: 60_000, v: 2 },
          { t: 120_000, v: 4 },
        ],
      },
    ]);
  });

  test('the lookback delta option bounds how old a sample an instant selector takes', async () => {
    const at = unixMs(10 * 60_000 + 90_000); // 90 s after the last sample
    assert.equal(vectorOf(await createPromqlEngine().instant('cpu', at, store.db, org)).length, 1);
    const short = createPromqlEngine({ lookbackDeltaMs: 60_000 });
    assert.deepEqual(vectorOf(await short.instant('cpu', at, store.db, org)), []);
  });

  test('max samples refuses a query that would read more', async () => {
    const engine = createPromqlEngine({ maxSamples: 5 });
    assert.throws(
      () => engine.instant('cpu[10m]', unixMs(600_000), store.db, org),
      (err: unknown) => err instanceof PromqlError && err.phase === 'eval' && /too many samples/.test(err.message),
    );
  });

  test('the timeout stops a long range query', async () => {
    const engine = createPromqlEngine({ timeoutMs: 0 });
    assert.throws(
      () => engine.range('cpu', unixMs(0), unixMs(1e9), 1, store.db, org),
      (err: unknown) => err instanceof PromqlError && err.message === 'query timed out in expression evaluation',
    );
  });

  test('a range query of a range vector is refused with Prometheus message', async () => {
    assert.throws(
      () => createPromqlEngine().range('cpu[5m]', unixMs(0), unixMs(60_000), 60_000, store.db, org),
      (err: unknown) =>
        err instanceof PromqlError &&
        err.message === 'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
  });

  test('vector matching errors: many-to-many is refused', async () => {
    assert.throws(
      () => createPromqlEngine().instant('cpu + on() (cpu or vector(1))', unixMs(60_000), store.db, org),
      (err: unknown) => err instanceof PromqlError && /many-to-many matching not allowed/.test(err.message),
    );
  });
});

describe('a range query answers at each step what an instant query at that time answers', () => {
  // Series come and go (a gap every few minutes, one ends with a stale marker), so the input of
  // each step differs in members and order: what the evaluator remembers from step to step
  // (groups, selector cursors, per-step scratch) must not leak into the next step's answer.
  const aggOrg: OrgId = orgId('engine-test-steps');
  const STALE = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0] as number;
  const MINUTES = 20;
  let store: PromqlTestStore;
  before(async () => {
    store = await openPromqlTestStore();
    const app = store.db.appender(aggOrg);
    for (let k = 0; k < 7; k++) {
      const labels = storedLabels(labelsFromRecord({ __name__: 'm', i: `i${k}`, g: `g${k % 3}` }));
      for (let minute = 0; minute <= MINUTES; minute++) {
        if ((minute + k) % 4 === 0) continue;
        if (k === 5 && minute > 12) continue;
        // One huge series drives avg into its overflow-safe mean.
        const v = k === 6 ? 1e308 : k === 5 && minute === 12 ? STALE : k * 10 + minute * (k % 2 === 0 ? 1 : -1);
        app.append(labels, unixMs(minute * 60_000), v);
      }
    }
    await app.commit();
  });
  after(async () => {
    await store.close();
  });

  const queries = [
    'm',
    'sum by (g) (m)',
    'avg by (g) (m)',
    'count without (i) (m)',
    'min by (g) (m)',
    'max by (g) (m)',
    'stddev by (g) (m)',
    'stdvar by (g) (m)',
    'group by (g) (m)',
    'topk by (g) (1, m)',
    'quantile by (g) (0.5, m)',
    'count_values("v", m)',
    'sum(m) + avg(m)',
    'max_over_time(m[3m])',
    'sum by (g) (rate(m[4m]))',
    'sum by (g) (m offset 2m)',
    'max_over_time(sum by (g) (m)[3m:1m])',
  ];
  for (const q of queries) {
    test(q, async () => {
      // A one-minute lookback, so a gap takes the series out of that step.
      const engine = createPromqlEngine({ lookbackDeltaMs: 60_000 });
      const r = await engine.range(q, unixMs(0), unixMs(MINUTES * 60_000), 60_000, store.db, aggOrg);
      assert.equal(r.kind, 'matrix');
      if (r.kind !== 'matrix') return;
      for (let minute = 0; minute <= MINUTES; minute++) {
        const t = minute * 60_000;
        const fromRange = r.series
          .flatMap((s) => s.points.filter((p) => p.t === t).map((p) => ({ labels: s.labels, value: p.v })))
          .sort((a, b) => compareLabels(a.labels, b.labels));
        const instant = vectorOf(await engine.instant(q, unixMs(t), store.db, aggOrg)).sort((a, b) =>
          compareLabels(a.labels, b.labels),
        );
        assert.deepEqual(fromRange, instant, `at ${minute} min`);
      }
    });
  }
});

describe('engine helpers', () => {
  test('inline case-insensitive groups become classes; a leading (?i) is left to the storage', () => {
    assert.equal(foldInlineCase('.*(?i:duc).*'), '.*(?:[dD][uU][cC]).*');
    assert.equal(foldInlineCase('.*((?i)t[a-c])'), '.*([tT][a-cA-C])');
    assert.equal(foldInlineCase('(?i)prod'), '(?i)prod');
    assert.equal(foldInlineCase('plain|text'), 'plain|text');
  });

  test('floats format as Go does for labels and messages', () => {
    assert.equal(formatFloat(1e21, 'f'), '1000000000000000000000');
    assert.equal(formatFloat(1.5e-7, 'f'), '0.00000015');
    assert.equal(formatFloat(Number.POSITIVE_INFINITY, 'f'), '+Inf');
    assert.equal(formatFloat(Number.NaN, 'g'), 'NaN');
    assert.equal(formatFloat(-0.5, 'g'), '-0.5');
    assert.equal(formatFloat(1234567, 'g'), '1.234567e+06');
    assert.equal(formatFloat(0.00001, 'g'), '1e-05');
    assert.equal(goQuote('a\uDCC5z'), '"a\\xc5z"');
  });
});

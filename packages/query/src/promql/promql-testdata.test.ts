// Runs Prometheus's own PromQL test files (the top folder and v2.42.0/) against the evaluator over
// a real tsdb, prints the per-file table and every failure, and holds the pass counts to ratchets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openPromqlTestStore } from '../testing/promql-test-store.ts';
import { createPromqlEngine } from './engine.ts';
import { runTestdata, V2_42_FOLDER } from './querytest/runner.ts';

// Every eval of the top folder that needs neither native histograms nor an experimental feature.
const TOP_PASSING = 838;
// The Prometheus 2.42.0 copies: the rest fail on Prometheus 3's changes (left-open lookback and
// range windows, subquery steps, the name kept by comparisons), so they hold a ratchet, not zero.
const V2_42_PASSING = 413;

test('Prometheus test files: every eval of the top folder passes; v2.42.0/ holds its ratchet', async () => {
  const store = await openPromqlTestStore();
  try {
    // Prometheus's own test engine enables the experimental functions; the skip list still skips
    // the evals that depend on them, so this only lets a few incidental uses parse.
    const engine = createPromqlEngine({ experimentalFunctions: true });
    const report = await runTestdata(engine, { storage: store.db, includeV2_42: true, failuresShown: 10_000 });
    const inV2 = (f: { file: string }) => f.file.startsWith(`${V2_42_FOLDER}/`);
    const sum = (files: typeof report.files, k: 'passed' | 'failed') => files.reduce((n, f) => n + f[k], 0);
    const top = report.files.filter((f) => !inV2(f));
    const old = report.files.filter(inV2);
    assert.equal(sum(top, 'failed'), 0, 'failures in the top folder (listed above)');
    assert.ok(sum(top, 'passed') >= TOP_PASSING, `top folder passed ${sum(top, 'passed')}, ratchet ${TOP_PASSING}`);
    assert.ok(sum(old, 'passed') >= V2_42_PASSING, `v2.42.0 passed ${sum(old, 'passed')}, ratchet ${V2_42_PASSING}`);
  } finally {
    await store.close();
  }
});

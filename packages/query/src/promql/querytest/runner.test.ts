// runTestdata's bookkeeping over the real folder, with an engine that refuses every query: it
// shows every file loads into the real store and every eval is counted once, nothing about PromQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPromqlTestStore, type PromqlTestStore } from '../../testing/promql-test-store.ts';
import { type PromqlEngine, PromqlError } from './engine.ts';
import { runTestdata } from './runner.ts';

let store: PromqlTestStore;
before(async () => {
  store = await openPromqlTestStore();
});
after(async () => {
  await store.close();
});

const refuser: PromqlEngine = {
  instant: () => {
    throw new PromqlError('parse', 'not implemented here');
  },
  range: () => {
    throw new PromqlError('parse', 'not implemented here');
  },
};

test('runTestdata counts every eval of every file once and prints the table', async () => {
  const printed: string[] = [];
  const report = await runTestdata(refuser, {
    storage: store.db,
    includeV2_42: true,
    print: (t) => printed.push(t),
    failuresShown: 2,
  });
  const top = report.files.filter((f) => !f.file.startsWith('v2.42.0/'));
  const old = report.files.filter((f) => f.file.startsWith('v2.42.0/'));
  assert.equal(top.length, 21);
  assert.equal(old.length, 11);
  const sum = (fs: typeof top, k: 'passed' | 'failed' | 'skipped') => fs.reduce((n, f) => n + f[k], 0);
  assert.equal(sum(top, 'passed') + sum(top, 'failed'), 838);
  assert.equal(sum(top, 'skipped'), 2195 - 838);
  assert.equal(sum(old, 'skipped'), 0);
  assert.equal(report.passed + report.failed + report.skipped, 2195 + 566);
  // Only evals expecting a failure (with any message) pass against an engine that refuses all.
  const passedCases = report.files.flatMap((f) => f.cases).filter((c) => c.status === 'passed');
  assert.ok(passedCases.length > 0 && passedCases.length < 60, `${passedCases.length} passed`);
  for (const c of report.files.flatMap((f) => f.cases)) {
    if (c.status === 'skipped') assert.ok((c.reason ?? '').length > 0);
    if (c.status === 'failed') assert.deepEqual(c.got, ['error: not implemented here']);
  }
  assert.equal(printed.length, 1);
  const table = printed[0] as string;
  assert.equal(table, report.table);
  assert.match(table, /^file +passed +failed +skipped$/m);
  assert.match(table, new RegExp(`^total +${report.passed} +${report.failed} +${report.skipped}$`, 'm'));
  assert.match(table, /^v2\.42\.0\/staleness\.test +\d+ +\d+ +0$/m);
  assert.match(table, /^ +\d+ +native histograms$/m);
  assert.match(table, /^FAIL aggregators\.test:16: SUM BY \(group\) \(http_requests\{job="api-server"\}\)$/m);
  assert.match(table, /more failures$/);
});

test('runTestdata runs only the files asked for', async () => {
  const report = await runTestdata(refuser, { storage: store.db, only: ['staleness'], print: null });
  assert.deepEqual(
    report.files.map((f) => f.file),
    ['staleness.test'],
  );
  assert.equal(report.files[0]?.cases.length, 17);
});

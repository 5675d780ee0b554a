// The runner's judging rules, fed hand-written answers: these tests say how a case is judged,
// not that any engine is right (that is for the evaluator's run of runTestdata).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BadDataError,
  LABELED_LABEL,
  type Labels,
  labelsFromRecord,
  type OrgId,
  type UnixMs,
  unixMs,
} from '@saba/model';
import { matcher, type Storage } from '@saba/storage';
import { openPromqlTestStore, type PromqlTestStore } from '../../testing/promql-test-store.ts';
import { type PromqlEngine, PromqlError, type QueryResult } from './engine.ts';
import { runEvalCase } from './eval-case.ts';
import { runScript } from './runner.ts';
import { type EvalCommand, parseScript } from './script.ts';

let store: PromqlTestStore;
before(async () => {
  store = await openPromqlTestStore();
});
after(async () => {
  await store.close();
});

const ORG = 'judge' as OrgId;
const vec = (
  pairs: [Record<string, string>, number][],
  extra: Partial<Pick<QueryResult, 'warnings' | 'infos'>> = {},
): QueryResult => ({
  kind: 'vector',
  samples: pairs.map(([l, value]) => ({ labels: labelsFromRecord(l), value })),
  warnings: [],
  infos: [],
  ...extra,
});

/** Answers instant queries with `instant`, range queries with `range` (or throws what they are). */
function canned(instant: QueryResult | Error, range?: QueryResult | Error): PromqlEngine & { calls: string[] } {
  const calls: string[] = [];
  const answer = (a: QueryResult | Error | undefined) => {
    if (a instanceof Error) throw a;
    if (a === undefined) throw new Error('no range answer given');
    return a;
  };
  return {
    calls,
    instant: (expr, at) => {
      calls.push(`instant ${expr} @${at}`);
      return answer(instant);
    },
    range: (expr, start, end, step) => {
      calls.push(`range ${expr} ${start}..${end}/${step}`);
      return answer(range);
    },
  };
}

function evalOf(text: string): EvalCommand {
  return parseScript(text, 'case.test').commands[0] as EvalCommand;
}

async function judge(text: string, engine: PromqlEngine, rangeModeCheck = false) {
  return runEvalCase(evalOf(text), engine, store.db, ORG, { rangeModeCheck });
}

test('expected failures: the message must match, and a crash is never expected', async () => {
  const err = new PromqlError('eval', 'vector cannot contain metrics with the same labelset');
  assert.equal((await judge('eval instant at 1m x\n  expect fail', canned(err))).status, 'passed');
  assert.equal(
    (
      await judge(
        'eval instant at 1m x\n  expect fail msg: vector cannot contain metrics with the same labelset',
        canned(err),
      )
    ).status,
    'passed',
  );
  assert.equal((await judge('eval instant at 1m x\n  expect fail regex: same label', canned(err))).status, 'passed');
  assert.equal(
    (await judge('eval_fail instant at 1m x\n  expected_fail_regexp cannot contain', canned(err))).status,
    'passed',
  );
  const wrong = await judge('eval instant at 1m x\n  expect fail msg: something else', canned(err));
  assert.equal(wrong.status, 'failed');
  // The parser's own errors count as query failures too, being BadDataErrors.
  assert.equal(
    (await judge('eval instant at 1m x(\n  expect fail', canned(new BadDataError('unexpected end of input')))).status,
    'passed',
  );
  const crash = await judge('eval instant at 1m x\n  expect fail', canned(new TypeError('boom')));
  assert.deepEqual(crash.status === 'failed' && crash.reason, 'the query failed: engine crashed: TypeError: boom');
  const succeeded = await judge('eval instant at 1m x\n  expect fail', canned(vec([])));
  assert.equal(succeeded.status === 'failed' && succeeded.reason, 'expected the query to fail, but it succeeded');
  const unexpected = await judge('eval instant at 1m x', canned(err));
  assert.equal(unexpected.status, 'failed');
});

test('annotations are checked only where the script names them', async () => {
  const warned = vec([[{}, 1]], { warnings: ['PromQL warning: w1'] });
  assert.equal((await judge('eval instant at 0 x\n  {} 1', canned(warned))).status, 'passed');
  assert.equal(
    (await judge('eval instant at 0 x\n  expect warn msg: PromQL warning: w1\n  {} 1', canned(warned))).status,
    'passed',
  );
  assert.equal((await judge('eval instant at 0 x\n  expect warn\n  {} 1', canned(warned))).status, 'passed');
  const twoWarnings = vec([[{}, 1]], { warnings: ['PromQL warning: w1', 'PromQL warning: w2'] });
  const extra = await judge('eval instant at 0 x\n  expect warn msg: PromQL warning: w1\n  {} 1', canned(twoWarnings));
  assert.match(extra.status === 'failed' ? extra.reason : '', /unexpected warn annotation "PromQL warning: w2"/);
  const noWarn = await judge('eval instant at 0 x\n  expect no_warn\n  {} 1', canned(warned));
  assert.match(noWarn.status === 'failed' ? noWarn.reason : '', /unexpected warnings/);
  const missing = await judge('eval instant at 0 x\n  expect info\n  {} 1', canned(warned));
  assert.match(missing.status === 'failed' ? missing.reason : '', /expected info annotations but none/);
  assert.equal((await judge('eval instant at 0 x\n  expect no_info\n  {} 1', canned(warned))).status, 'passed');
});

test('instant queries are checked again in range mode at t', async () => {
  const text = 'eval instant at 2m x\n  {a="1"} 5';
  const instant = vec([[{ a: '1' }, 5]]);
  const matrix = (v: number): QueryResult => ({
    kind: 'matrix',
    series: [
      { labels: labelsFromRecord({ a: '1' }), points: [60_000, 120_000, 180_000].map((t) => ({ t: unixMs(t), v })) },
    ],
    warnings: [],
    infos: [],
  });
  const ok = canned(instant, matrix(5));
  assert.equal((await judge(text, ok, true)).status, 'passed');
  assert.deepEqual(ok.calls, ['instant x @120000', 'range x 60000..180000/60000']);
  const differs = await judge(text, canned(instant, matrix(6)), true);
  assert.match(differs.status === 'failed' ? differs.reason : '', /^in range mode at t: expected 5/);
  // start(), end(), range() and step() depend on the query, so no range-mode check for them.
  const ctx = canned(instant);
  assert.equal((await judge('eval instant at 2m x + step()\n  {a="1"} 5', ctx, true)).status, 'passed');
  assert.equal(ctx.calls.length, 1);
  // Ordered results are not compared in range mode (ranges are sorted by labels).
  assert.equal(
    (await judge('eval_ordered instant at 2m x\n  {a="1"} 5', canned(instant, matrix(6)), true)).status,
    'passed',
  );
});

test('`expect range vector` runs the instant query at the grid end and compares on the grid', async () => {
  const engine = canned({
    kind: 'matrix',
    series: [
      {
        labels: labelsFromRecord({ __name__: 'm' }),
        points: [10_000, 20_000].map((t, i) => ({ t: unixMs(t), v: i + 1 })),
      },
    ],
    warnings: [],
    infos: [],
  });
  const out = await judge(
    'eval instant at 1m m[10s]\n  expect range vector from 10s to 20s step 10s\n  m 1 2',
    engine,
    true,
  );
  assert.equal(out.status, 'passed');
  assert.deepEqual(engine.calls, ['instant m[10s] @20000']);
});

/** Answers `instant` of a bare metric name from the storage, to show where the runner put the data. */
function storageReader(): PromqlEngine {
  const read = (expr: string, at: UnixMs, storage: Storage, org: OrgId): QueryResult => {
    const q = storage.querier(org, at, at);
    const samples = q.select([matcher('=', '__name__', expr), matcher('=', LABELED_LABEL, '1')]).map((s) => ({
      labels: s.labels.filter((l) => l.name !== LABELED_LABEL) as Labels,
      value: s.samples().vs[0] as number,
    }));
    return { kind: 'vector', samples, warnings: [], infos: [] };
  };
  return { instant: read, range: () => Promise.reject(new Error('not used')) };
}

test('runScript: loads go to the file org, clear starts an empty one, skips are reported with reasons', async () => {
  const script = parseScript(
    [
      'load 1m',
      '  m{a="1"} 1 2 3',
      '',
      'eval instant at 1m m',
      '  m{a="1"} 2',
      '',
      'eval instant at 2m m',
      '  m{a="1"} 3',
      '',
      'clear',
      '',
      'eval instant at 1m m',
      '',
      'eval instant at 1m m',
      '  m{a="1"} 2',
    ].join('\n'),
    'wiring.test',
  );
  const report = await runScript(script, storageReader(), {
    storage: store.db,
    skips: new Map([['wiring.test:7', 'a reason']]),
    rangeModeCheck: false,
  });
  assert.deepEqual(
    report.cases.map((c) => [c.line, c.status, c.reason ?? '']),
    [
      [4, 'passed', ''],
      [7, 'skipped', 'a reason'],
      [12, 'passed', ''],
      [14, 'failed', 'expected series {__name__="m", a="1"} not found'],
    ],
  );
  assert.deepEqual([report.passed, report.failed, report.skipped], [2, 1, 1]);
  assert.deepEqual(report.cases[3]?.expected, ['m{a="1"} 2']);
  assert.deepEqual(report.cases[3]?.got, ['(empty vector)']);
});

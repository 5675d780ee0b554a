import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  HOST_LABEL,
  hostId,
  hostSeriesLabels,
  LABELED_LABEL,
  LABELED_VALUE,
  labelsFromRecord,
  METRIC_NAME,
  type OrgId,
  orgId,
  SERVICE_LABEL,
  serviceSeriesLabels,
  unixMs,
} from '@saba/model';
import type { Storage } from '@saba/storage';
import { Tsdb } from '@saba/tsdb';
import { evaluateExpr } from './evaluator.ts';
import { storageExprSource } from './storage-source.ts';
import type { ExprSource } from './types.ts';

// A real embedded engine in a temp directory, its clock fixed at T0.

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const T0_SEC = T0 / 1000;
const MIN = 60;
const ORG_A: OrgId = orgId('org-a');
const ORG_B: OrgId = orgId('org-b');

const ROLES: Record<string, readonly string[]> = {
  'Svc:web': ['h1', 'h2'],
  'Svc:empty': [],
  // An id with regex syntax must match itself only, not `hx3`.
  'Svc:dots': ['h.3'],
};

let dir = '';
let db: Tsdb;
const calls: string[] = [];

let selects = 0;

/** The engine, counting the selects made through it. */
function counted(): Storage {
  return {
    appender: (org) => db.appender(org),
    querier: (org, mint, maxt) => {
      const q = db.querier(org, mint, maxt);
      return {
        mint: q.mint,
        maxt: q.maxt,
        select: (ms) => {
          selects++;
          return q.select(ms);
        },
        labelNames: (ms) => q.labelNames(ms),
        labelValues: (name, ms) => q.labelValues(name, ms),
      };
    },
    deleteSeries: (org, ms) => db.deleteSeries(org, ms),
    close: () => db.close(),
  };
}

function sourceFor(org: OrgId): ExprSource {
  return storageExprSource({
    storage: counted(),
    org,
    roleHosts: async (service, role) => {
      calls.push(`${service}:${role}`);
      return ROLES[`${service}:${role}`] ?? [];
    },
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'saba-exprsource-'));
  db = await Tsdb.open({ dir, fsync: 'never', maintenanceIntervalMs: 0, clock: () => T0 });
  const a = db.appender(ORG_A);
  const host = (id: string, name: string, sec: number, v: number) =>
    a.append(hostSeriesLabels(hostId(id), name), unixMs(sec * 1000), v);
  // Minutes T0-10m .. T0-1m, on the minute.
  for (let i = 1; i <= 10; i++) {
    const t = T0_SEC - i * MIN;
    host('h1', 'loadavg5', t, i);
    host('h2', 'loadavg5', t, 10 * i);
    host('h3', 'loadavg5', t, 100 * i);
    host('hx3', 'loadavg5', t, 1000 * i);
    host('h1', 'custom.foo.a', t, 1);
    host('h1', 'custom.foo.b', t, 2);
    host('h1', 'custom.foo.a.deep', t, 3);
    host('h1', 'custom.bar.a', t, 4);
    host('h1', 'customxfooxa', t, 5);
    a.append(serviceSeriesLabels('Svc', 'requests'), unixMs(t * 1000), 7 * i);
    a.append(serviceSeriesLabels('Other', 'requests'), unixMs(t * 1000), -1);
    // Labelled series (remote_write, OTLP) that carry a `host` or `service` label are not
    // Mackerel metrics: the tests below see none of their values (decision 0013).
    const labelled = (owner: string, id: string, name: string) =>
      labelsFromRecord({ [METRIC_NAME]: name, [owner]: id, [LABELED_LABEL]: LABELED_VALUE });
    a.append(labelled(HOST_LABEL, 'h1', 'loadavg5'), unixMs(t * 1000), 999);
    a.append(labelled(SERVICE_LABEL, 'Svc', 'requests'), unixMs(t * 1000), 999);
  }
  // Off the minute: two samples in one minute (the later wins) and one 30 s into the next.
  host('h4', 'm', T0_SEC - 20 * MIN + 15, 1);
  host('h4', 'm', T0_SEC - 20 * MIN + 45, 2);
  host('h4', 'm', T0_SEC - 19 * MIN + 30, 3);
  // One sample a minute over the last hour, for the 5-minute means of a 2-day span.
  for (let i = 0; i < 60; i++) host('h5', 'm', T0_SEC - 60 * MIN + i * MIN, i);
  await a.commit();

  const b = db.appender(ORG_B);
  for (let i = 1; i <= 10; i++)
    b.append(hostSeriesLabels(hostId('h1'), 'loadavg5'), unixMs((T0_SEC - i * MIN) * 1000), -i);
  await b.commit();
});

after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const FROM = T0_SEC - 10 * MIN;
const TO = T0_SEC - MIN;
/** The minutes FROM..TO with value f(i) where the minute is T0 - i minutes. */
const minutes = (f: (i: number) => number) =>
  Array.from({ length: 10 }, (_, k) => ({ time: T0_SEC - (10 - k) * MIN, value: f(10 - k) }));

test('hostSeries: one host, named by metric, sourced by host id', async () => {
  const got = await sourceFor(ORG_A).hostSeries('h1', 'loadavg5', FROM, TO);
  assert.deepEqual(got, [{ name: 'loadavg5', source: 'h1', points: minutes((i) => i) }]);
  assert.deepEqual(await sourceFor(ORG_A).hostSeries('nope', 'loadavg5', FROM, TO), []);
});

test('serviceSeries: one service', async () => {
  const got = await sourceFor(ORG_A).serviceSeries('Svc', 'requests', FROM, TO);
  assert.deepEqual(got, [{ name: 'requests', source: 'Svc', points: minutes((i) => 7 * i) }]);
});

test('wildcards match one dot-free segment; dots are literal', async () => {
  const cases: Array<[string, string[]]> = [
    ['custom.foo.*', ['custom.foo.a', 'custom.foo.b']],
    ['custom.*.a', ['custom.bar.a', 'custom.foo.a']],
    ['custom.foo.a', ['custom.foo.a']],
    ['custom.foo.*.deep', ['custom.foo.a.deep']],
    ['custom.nothing.*', []],
  ];
  for (const [pattern, names] of cases) {
    const got = await sourceFor(ORG_A).hostSeries('h1', pattern, FROM, TO);
    assert.deepEqual(
      got.map((s) => s.name),
      names,
      pattern,
    );
  }
});

test('points lie on the minute grid within [from, to]; the later sample of a minute wins', async () => {
  const src = sourceFor(ORG_A);
  const got = await src.hostSeries('h4', 'm', T0_SEC - 30 * MIN, T0_SEC);
  assert.deepEqual(got[0]?.points, [
    { time: T0_SEC - 20 * MIN, value: 2 },
    { time: T0_SEC - 19 * MIN, value: 3 },
  ]);
  // From the middle of a minute: its sample's floored time lies before `from`.
  const clipped = await src.hostSeries('h4', 'm', T0_SEC - 20 * MIN + 30, T0_SEC);
  assert.deepEqual(clipped[0]?.points, [{ time: T0_SEC - 19 * MIN, value: 3 }]);
  const inner = await src.hostSeries('h1', 'loadavg5', T0_SEC - 5 * MIN, T0_SEC - 3 * MIN);
  assert.deepEqual(inner[0]?.points, [
    { time: T0_SEC - 5 * MIN, value: 5 },
    { time: T0_SEC - 4 * MIN, value: 4 },
    { time: T0_SEC - 3 * MIN, value: 3 },
  ]);
});

test('a 2-day span gives 5-minute means stamped at each bucket start', async () => {
  const got = await sourceFor(ORG_A).hostSeries('h5', 'm', T0_SEC - 2 * 86_400, T0_SEC);
  // Bucket k holds the samples i = 5k .. 5k+4, whose mean is 5k + 2.
  const want = Array.from({ length: 12 }, (_, k) => ({ time: T0_SEC - 60 * MIN + k * 5 * MIN, value: 5 * k + 2 }));
  assert.deepEqual(got, [{ name: 'm', source: 'h5', points: want }]);
});

test('roleSeries: the hosts of the role, in one select; roleSlotSeries the same', async () => {
  const src = sourceFor(ORG_A);
  calls.length = 0;
  selects = 0;
  const got = await src.roleSeries('Svc:web', 'loadavg5', FROM, TO);
  assert.equal(selects, 1);
  assert.deepEqual(got, [
    { name: 'loadavg5', source: 'h1', points: minutes((i) => i) },
    { name: 'loadavg5', source: 'h2', points: minutes((i) => 10 * i) },
  ]);
  assert.deepEqual(await src.roleSlotSeries('Svc:web', 'loadavg5', FROM, TO), got);
  assert.deepEqual(calls, ['Svc:web', 'Svc:web']);
  assert.deepEqual(await src.roleSeries('Svc:empty', 'loadavg5', FROM, TO), []);
  assert.deepEqual(await src.roleSeries('Svc:dots', 'loadavg5', FROM, TO), []);
  await assert.rejects(src.roleSeries('web', 'loadavg5', FROM, TO), /must be written Service:role/);
});

test('organizations are isolated', async () => {
  const got = await sourceFor(ORG_B).hostSeries('h1', 'loadavg5', FROM, TO);
  assert.deepEqual(got, [{ name: 'loadavg5', source: 'h1', points: minutes((i) => -i) }]);
  assert.deepEqual(await sourceFor(ORG_B).serviceSeries('Svc', 'requests', FROM, TO), []);
  assert.deepEqual(await sourceFor(orgId('org-c')).roleSeries('Svc:web', 'loadavg5', FROM, TO), []);
});

test('an expression evaluates end to end over the store', async () => {
  const got = await evaluateExpr('avg(role(Svc:web, loadavg5))', { from: FROM, to: TO, source: sourceFor(ORG_A) });
  assert.deepEqual(got, [
    { name: 'avg(role(Svc:web, loadavg5))', source: '', points: minutes((i) => (i + 10 * i) / 2) },
  ]);
});

// Check monitoring (spec mackerel-api.md §6): reports and the check monitors they create.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertSuccess, createHost, type Json, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { openAlertOf } from '../testing/monitor-fixtures.ts';

let h: Harness;
let hostId: string;
before(async () => {
  h = await startHarness();
  hostId = await createHost(h, { name: 'checked', checks: [{ name: 'testcheck', memo: 'cycling test check' }] });
});
after(async () => {
  await h.close();
});

/** A report as mackerel-agent v0.80.0 sent it in the captured trace (source type host, trailing newline). */
function report(name: string, status: string, message: string, occurredAt: number, host = hostId): Json {
  return { source: { type: 'host', hostId: host }, name, status, message, occurredAt };
}

async function post(reports: unknown, key?: string) {
  return h.call('POST', '/api/v0/monitoring/checks/report', { body: { reports }, ...(key ? { key } : {}) });
}

async function statusOf(name: string, host = hostId): Promise<Json | undefined> {
  const a = await h.call('GET', `/api/v0/hosts/${host}/monitored-statuses`);
  assert.equal(a.status, 200, a.text);
  const checks = await listAll();
  const id = checks.find((c) => c.name === name)?.id;
  return (a.json.monitoredStatuses as Json[]).find((s) => s.monitorId === id);
}

async function listAll(key?: string): Promise<Json[]> {
  const a = await h.call('GET', '/api/v0/monitoring/checks', key ? { key } : {});
  assert.equal(a.status, 200, a.text);
  return a.json.checks as Json[];
}

describe('POST /api/v0/monitoring/checks/report', () => {
  test('the agent report creates the check monitor implicitly', async () => {
    const t = nowSec();
    assertSuccess(await post([report('testcheck', 'OK', 'OK: run 1\n', t)]));
    const checks = await listAll();
    const mine = checks.filter((c) => c.name === 'testcheck');
    assert.equal(mine.length, 1);
    assert.deepEqual(Object.keys(mine[0] as Json).sort(), ['id', 'name']);
    assert.deepEqual(await statusOf('testcheck'), {
      monitorId: mine[0]?.id,
      status: 'OK',
      detail: { type: 'check', message: 'OK: run 1\n', memo: 'cycling test check' },
    });

    // A newer report changes the state; the monitor stays the same one.
    assertSuccess(await post([report('testcheck', 'CRITICAL', 'CRITICAL: run 2\n', t + 60)]));
    assert.equal((await statusOf('testcheck'))?.status, 'CRITICAL');
    assert.equal((await listAll()).filter((c) => c.name === 'testcheck').length, 1);
  });

  test('a report with an occurredAt already stored for the host and name is ignored', async () => {
    const t = nowSec() - 600;
    assertSuccess(await post([report('dupcheck', 'OK', 'first\n', t)]));
    assertSuccess(await post([report('dupcheck', 'CRITICAL', 'retry of the same run\n', t)]));
    const s = await statusOf('dupcheck');
    assert.equal(s?.status, 'OK');
    assert.equal(s?.detail.message, 'first\n');
  });

  test('a report 6 h old or more is ignored; one just younger is kept', async () => {
    const now = nowSec();
    assertSuccess(await post([report('stalecheck', 'CRITICAL', 'old\n', now - 6 * 3600)]));
    assertSuccess(await post([report('stalecheck2', 'CRITICAL', 'older\n', now - 7 * 3600)]));
    const names = (await listAll()).map((c) => c.name);
    assert.ok(!names.includes('stalecheck'));
    assert.ok(!names.includes('stalecheck2'));
    assert.equal(await statusOf('stalecheck'), undefined);
    assertSuccess(await post([report('stalecheck', 'WARNING', 'recent enough\n', now - 6 * 3600 + 120)]));
    assert.equal((await statusOf('stalecheck'))?.status, 'WARNING');
  });

  test('100 reports in one request are accepted; 101 are 400 and nothing is stored', async () => {
    const t = nowSec() - 3600;
    assertSuccess(await post(Array.from({ length: 100 }, (_, i) => report('bulkcheck', 'OK', `run ${i}\n`, t + i))));
    assert.equal((await statusOf('bulkcheck'))?.detail.message, 'run 99\n');
    const tooMany = Array.from({ length: 101 }, (_, i) => report('bulkcheck101', 'OK', `run ${i}\n`, t + i));
    assertError(await post(tooMany), 400);
    assert.ok(!(await listAll()).some((c) => c.name === 'bulkcheck101'));
  });

  test('an unknown host is 400 and nothing of the request is stored', async () => {
    const t = nowSec();
    const a = await post([report('mixedcheck', 'OK', 'ok\n', t), report('mixedcheck', 'OK', 'ok\n', t, 'NoSuchHost1')]);
    assertError(a, 400, /NoSuchHost1/);
    assert.ok(!(await listAll()).some((c) => c.name === 'mixedcheck'));
  });

  test("another organization's host is as unknown", async () => {
    const org = await h.newOrg();
    const theirs = await createHost(h, { name: 'their-checked' }, org.key);
    assertError(await post([report('theircheck', 'OK', 'ok\n', nowSec(), theirs)]), 400);
    assertSuccess(await post([report('theircheck', 'OK', 'ok\n', nowSec(), theirs)], org.key));
    assert.ok(!(await listAll()).some((c) => c.name === 'theircheck'));
    assert.ok((await listAll(org.key)).some((c) => c.name === 'theircheck'));
  });

  test('a retired host is refused (spec silent; Mackerel refuses writes to retired hosts)', async () => {
    const id = await createHost(h, { name: 'retired-checked' });
    assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/retire`, { raw: 'null\n' }));
    const a = await post([report('retiredcheck', 'OK', 'ok\n', nowSec(), id)]);
    assert.ok(a.status >= 400 && a.status < 500, a.text);
    assertError(a, a.status);
  });

  test('the optional notificationInterval and maxCheckAttempts are accepted', async () => {
    const r = { ...report('optcheck', 'CRITICAL', 'crit\n', nowSec()), notificationInterval: 5, maxCheckAttempts: 3 };
    assertSuccess(await post([r]));
    assert.equal((await statusOf('optcheck'))?.status, 'CRITICAL');
  });

  test('reports null (a Go nil slice) is accepted', async () => {
    assertSuccess(await h.call('POST', '/api/v0/monitoring/checks/report', { body: { reports: null } }));
  });

  const t = 1_800_000_000;
  const malformed: ReadonlyArray<readonly [string, unknown]> = [
    [
      'source type other than host',
      { reports: [{ ...report('m', 'OK', 'x', t), source: { type: 'service', hostId: 'x' } }] },
    ],
    ['source missing', { reports: [{ name: 'm', status: 'OK', message: 'x', occurredAt: t }] }],
    [
      'name missing',
      { reports: [{ source: { type: 'host', hostId: 'x' }, status: 'OK', message: 'x', occurredAt: t }] },
    ],
    ['an unknown status', { reports: [report('m', 'BROKEN', 'x', t)] }],
    [
      'message missing',
      { reports: [{ source: { type: 'host', hostId: 'x' }, name: 'm', status: 'OK', occurredAt: t }] },
    ],
    [
      'occurredAt missing',
      { reports: [{ source: { type: 'host', hostId: 'x' }, name: 'm', status: 'OK', message: 'x' }] },
    ],
    [
      'occurredAt a string',
      { reports: [report('m', 'OK', 'x', t), { ...report('m', 'OK', 'x', t), occurredAt: '1' }] },
    ],
    ['maxCheckAttempts 0', { reports: [{ ...report('m', 'OK', 'x', t), maxCheckAttempts: 0 }] }],
    ['maxCheckAttempts 11', { reports: [{ ...report('m', 'OK', 'x', t), maxCheckAttempts: 11 }] }],
    ['reports not an array', { reports: {} }],
    ['a bare array body', [report('m', 'OK', 'x', t)]],
  ];
  for (const [what, body] of malformed) {
    test(`400 for ${what}`, async () => {
      assertError(await h.call('POST', '/api/v0/monitoring/checks/report', { body }), 400);
    });
  }
});

describe('GET /api/v0/monitoring/checks', () => {
  test('pages with limit and nextId in ascending id order', async () => {
    const org = await h.newOrg();
    const host = await createHost(h, { name: 'pager' }, org.key);
    const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
    assertSuccess(
      await post(
        names.map((n) => report(n, 'OK', 'ok\n', nowSec(), host)),
        org.key,
      ),
    );

    const whole = await h.call('GET', '/api/v0/monitoring/checks', { key: org.key });
    assert.equal(whole.status, 200);
    assert.equal(whole.json.nextId, undefined);
    const all = whole.json.checks as Json[];
    assert.deepEqual(all.map((c) => c.name).sort(), names);
    const ids = all.map((c) => c.id as string);
    assert.deepEqual(ids, [...ids].sort());

    const seen: Json[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const q = next === undefined ? 'limit=2' : `limit=2&nextId=${encodeURIComponent(next)}`;
      const a = await h.call('GET', `/api/v0/monitoring/checks?${q}`, { key: org.key });
      assert.equal(a.status, 200, a.text);
      assert.ok(a.json.checks.length <= 2);
      seen.push(...a.json.checks);
      next = a.json.nextId;
      pages++;
    } while (next !== undefined && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, all);
  });

  test('limit 100 is fine; over 100 is 400', async () => {
    assert.equal((await h.call('GET', '/api/v0/monitoring/checks?limit=100')).status, 200);
    assertError(await h.call('GET', '/api/v0/monitoring/checks?limit=101'), 400);
    assertError(await h.call('GET', '/api/v0/monitoring/checks?limit=many'), 400);
  });
});

describe('GET /api/v0/monitoring/checks/<id>', () => {
  test('returns {check: {id, name}}; 404 for an unknown id', async () => {
    assertSuccess(await post([report('single', 'OK', 'ok\n', nowSec())]));
    const id = (await listAll()).find((c) => c.name === 'single')?.id as string;
    const a = await h.call('GET', `/api/v0/monitoring/checks/${id}`);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { check: { id, name: 'single' } });
    assertError(await h.call('GET', '/api/v0/monitoring/checks/NoSuchCheck'), 404);
    const org = await h.newOrg();
    assertError(await h.call('GET', `/api/v0/monitoring/checks/${id}`, { key: org.key }), 404);
  });
});

describe("the host's checks list", () => {
  test('a check absent from the host update no longer shows in monitored-statuses', async () => {
    const id = await createHost(h, { name: 'pruned', checks: [{ name: 'keepme' }, { name: 'dropme' }] });
    const t = nowSec();
    // Two attempts: one WARNING opens no alert, which would keep the check (next test).
    const warn = { ...report('dropme', 'WARNING', 'warn\n', t, id), maxCheckAttempts: 2 };
    assertSuccess(await post([report('keepme', 'OK', 'ok\n', t, id), warn]));
    assert.equal((await statusOf('dropme', id))?.status, 'WARNING');
    const put = await h.call('PUT', `/api/v0/hosts/${id}`, {
      body: { name: 'pruned', meta: {}, checks: [{ name: 'keepme' }] },
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(await statusOf('dropme', id), undefined);
    assert.equal((await statusOf('keepme', id))?.status, 'OK');
  });

  // Spec §6: the implicit monitor "is removed when absent from the host's checks list and it has
  // no open alert".
  test('a check monitor no host runs any more, with no open alert, is removed at once', async () => {
    const id = await createHost(h, { name: 'lonely', checks: [{ name: 'lonelycheck' }] });
    assertSuccess(await post([report('lonelycheck', 'OK', 'ok\n', nowSec(), id)]));
    assert.ok((await listAll()).some((c) => c.name === 'lonelycheck'));
    const put = await h.call('PUT', `/api/v0/hosts/${id}`, { body: { name: 'lonely', meta: {}, checks: null } });
    assert.equal(put.status, 200, put.text);
    assert.ok(!(await listAll()).some((c) => c.name === 'lonelycheck'));
  });

  test('an open alert keeps a dropped check monitor; closing the alert removes it', async () => {
    const id = await createHost(h, { name: 'alerting', checks: [{ name: 'alertcheck' }] });
    assertSuccess(await post([report('alertcheck', 'CRITICAL', 'down\n', nowSec(), id)]));
    const monitorId = (await listAll()).find((c) => c.name === 'alertcheck')?.id as string;
    const alert = await openAlertOf(h, monitorId, id);
    const put = await h.call('PUT', `/api/v0/hosts/${id}`, { body: { name: 'alerting', meta: {}, checks: [] } });
    assert.equal(put.status, 200, put.text);

    const kept = await h.call('GET', `/api/v0/monitoring/checks/${monitorId}`);
    assert.equal(kept.status, 200, kept.text);
    assert.deepEqual(kept.json, { check: { id: monitorId, name: 'alertcheck' } });
    const still = await h.call('GET', `/api/v0/alerts/${alert.id}`);
    assert.equal(still.status, 200, still.text);
    assert.equal(still.json.monitorId, monitorId);
    assert.equal(still.json.status, 'CRITICAL');
    assert.equal((await statusOf('alertcheck', id))?.status, 'CRITICAL', 'the alerting state stays with its alert');

    const close = await h.call('POST', `/api/v0/alerts/${alert.id}/close`, { body: { reason: 'check removed' } });
    assert.equal(close.status, 200, close.text);
    // The close removes the monitor in its own transaction: no host update needed.
    assertError(await h.call('GET', `/api/v0/monitoring/checks/${monitorId}`), 404);
    assert.ok(!(await listAll()).some((c) => c.name === 'alertcheck'));
    const statuses = await h.call('GET', `/api/v0/hosts/${id}/monitored-statuses`);
    assert.deepEqual(statuses.json, { monitoredStatuses: [] });
  });
});

// The real mackerel-agent v0.80.0 and mkr v0.57.0, replayed from their recorded requests
// (testdata/agent-trace.json, spec agent-trace.md) against a real server, then everything read
// back through the API. Recorded host ids are swapped for the ones this server hands out, and
// recorded times are moved into the last hour, keeping their spacing. Over 500 lines: it is one
// scenario (the trace, its replay and its read-back), and split it would be read in pieces.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '@saba/catalog';
import { type Harness, startHarness } from '../testing/harness.ts';
import { loadTrace, type Rewrite, rewriteBody, type TraceRecord, type WireAnswer, WireClient } from './replay.ts';

const trace = loadTrace();
const RECORDED_ID = trace.recordedHostId;
const ON_START = 'working';
const ON_STOP = 'standby';

interface MetricItem {
  readonly hostId?: string;
  readonly name: string;
  readonly time: number;
  readonly value: number;
}
interface Report {
  readonly source: { readonly hostId: string };
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly occurredAt: number;
}

function isTsdb(r: TraceRecord): boolean {
  return r.method === 'POST' && r.path === '/api/v0/tsdb';
}
function isReport(r: TraceRecord): boolean {
  return r.method === 'POST' && r.path === '/api/v0/monitoring/checks/report';
}

// Every recorded time, to move the whole trace next to now (the server drops values > 24 h old).
const recordedTimes = [...trace.run1, ...trace.run2, ...trace.mkr].flatMap((r) => {
  if (isTsdb(r) || r.path.endsWith('/tsdb')) return (r.body as MetricItem[]).map((m) => m.time);
  if (isReport(r)) return (r.body as { reports: Report[] }).reports.map((x) => x.occurredAt);
  return [];
});
const NOW_SEC = Math.floor(Date.now() / 1000);
/** Moves the newest recorded time to at least two minutes ago; a multiple of 60 keeps hh:mm:00 stamps. */
const SHIFT_SEC = Math.floor((NOW_SEC - 120 - Math.max(...recordedTimes)) / 60) * 60;

const PLUGIN_GRAPH_DEF = [
  {
    name: 'custom.test',
    displayName: 'Test plugin',
    unit: 'integer',
    metrics: [{ name: 'custom.test.value', displayName: 'Value', isStacked: false }],
  },
];
const METADATA_TEXT = '{"owner":"acceptance-test","rack":"A1"}';

/** What the server was sent, to compare the read-back against. */
class Sent {
  /** name -> time -> value; a re-post of the same (name, time) overwrites, as on the server. */
  readonly metrics = new Map<string, Map<number, number>>();
  readonly reports: Report[] = [];
  /** Requests per `METHOD path` (host id replaced by `{id}`). */
  readonly counts = new Map<string, number>();
  lastHostBody: Record<string, unknown> | undefined;

  /** Notes one replayed request; `path` is the recorded one (recorded host id inside). */
  record(method: string, path: string, hostId: string, body: unknown): void {
    const key = `${method} ${path.replaceAll(RECORDED_ID, '{id}')}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (key === 'POST /api/v0/tsdb') {
      for (const m of body as MetricItem[]) {
        assert.equal(m.hostId, hostId);
        let byTime = this.metrics.get(m.name);
        if (byTime === undefined) {
          byTime = new Map();
          this.metrics.set(m.name, byTime);
        }
        byTime.set(m.time, m.value);
      }
    }
    if (key === 'POST /api/v0/monitoring/checks/report') this.reports.push(...(body as { reports: Report[] }).reports);
    if (key === 'PUT /api/v0/hosts/{id}') this.lastHostBody = body as Record<string, unknown>;
  }

  points(name: string): Array<{ time: number; value: number }> {
    return [...(this.metrics.get(name) ?? new Map<number, number>())]
      .map(([time, value]) => ({ time, value }))
      .sort((a, b) => a.time - b.time);
  }

  latestReport(): Report {
    const r = [...this.reports].sort((a, b) => a.occurredAt - b.occurredAt).at(-1);
    assert.ok(r, 'no check report was sent');
    return r;
  }

  timeRange(): { from: number; to: number } {
    const ts = [...this.metrics.values()].flatMap((m) => [...m.keys()]);
    return { from: Math.min(...ts) - 60, to: Math.max(...ts) + 60 };
  }
}

/** Every 2xx the Go client sees must carry a JSON body (agent-trace §1): an empty body is a failed call. */
function expectJsonOk(a: WireAnswer, what: string): void {
  assert.equal(a.status, 200, `${what}: ${a.status} ${a.text}`);
  assert.match(String(a.headers['content-type']), /^application\/json/, `${what}: content-type`);
  assert.notEqual(a.json, undefined, `${what}: body is not JSON: ${JSON.stringify(a.text)}`);
}

/** One agent (or mkr) against one server and org: replays records and remembers what it sent. */
class Session {
  readonly client: WireClient;
  readonly sent = new Sent();
  hostId = '';

  constructor(
    baseUrl: string,
    key: string,
    readonly trailingQuestionMark: boolean,
  ) {
    this.client = new WireClient(baseUrl, key);
  }

  rewrite(): Rewrite {
    const hostIds = new Map(this.hostId === '' ? [] : [[RECORDED_ID, this.hostId]]);
    return { hostIds, shiftSec: SHIFT_SEC, trailingQuestionMark: this.trailingQuestionMark };
  }

  /** A path for a read, with the bare `?` when this session sends one. */
  q(path: string): string {
    return this.trailingQuestionMark && !path.includes('?') ? `${path}?` : path;
  }

  /** Replays one record and checks the answer is a 200 with the shape the Go client decodes. */
  async send(rec: TraceRecord): Promise<WireAnswer> {
    const rw = this.rewrite();
    const a = await this.client.replay(rec, rw);
    const what = `${rec.method} ${rec.path} (t=${rec.t_s})`;
    expectJsonOk(a, what);
    this.sent.record(
      rec.method,
      rec.path,
      this.hostId,
      rec.method === 'GET' ? undefined : rewriteBody(rec.body ?? null, rw),
    );
    if (rec.method === 'POST' && rec.path === '/api/v0/hosts') {
      assert.deepEqual(Object.keys(a.json), ['id'], `${what}: ${a.text}`);
      assert.equal(typeof a.json.id, 'string');
      assert.ok(a.json.id.length > 0);
    } else if (rec.method === 'PUT' && /^\/api\/v0\/hosts\/[^/]+$/.test(rec.path)) {
      assert.deepEqual(a.json, { id: this.hostId }, what);
    } else if (rec.method === 'GET') {
      // Reads are checked by the caller.
    } else {
      assert.deepEqual(a.json, { success: true }, what);
    }
    return a;
  }

  /** `GET /hosts/{id}` then, as the agent does, `POST status {on_start}` when the status differs (spec §15.2 step 5). */
  async getHostAndApplyOnStart(rec: TraceRecord, statusTemplate: TraceRecord): Promise<string> {
    assert.equal(rec.method, 'GET');
    const a = await this.send(rec);
    assert.equal(a.json.host?.id, this.hostId);
    const before: string = a.json.host.status;
    if (before !== ON_START) await this.send({ ...statusTemplate, body: { status: ON_START } });
    return before;
  }

  async read(path: string): Promise<WireAnswer> {
    const a = await this.client.get(this.q(path));
    expectJsonOk(a, `GET ${path}`);
    return a;
  }

  async hostStatus(): Promise<string> {
    return (await this.read(`/api/v0/hosts/${this.hostId}`)).json.host.status;
  }

  close(): void {
    this.client.close();
  }
}

const statusRecord = trace.run2[1] as TraceRecord;

/** Run 1: fresh host, start-up, steady state with the retries the agent made, SIGTERM. */
async function replayRun1(s: Session): Promise<{ statusAfterStartup: string; initialStatus: string }> {
  const [create, get, put, ...rest] = trace.run1;
  assert.ok(create && get && put);
  assert.equal(`${create.method} ${create.path}`, 'POST /api/v0/hosts');
  const created = await s.send(create);
  s.hostId = created.json.id;
  const initialStatus = await s.getHostAndApplyOnStart(get, statusRecord);
  assert.equal(`${put.method} ${put.path}`, `PUT /api/v0/hosts/${RECORDED_ID}`);
  await s.send(put);
  const statusAfterStartup = await s.hostStatus();
  for (const rec of rest) await s.send(rec);
  return { statusAfterStartup, initialStatus };
}

/** Run 2: restart with the id file; everything up to SIGTERM (retire is separate). */
async function replayRun2(s: Session): Promise<{ statusAtRestart: string }> {
  const [get, status, put, ...rest] = trace.run2;
  assert.ok(get && status && put);
  // The recorded agent saw `standby` and posted `working`; the status this server reports decides it here.
  assert.deepEqual(status.body, { status: ON_START });
  const statusAtRestart = await s.getHostAndApplyOnStart(get, status);
  await s.send(put);
  for (const rec of rest.slice(0, -1)) await s.send(rec);
  return { statusAtRestart };
}

/** Everything the API shows of the host, ids and server-chosen stamps replaced so two runs compare equal. */
async function readBack(s: Session) {
  const id = s.hostId;
  const host = (await s.read(`/api/v0/hosts/${id}`)).json.host;
  const hosts = (await s.read('/api/v0/hosts')).json.hosts as Array<{ id: string }>;
  const names = (await s.read(`/api/v0/hosts/${id}/metric-names`)).json.names as string[];
  const { from, to } = s.sent.timeRange();
  const series: Record<string, unknown> = {};
  for (const n of [...names].sort()) {
    series[n] = (
      await s.read(`/api/v0/hosts/${id}/metrics?name=${encodeURIComponent(n)}&from=${from}&to=${to}`)
    ).json.metrics;
  }
  const nameQuery = [...s.sent.metrics.keys()].map((n) => `name=${encodeURIComponent(n)}`).join('&');
  const latest = (await s.read(`/api/v0/tsdb/latest?hostId=${id}&${nameQuery}`)).json;
  const graphDefs = (await s.read('/api/v0/graph-defs')).json;
  const checks = (await s.read('/api/v0/monitoring/checks')).json;
  const oneCheck = [];
  for (const c of checks.checks as Array<{ id: string }>)
    oneCheck.push((await s.read(`/api/v0/monitoring/checks/${c.id}`)).json);
  // Check monitors carry detail; the monitors judging the host (here the default connectivity
  // monitor, once the host has posted) come without, and are compared apart.
  const statuses = (await s.read(`/api/v0/hosts/${id}/monitored-statuses`)).json.monitoredStatuses as Array<{
    detail?: unknown;
  }>;
  const monitored = { monitoredStatuses: statuses.filter((x) => x.detail !== undefined) };
  const judged = statuses.filter((x) => x.detail === undefined);
  const meta = await s.read(`/api/v0/hosts/${id}/metadata/testmeta`);
  const metaList = (await s.read(`/api/v0/hosts/${id}/metadata`)).json;
  const lastModified = meta.headers['last-modified'];
  const monitorIds = (checks.checks as Array<{ id: string }>).map((c) => c.id);
  let text = JSON.stringify({
    host: { ...host, createdAt: '<createdAt>' },
    listed: hosts.some((h) => h.id === id),
    names,
    series,
    latest,
    graphDefs,
    checks,
    oneCheck,
    monitored,
    metadata: meta.text,
    metaList,
  });
  text = text.replaceAll(id, '<host>');
  for (const [i, m] of monitorIds.entries()) text = text.replaceAll(m, `<monitor${i}>`);
  return {
    normalized: JSON.parse(text),
    // Apart: their ids are the organization's own monitors', which no replay names.
    raw: { host, checks, judged, lastModified: typeof lastModified === 'string' ? lastModified : '' },
  };
}

type ReadBack = Awaited<ReturnType<typeof readBack>>;

const HTTP_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Asserts the read-back against what the session sent. */
function assertReadBack(s: Session, rb: ReadBack, status: string, startedSec: number): void {
  const n = rb.normalized;
  const { host } = rb.raw;
  const put = s.sent.lastHostBody;
  assert.ok(put, 'no PUT /hosts/{id} was sent');
  assert.equal(host.id, s.hostId);
  assert.equal(host.name, 'vm');
  assert.equal(host.status, status);
  assert.equal(host.isRetired, false);
  assert.equal(host.retiredAt, undefined);
  assert.ok(
    Number.isInteger(host.createdAt) && host.createdAt >= startedSec - 5 && host.createdAt <= Date.now() / 1000 + 5,
    `createdAt ${host.createdAt}`,
  );
  // meta verbatim: kernel/memory stay string maps, cpu an array of objects, filesystem numbers stay numbers (spec §1.4 #8).
  assert.deepEqual(host.meta, put.meta);
  assert.deepEqual(host.roles, { acceptance: ['agent'] });
  const sentIfs = put.interfaces as Array<Record<string, unknown>>;
  assert.equal(host.interfaces.length, sentIfs.length);
  for (const [i, want] of sentIfs.entries()) {
    const got = host.interfaces[i];
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `interfaces[${i}].${k}`);
    // Legacy single-address field derived for clients that read it (spec §2.3).
    assert.equal(got.ipAddress, (want.ipv4Addresses as string[])[0]);
  }
  assert.equal(n.listed, true, 'a working/standby host is in GET /hosts');

  // Every minute the agent posted, once, with the last value posted for it.
  const names = [...s.sent.metrics.keys()].sort();
  assert.equal(names.length, 29);
  assert.ok(names.includes('custom.custom.test.value'), 'the plugin metric keeps its doubled prefix');
  assert.deepEqual([...n.names].sort(), names);
  for (const name of names)
    assert.deepEqual(n.series[name], s.sent.points(name), `GET /hosts/{id}/metrics?name=${name}`);
  const latest: Record<string, { time: number; value: number }> = {};
  for (const name of names) latest[name] = s.sent.points(name).at(-1) as { time: number; value: number };
  assert.deepEqual(n.latest, { tsdbLatest: { '<host>': latest } });

  assert.deepEqual(n.graphDefs, { graphDefs: PLUGIN_GRAPH_DEF });

  const last = s.sent.latestReport();
  assert.deepEqual(n.checks, { checks: [{ id: '<monitor0>', name: 'testcheck' }] });
  assert.deepEqual(n.oneCheck, [{ check: { id: '<monitor0>', name: 'testcheck' } }]);
  const judged = rb.raw.judged as Array<{ status: string }>;
  for (const j of judged) assert.deepEqual(Object.keys(j), ['monitorId', 'status']);
  assert.ok(
    judged.every((j) => j.status === 'OK'),
    `a posting host is OK under connectivity: ${JSON.stringify(judged)}`,
  );
  assert.deepEqual(n.monitored, {
    monitoredStatuses: [
      {
        monitorId: '<monitor0>',
        status: last.status,
        detail: { type: 'check', message: last.message, memo: 'cycling test check' },
      },
    ],
  });

  assert.equal(n.metadata, METADATA_TEXT);
  assert.deepEqual(n.metaList, { metadata: [{ namespace: 'testmeta' }] });
  assert.match(rb.raw.lastModified, HTTP_DATE, 'metadata GET needs an RFC 1123 Last-Modified (spec §1.4 #3)');
  const lm = Date.parse(rb.raw.lastModified) / 1000;
  assert.ok(lm >= startedSec - 1 && lm <= Date.now() / 1000 + 1, `Last-Modified ${rb.raw.lastModified}`);
}

// The whole replay runs on both catalogs: the embedded default and PostgreSQL (scaled out).
const pgUrl = process.env.SABA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgSchema = `saba_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
const pgProblem = await openCatalog({ driver: 'postgres', connectionString: pgUrl, schema: pgSchema }).then(
  async (c) => {
    await c.close();
    return undefined;
  },
  (err: unknown) => (err instanceof Error ? err.message : String(err)),
);
const CATALOGS = [
  { name: 'SQLite catalog', env: {}, skip: false as const },
  {
    name: 'PostgreSQL catalog',
    env: { SABA_DATABASE_URL: pgUrl, SABA_DATABASE_SCHEMA: pgSchema },
    skip:
      pgProblem === undefined || process.env.SABA_REQUIRE_SERVICES === '1'
        ? (false as const)
        : `PostgreSQL unreachable (${pgProblem}); set SABA_REQUIRE_SERVICES=1 to fail`,
  },
];

for (const catalog of CATALOGS)
  describe(`mackerel-agent v0.80.0 trace, replayed (${catalog.name})`, { skip: catalog.skip }, () => {
    let h: Harness;
    let s: Session;
    const startedSec = Math.floor(Date.now() / 1000);
    let afterRun2: ReadBack | undefined;

    before(async () => {
      assert.equal(
        pgProblem === undefined || catalog.env.SABA_DATABASE_URL === undefined,
        true,
        `PostgreSQL: ${pgProblem}`,
      );
      h = await startHarness(catalog.env);
      s = new Session(h.url, h.key, false);
    });
    after(async () => {
      s?.close();
      await h?.close();
      // The schema is this run's alone; psql is where PostgreSQL is.
      if (catalog.env.SABA_DATABASE_SCHEMA !== undefined) {
        spawnSync('psql', [pgUrl, '-qc', `drop schema if exists ${pgSchema} cascade`], { stdio: 'ignore' });
      }
    });

    test('run 1: register, on_start status, spec PUT, graph-defs, metrics (with retries), reports, metadata, SIGTERM standby', async () => {
      const { statusAfterStartup } = await replayRun1(s);
      assert.equal(statusAfterStartup, ON_START, 'after start-up the host is working');
      assert.equal(await s.hostStatus(), ON_STOP, 'SIGTERM left the host in standby');
      // One registration, one spec update, the recorded metric posts and reports, one metadata PUT.
      assert.equal(s.sent.counts.get('POST /api/v0/hosts'), 1);
      assert.equal(s.sent.counts.get('PUT /api/v0/hosts/{id}'), 1);
      assert.equal(s.sent.counts.get('PUT /api/v0/hosts/{id}/metadata/testmeta'), 1);
      assert.equal(s.sent.counts.get('POST /api/v0/tsdb'), 13);
    });

    test('run 1: everything reads back', async () => {
      const rb = await readBack(s);
      assertReadBack(s, rb, ON_STOP, startedSec);
      // The two-minute batches posted after the 500s and the outage left no gap: 12 distinct minutes.
      assert.equal(s.sent.points('loadavg5').length, 12);
      assert.equal(rb.normalized.series.loadavg5.length, 12);
    });

    test('run 2 (restart with id file): GET host -> standby -> status working -> PUT -> graph-defs -> reports -> tsdb -> standby', async () => {
      const { statusAtRestart } = await replayRun2(s);
      assert.equal(
        statusAtRestart,
        ON_STOP,
        'the host is standby after the previous SIGTERM, so the agent posts on_start',
      );
      assert.equal(s.sent.counts.get('POST /api/v0/hosts'), 1, 'no POST /hosts on restart');
      // on_start working at restart, on_stop standby at SIGTERM (plus run 1's standby, and its on_start if the server asked).
      assert.ok((s.sent.counts.get('POST /api/v0/hosts/{id}/status') ?? 0) >= 3);
      assert.equal(await s.hostStatus(), ON_STOP);
      afterRun2 = await readBack(s);
      assertReadBack(s, afterRun2, ON_STOP, startedSec);
      // The graph definition was posted again and replaced, not duplicated.
      assert.equal(s.sent.counts.get('POST /api/v0/graph-defs/create'), 2);
      assert.equal(s.sent.points('loadavg5').length, 14);
    });

    test('retire -force: body null\\n; the host leaves the list but stays readable as retired', async () => {
      const retire = trace.run2.at(-1) as TraceRecord;
      assert.equal(retire.body, null);
      const retiredAfter = Math.floor(Date.now() / 1000);
      await s.send(retire);
      const host = (await s.read(`/api/v0/hosts/${s.hostId}`)).json.host;
      assert.equal(host.isRetired, true);
      assert.ok(host.retiredAt >= retiredAfter && host.retiredAt <= Date.now() / 1000 + 1);
      const hosts = (await s.read('/api/v0/hosts?status=working&status=standby&status=maintenance&status=poweroff'))
        .json.hosts;
      assert.deepEqual(
        hosts.map((x: { id: string }) => x.id),
        [],
      );
      // A re-sent metric batch for a retired host is refused (4xx), so the agent gives it up.
      const late = await s.client.replay(trace.run2[7] as TraceRecord, s.rewrite());
      assert.equal(late.status, 400, late.text);
      assert.match(late.text, /retired/);
    });

    test('a newer agent (v0.85.1+) appends a bare "?" to every query-less path: identical results', async () => {
      assert.ok(afterRun2, 'needs the plain replay first');
      const org = await h.newOrg();
      const q = new Session(h.url, org.key, true);
      try {
        const started = Math.floor(Date.now() / 1000);
        const r1 = await replayRun1(q);
        assert.equal(r1.statusAfterStartup, ON_START);
        assert.equal(await q.hostStatus(), ON_STOP);
        const r2 = await replayRun2(q);
        assert.equal(r2.statusAtRestart, ON_STOP);
        const rb = await readBack(q);
        assertReadBack(q, rb, ON_STOP, started);
        assert.deepEqual(rb.normalized, afterRun2.normalized);
        assert.deepEqual(
          [...q.sent.counts].sort(),
          [...s.sent.counts].sort().filter(([k]) => !k.endsWith('/retire')),
        );
        await q.send(trace.run2.at(-1) as TraceRecord);
        assert.equal((await q.read(`/api/v0/hosts/${q.hostId}`)).json.host.isRetired, true);
      } finally {
        q.close();
      }
    });
  });

describe('the agent under failure, as the server sees it', () => {
  let h: Harness;
  let s: Session;
  before(async () => {
    h = await startHarness();
    s = new Session(h.url, h.key, false);
    s.hostId = (await s.send(trace.run1[0] as TraceRecord)).json.id;
  });
  after(async () => {
    s.close();
    await h.close();
  });

  const oneMinute = trace.run1.find((r) => isTsdb(r) && r.t_s > 200 && r.recordedStatus === 500) as TraceRecord;
  const merged = trace.run1.filter((r) => isTsdb(r) && (r.body as unknown[]).length === 58);

  async function series(name: string): Promise<Array<{ time: number; value: number }>> {
    const { from, to } = s.sent.timeRange();
    return (await s.read(`/api/v0/hosts/${s.hostId}/metrics?name=${name}&from=${from}&to=${to}`)).json.metrics;
  }

  test('a batch re-posted after 500s is stored once; a re-post with new values overwrites', async () => {
    for (let i = 0; i < 3; i++) await s.send(oneMinute);
    const items = oneMinute.body as MetricItem[];
    const t = (items[0]?.time as number) + SHIFT_SEC;
    for (const m of items) assert.deepEqual(await series(m.name), [{ time: t, value: m.value }], m.name);
    const changed = { ...oneMinute, body: items.map((m) => ({ ...m, value: m.value + 1000 })) };
    await s.send(changed);
    for (const m of items) assert.deepEqual(await series(m.name), [{ time: t, value: m.value + 1000 }], m.name);
  });

  test('two-minute merged batches (58 values, older minute after a newer one) are accepted in full', async () => {
    assert.equal(merged.length, 2);
    for (const rec of merged) await s.send(rec);
    for (const rec of merged) await s.send(rec);
    const minutes = [...new Set(merged.flatMap((r) => (r.body as MetricItem[]).map((m) => m.time + SHIFT_SEC)))].sort();
    assert.equal(minutes.length, 4);
    for (const name of s.sent.metrics.keys()) {
      const got = await series(name);
      assert.deepEqual(got, s.sent.points(name), name);
      assert.deepEqual(
        got.map((p) => p.time),
        minutes,
      );
    }
    // tsdb/latest is the newest minute, not the one that arrived last.
    const latest = (await s.read(`/api/v0/tsdb/latest?hostId=${s.hostId}&name=loadavg5`)).json;
    assert.deepEqual(latest, { tsdbLatest: { [s.hostId]: { loadavg5: s.sent.points('loadavg5').at(-1) } } });
  });

  test('a check report retried every 30 s is applied once; a late retry does not undo a newer result', async () => {
    const reports = trace.run1.filter(isReport);
    const retried = reports.filter(
      (r) => r.t_s >= 204 && r.t_s < 355 && JSON.stringify(r.body).includes('WARNING: run 4'),
    );
    assert.ok(retried.length >= 6);
    for (const r of retried) await s.send(r);
    // Then the results queued meanwhile, in one request: CRITICAL (run 5) and OK (run 6).
    const queued = reports.find((r) => JSON.stringify(r.body).includes('CRITICAL: run 5')) as TraceRecord;
    await s.send(queued);
    // The check's status (the one with detail), not the connectivity monitor's.
    const statuses = async () =>
      (
        (await s.read(`/api/v0/hosts/${s.hostId}/monitored-statuses`)).json.monitoredStatuses as Array<{
          detail?: unknown;
        }>
      ).filter((x) => x.detail !== undefined) as Array<{ status: string; detail: { message: string } }>;
    let ms = await statuses();
    assert.equal(ms.length, 1);
    assert.equal(ms[0]?.status, 'OK');
    assert.equal(ms[0]?.detail.message, 'OK: run 6\n');
    await s.send(retried[0] as TraceRecord);
    ms = await statuses();
    assert.equal(ms[0]?.status, 'OK', 'an older report arriving late is ignored');
    assert.equal(ms[0]?.detail.message, 'OK: run 6\n');
    assert.equal((await s.read('/api/v0/monitoring/checks')).json.checks.length, 1);
  });
});

describe('mkr v0.57.0 trace, replayed', () => {
  let h: Harness;
  let s: Session;
  let orgName: string;
  before(async () => {
    h = await startHarness();
    const org = await h.newOrg();
    orgName = org.name;
    s = new Session(h.url, org.key, false);
    // The host mkr talks to: registered by the agent, one minute of metrics, working.
    s.hostId = (await s.send(trace.run1[0] as TraceRecord)).json.id;
    await s.send({ ...statusRecord, body: { status: 'working' } });
    await s.send(trace.run1.find(isTsdb) as TraceRecord);
  });
  after(async () => {
    s.close();
    await h.close();
  });

  const by = (cmd: string) => trace.mkr.filter((r) => r.causedBy === cmd);

  test('every recorded mkr request gets the shape mkr decodes', async () => {
    const id = s.hostId;
    for (const cmd of ['mkr hosts', 'mkr hosts -v']) {
      const [rec] = by(cmd);
      const a = await s.send(rec as TraceRecord);
      assert.deepEqual(Object.keys(a.json), ['hosts'], cmd);
      assert.deepEqual(
        a.json.hosts.map((x: { id: string }) => x.id),
        [id],
        cmd,
      );
    }
    for (const cmd of ['mkr status 2eQGEaLxibb', 'mkr status']) {
      const a = await s.send(by(cmd)[0] as TraceRecord);
      assert.deepEqual(Object.keys(a.json), ['host'], cmd);
      assert.equal(a.json.host.id, id);
      assert.equal(a.json.host.status, 'working');
    }

    const throwHost = by('mkr throw --host 2eQGEaLxibb')[0] as TraceRecord;
    await s.send(throwHost);
    const thrown = rewriteBody(throwHost.body, s.rewrite()) as MetricItem[];
    const t = thrown[0]?.time as number;
    assert.deepEqual(
      (await s.read(`/api/v0/hosts/${id}/metrics?name=custom.mkr.value&from=${t - 60}&to=${t + 60}`)).json,
      {
        metrics: [{ time: t, value: 3.5 }],
      },
    );

    // `mkr throw --service acceptance`: the service exists because the agent's role created it.
    await s.send(by('mkr throw --service acceptance')[0] as TraceRecord);
    assert.deepEqual(
      (await s.read(`/api/v0/services/acceptance/metrics?name=svc.metric&from=${t - 60}&to=${t + 60}`)).json,
      {
        metrics: [{ time: t, value: 7 }],
      },
    );
    assert.deepEqual((await s.read('/api/v0/services/acceptance/metric-names')).json, { names: ['svc.metric'] });

    // `mkr monitors pull` (GET /api/v0/monitors) is spec §8, outside this server's current scope.

    await s.send(by('mkr update --st maintenance 2eQGEaLxibb')[0] as TraceRecord);
    assert.equal(await s.hostStatus(), 'maintenance');
    assert.deepEqual(
      (await s.read('/api/v0/hosts')).json,
      { hosts: [] },
      'maintenance hosts are not listed by default',
    );
    assert.equal((await s.read('/api/v0/hosts?status=maintenance')).json.hosts[0]?.id, id);

    // `mkr create`: "interfaces": null and "checks": null mean none (spec §1.4 #4).
    const create = by('mkr create --roleFullname acceptance:agent newhost')[0] as TraceRecord;
    assert.equal((create.body as { interfaces: unknown }).interfaces, null);
    const created = await s.send(create);
    assert.notEqual(created.json.id, id);
    const newHost = (await s.read(`/api/v0/hosts/${created.json.id}`)).json.host;
    assert.equal(newHost.name, 'newhost');
    assert.deepEqual(newHost.meta, {});
    assert.deepEqual(newHost.interfaces, []);
    assert.deepEqual(newHost.roles, { acceptance: ['agent'] });

    const services = await s.send(by('mkr services')[0] as TraceRecord);
    assert.deepEqual(services.json, { services: [{ name: 'acceptance', memo: '', roles: ['agent'] }] });

    const org = await s.send(by('mkr org')[0] as TraceRecord);
    assert.equal(org.json.name, orgName);
    assert.ok(
      Object.keys(org.json).every((k) => k === 'name' || k === 'displayName'),
      `bare org: ${org.text}`,
    );

    const fetch = await s.send(by('mkr fetch --name loadavg5 2eQGEaLxibb')[0] as TraceRecord);
    assert.deepEqual(fetch.json, { tsdbLatest: { [id]: { loadavg5: s.sent.points('loadavg5').at(-1) } } });

    await s.send(by('mkr retire --force 2eQGEaLxibb')[0] as TraceRecord);
    assert.equal((await s.read(`/api/v0/hosts/${id}`)).json.host.isRetired, true);

    const replayed = new Set(trace.mkr.map((r) => r.causedBy));
    assert.equal(replayed.size, 13, 'every mkr command of the trace is covered above (monitors pull aside)');
  });
});

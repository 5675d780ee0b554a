// External URL monitors (spec features §2.6) against local HTTP and HTTPS servers, through a real
// Saba server. The engine's minute timer is off: each test probes with `monitor.runExternal()`,
// which resolves once every probe is judged and stored.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import { alertsOf, createMonitor, getAlert, Notifications, nowSec, ok } from '../testing/monitoring-e2e.ts';

/** A local site whose answer the test sets. */
interface Site {
  url: string;
  status: number;
  body: string;
  readonly server: Server;
}

async function listen(server: Server, scheme: 'http' | 'https'): Promise<Site> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `${scheme}://127.0.0.1:${port}/health`, status: 200, body: 'status: all good', server };
}

/** A request handler that answers with the site's current status and body. */
function answer(site: () => Site) {
  return (_req: unknown, res: ServerResponse) => {
    const s = site();
    res.writeHead(s.status, { 'content-type': 'text/plain' });
    res.end(s.body);
  };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('external monitors against local servers', () => {
  let h: Harness;
  const notes = new Notifications();
  let http: Site;
  let https: Site;
  let certDir: string;
  const monitors: string[] = [];

  before(async () => {
    h = await startHarness({}, { notify: notes.notify, monitorTimers: false });
    http = await listen(createHttpServer(answer(() => http)), 'http');
    // A self-signed certificate valid 3 days, made for this run.
    certDir = await mkdtemp(join(tmpdir(), 'saba-external-'));
    const keyFile = join(certDir, 'key.pem');
    const certFile = join(certDir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '3',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    https = await listen(
      createHttpsServer(
        { key: await readFile(keyFile), cert: await readFile(certFile) },
        answer(() => https),
      ),
      'https',
    );
  });
  // Each test's monitors go, so the next test's runExternal probes only its own.
  afterEach(async () => {
    for (const id of monitors.splice(0)) await ok(h.call('DELETE', `/api/v0/monitors/${id}`));
    http.status = 200;
    http.body = 'status: all good';
  });
  after(async () => {
    await h.close();
    await stop(http.server);
    await stop(https.server);
    await rm(certDir, { recursive: true, force: true });
  });

  const external = async (fields: Json): Promise<string> => {
    const id = await createMonitor(h.call, { type: 'external', name: 'site', ...fields });
    monitors.push(id);
    return id;
  };
  /** The monitor's one alert (open or closed), after a probe round. */
  const probe = async (id: string): Promise<Json | undefined> => {
    await h.server.monitor.runExternal();
    const list = await alertsOf(h.call, id);
    assert.ok(list.length <= 1, JSON.stringify(list));
    return list[0];
  };

  test('200 is OK; 500 opens a CRITICAL alert naming the status; 200 again closes it', async () => {
    const id = await external({ url: http.url });
    assert.equal(await probe(id), undefined, 'a 200 opens nothing');

    http.status = 500;
    const open = await probe(id);
    assert.ok(open);
    assert.equal(open.status, 'CRITICAL');
    assert.equal(open.type, 'external');
    assert.equal(open.hostId, undefined);
    assert.match(open.message, /^500 Internal Server Error \d+ ms$/);
    assert.equal(open.value, undefined, 'no response-time thresholds: no value');
    assert.deepEqual(notes.of(id), ['open CRITICAL']);

    http.status = 200;
    await h.server.monitor.runExternal();
    const closed = await getAlert(h.call, open.id);
    assert.equal(closed.status, 'OK');
    assert.match(closed.message, /^200 OK \d+ ms$/, 'the recovery shows the status at recovery');
    assert.ok(closed.closedAt >= open.openedAt && closed.closedAt <= nowSec());
    assert.deepEqual(notes.of(id), ['open CRITICAL', 'close OK']);
  });

  test('a body without containsString is CRITICAL', async () => {
    const id = await external({ url: http.url, containsString: 'all good' });
    assert.equal(await probe(id), undefined);
    http.body = 'status: degraded';
    const open = await probe(id);
    assert.equal(open?.status, 'CRITICAL');
    assert.equal(open?.message, 'the body does not contain "all good"');
    assert.deepEqual(notes.of(id), ['open CRITICAL']);
  });

  test('a self-signed certificate is CRITICAL without skipCertificateVerification', async () => {
    const id = await external({ url: https.url });
    const open = await probe(id);
    assert.equal(open?.status, 'CRITICAL');
    assert.match(open?.message, /self[- ]signed certificate/);
    assert.deepEqual(notes.of(id), ['open CRITICAL']);
  });

  test('with skipCertificateVerification, a certificate 3 days from expiry is a WARNING at 7 days', async () => {
    const id = await external({ url: https.url, skipCertificateVerification: true, certificationExpirationWarning: 7 });
    const open = await probe(id);
    assert.equal(open?.status, 'WARNING');
    // Made with -days 3 moments ago: 2 whole days and some hours left (3 within the same second).
    assert.match(open?.message, /^200 OK \d+ ms; the certificate expires in [23] days$/);
    assert.deepEqual(notes.of(id), ['open WARNING']);

    // Without the warning threshold the same site is fine.
    const relaxed = await external({ url: https.url, skipCertificateVerification: true });
    assert.equal(await probe(relaxed), undefined);
  });

  test('with a service, the response time is stored as the service metric __externalhttp.responsetime.<id>', async () => {
    await ok(h.call('POST', '/api/v0/services', { body: { name: 'shop', memo: '' } }));
    const id = await external({ url: http.url, service: 'shop' });
    const from = nowSec() - 60;
    await h.server.monitor.runExternal();
    const name = `__externalhttp.responsetime.${id}`;
    const body = await ok(h.call('GET', `/api/v0/services/shop/metrics?name=${name}&from=${from}&to=${nowSec() + 60}`));
    const points = body.metrics as Array<{ time: number; value: number }>;
    assert.equal(points.length, 1, JSON.stringify(points));
    const [p] = points;
    assert.ok(p && p.time >= from && p.time <= nowSec(), `time ${p?.time}`);
    assert.ok(p.value > 0 && p.value < 15_000, `a loopback answer in ms: ${p.value}`);
    const names = (await ok(h.call('GET', '/api/v0/services/shop/metric-names'))).names;
    assert.deepEqual(names, [name]);
    assert.equal((await alertsOf(h.call, id)).length, 0);
  });
});

// SABA_TLS_CERT and SABA_TLS_KEY: the API and the web over HTTPS, OTLP/gRPC over TLS, our agent
// posting over HTTPS to a certificate it trusts, and a reload that gives new connections a renewed
// certificate. The certificates are the test-only ones of testing/tls/.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:http2';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { encodeProto, gaugeRequest } from '../../../packages/ingest/src/testing/otlp-request.ts';
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';
import { agentConf, agentDir, spawnAgent } from './testing/agent-process.ts';
import { type Harness, startHarness } from './testing/harness.ts';

const CERTS = fileURLToPath(new URL('./testing/tls/', import.meta.url));
const cert = (name: 'a' | 'b') => readFileSync(join(CERTS, `test-only-${name}.crt`));
const PASSWORD = 'correct horse battery staple';

let h: Harness;
let dir: string;
let certFile: string;
let keyFile: string;

/** Puts certificate `name` and its key where the server reads them. */
async function install(name: 'a' | 'b'): Promise<void> {
  await copyFile(join(CERTS, `test-only-${name}.crt`), certFile);
  await copyFile(join(CERTS, `test-only-${name}.key`), keyFile);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saba-tls-'));
  certFile = join(dir, 'cert.pem');
  keyFile = join(dir, 'key.pem');
  await install('a');
  h = await startHarness({
    SABA_TLS_CERT: certFile,
    SABA_TLS_KEY: keyFile,
    SABA_OTLP_GRPC_PORT: '0',
    SABA_ADMIN_PASSWORD: PASSWORD,
  });
});
after(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** An answer over HTTPS, with the certificate the server showed. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly fingerprint: string;
}

/** One request on a connection of its own, trusting only `ca`. */
function https(
  method: string,
  path: string,
  o: { ca: Buffer; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { method, ca: o.ca, headers: o.headers, agent: false }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          fingerprint,
        }),
      );
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** The SHA-256 fingerprint of a PEM certificate, as TLS sockets print it. */
function fingerprintOf(pem: Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}

/** One OTLP/gRPC Export of gauge `name` = `value` over TLS trusting `ca`: the grpc-status. */
async function exportGauge(ca: Buffer, name: string, value: number): Promise<string | undefined> {
  const message = encodeProto(gaugeRequest('tls', name, value, Date.now()));
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  framed.set(message, 5);
  const session = connect(h.server.otlpGrpcUrl as string, { ca });
  try {
    const req = session.request({
      ':method': 'POST',
      ':path': '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      'content-type': 'application/grpc',
      te: 'trailers',
      'x-api-key': h.key,
    });
    let status: string | undefined;
    req.on('response', (hs) => (status ??= hs['grpc-status'] as string | undefined));
    req.on('trailers', (ts) => (status = ts['grpc-status'] as string | undefined));
    req.resume();
    const ended = new Promise((resolve, reject) => {
      req.once('close', resolve);
      req.once('error', reject);
      session.once('error', reject);
    });
    req.end(framed);
    await ended;
    return status;
  } finally {
    session.close();
  }
}

test('the API answers over HTTPS; a client that does not trust the certificate is refused', async () => {
  assert.match(h.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const org = await https('GET', '/api/v0/org', { ca: cert('a'), headers: { 'x-api-key': h.key } });
  assert.equal(org.status, 200, org.body);
  assert.equal(JSON.parse(org.body).name, 'default');
  assert.equal(org.fingerprint, fingerprintOf(cert('a')));
  await assert.rejects(https('GET', '/healthz', { ca: cert('b') }), /self[- ]signed certificate/);
});

test('the session cookie is Secure over TLS', async () => {
  const signedIn = await https('POST', '/api/v0/session', {
    ca: cert('a'),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@localhost', password: PASSWORD }),
  });
  assert.equal(signedIn.status, 200, signedIn.body);
  const cookie = String(signedIn.headers['set-cookie']);
  assert.match(cookie, /saba_session=.*; Secure/);
  assert.match(cookie, /HttpOnly/);
});

test('OTLP/gRPC over TLS: an export is stored and read back over HTTPS', async () => {
  assert.match(h.server.otlpGrpcUrl ?? '', /^https:\/\//);
  assert.equal(await exportGauge(cert('a'), 'tls_gauge', 42), '0');
  const q = await https('GET', `/api/v1/query?${new URLSearchParams({ query: 'tls_gauge' })}`, {
    ca: cert('a'),
    headers: { authorization: `Bearer ${h.key}` },
  });
  assert.equal(q.status, 200, q.body);
  const result = JSON.parse(q.body).data.result as { value: [number, string] }[];
  assert.deepEqual(
    result.map((r) => r.value[1]),
    ['42'],
  );
});

test('our agent posts over HTTPS to a certificate it is told to trust', async () => {
  const d = await agentDir();
  const agent = await spawnAgent(d.conf, agentConf(d, h.key, h.url, 'verbose = true'), [], {
    NODE_EXTRA_CA_CERTS: certFile,
  });
  try {
    await agent.waitForLog(/posted \d+ values/);
  } finally {
    await agent.stop();
  }
});

test('reloadTls gives new connections the renewed certificate; bad files keep the one in use', async () => {
  await install('b');
  h.server.reloadTls();
  const renewed = await https('GET', '/healthz', { ca: cert('b') });
  assert.equal(renewed.status, 200);
  assert.equal(renewed.fingerprint, fingerprintOf(cert('b')));
  assert.equal(await exportGauge(cert('b'), 'tls_gauge_renewed', 1), '0');

  // A key of another certificate: refused, and the renewed pair stays.
  await copyFile(join(CERTS, 'test-only-a.key'), keyFile);
  assert.throws(() => h.server.reloadTls(), /SABA_TLS_CERT and SABA_TLS_KEY: .*key values mismatch/);
  await writeFile(keyFile, 'not a key');
  assert.throws(() => h.server.reloadTls(), /SABA_TLS_CERT and SABA_TLS_KEY/);
  assert.equal((await https('GET', '/healthz', { ca: cert('b') })).fingerprint, fingerprintOf(cert('b')));
});

test('TLS settings: both files or neither; a file that cannot be read stops the start', async () => {
  assert.throws(() => loadConfig([], { SABA_TLS_CERT: certFile }), /SABA_TLS_CERT and SABA_TLS_KEY go together/);
  assert.throws(() => loadConfig([], { SABA_TLS_KEY: keyFile }), /go together/);
  assert.equal(loadConfig([], {}).tls, undefined);
  const data = await mkdtemp(join(tmpdir(), 'saba-tls-data-'));
  try {
    const config = loadConfig([], {
      SABA_PORT: '0',
      SABA_HOST: '127.0.0.1',
      SABA_DATA_DIR: data,
      SABA_FSYNC: 'never',
      SABA_TLS_CERT: join(dir, 'missing.pem'),
      SABA_TLS_KEY: keyFile,
    });
    await assert.rejects(
      startServer(config, () => {}),
      /SABA_TLS_CERT: cannot read .*missing\.pem/,
    );
    // Nothing was left open: the same data directory starts again without TLS.
    const plain = await startServer({ ...config, tls: undefined }, () => {});
    assert.match(plain.url, /^http:\/\//);
    await plain.close();
  } finally {
    await rm(data, { recursive: true, force: true });
  }
});

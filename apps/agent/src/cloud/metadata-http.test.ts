import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { startFakeAzure, startSilentServer } from '../testing/fake-metadata-servers.ts';
import { requestMetadata, retry } from './metadata-http.ts';

test('requestMetadata returns status and body, non-200 included', async () => {
  const server = await startFakeAzure({ 'compute/vmId': 'abc' });
  try {
    const url = (leaf: string) => `${server.origin}/metadata/instance/${leaf}?api-version=2017-04-02&format=text`;
    assert.deepEqual(await requestMetadata(url('compute/vmId'), { headers: { Metadata: 'true' }, timeoutMs: 10_000 }), {
      status: 200,
      body: 'abc',
    });
    const missing = await requestMetadata(url('compute/sku'), { headers: { Metadata: 'true' }, timeoutMs: 10_000 });
    assert.equal(missing.status, 404);
  } finally {
    await server.close();
  }
});

test('a body-less PUT says Content-Length: 0', async () => {
  let seen: string | undefined;
  const server = createServer((req, res) => {
    seen = req.headers['content-length'];
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    await requestMetadata(`http://127.0.0.1:${port}/`, { method: 'PUT', timeoutMs: 10_000 });
    assert.equal(seen, '0');
  } finally {
    server.close();
  }
});

test('a silent server times out after timeoutMs', async () => {
  const server = await startSilentServer();
  try {
    const started = performance.now();
    await assert.rejects(requestMetadata(`${server.origin}/`, { timeoutMs: 150 }), /timeout/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 140 && elapsed < 1000, `took ${elapsed} ms`);
  } finally {
    await server.close();
  }
});

test('cancellation rejects at once', async () => {
  const server = await startSilentServer();
  try {
    const controller = new AbortController();
    const pending = requestMetadata(`${server.origin}/`, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await assert.rejects(pending, /aborted/);
  } finally {
    await server.close();
  }
});

test('retry: n attempts with a pause between, errors only', async () => {
  let calls = 0;
  const started = performance.now();
  await assert.rejects(
    retry(3, 50, async () => {
      calls++;
      throw new Error(`fail ${calls}`);
    }),
    /fail 3/,
  );
  assert.equal(calls, 3);
  assert.ok(performance.now() - started >= 95);
  calls = 0;
  assert.equal(await retry(3, 50, async () => ++calls), 1);
});

test('retry: cancellation during the pause stops further attempts', async () => {
  const controller = new AbortController();
  let calls = 0;
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(
    retry(
      5,
      10_000,
      async () => {
        calls++;
        throw new Error('down');
      },
      controller.signal,
    ),
  );
  assert.equal(calls, 1);
});

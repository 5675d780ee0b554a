import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { refusedUrl, startHttpSink } from '../testing/http-sink.ts';
import { httpPost, MAX_ANSWER_BYTES } from './http-post.ts';

const opts = { headers: { 'X-Saba-Idempotency-Key': 'k1' }, timeoutMs: 2000 };

/** A loopback server with a handler of the test's own, for answers the sink does not give. */
async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

test('httpPost: JSON, headers, Basic auth from the URL, no keep-alive', async () => {
  const sink = await startHttpSink();
  try {
    const url = sink.url.replace('http://', 'http://us%3Aer:p%40ss@') + '/a/b?c=d';
    const got = await httpPost(url, '{"x":1}', opts);
    assert.deepEqual(got, { status: 200, body: 'ok' });
    const req = sink.requests[0];
    assert.ok(req !== undefined);
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/a/b?c=d');
    assert.equal(req.body, '{"x":1}');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['x-saba-idempotency-key'], 'k1');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('us:er:p@ss').toString('base64')}`);
    assert.equal(req.headers.connection, 'close');
  } finally {
    await sink.close();
  }
});

test('httpPost: any status resolves, with the answer', async () => {
  const sink = await startHttpSink();
  try {
    sink.answer({ status: 503, body: 'down for maintenance' });
    assert.deepEqual(await httpPost(sink.url, '{}', opts), { status: 503, body: 'down for maintenance' });
    assert.equal(sink.requests[0]?.headers.authorization, undefined, 'no credentials, no Authorization');
  } finally {
    await sink.close();
  }
});

test('httpPost: an answer is cut at 64 KiB', async () => {
  const big = 'x'.repeat(MAX_ANSWER_BYTES * 4);
  const server = await serve((_req, res) => res.end(big));
  try {
    const got = await httpPost(server.url, '{}', opts);
    assert.equal(got.status, 200);
    assert.equal(got.body.length, MAX_ANSWER_BYTES);
  } finally {
    await server.close();
  }
});

test('httpPost: the timeout covers a body that never ends', async () => {
  const server = await serve((_req, res) => {
    res.writeHead(200);
    res.write('partial');
  });
  try {
    const started = Date.now();
    await assert.rejects(httpPost(server.url, '{}', { ...opts, timeoutMs: 200 }), /no answer within 200 ms/);
    assert.ok(Date.now() - started < 2000);
  } finally {
    await server.close();
  }
});

test('httpPost: connection refused rejects', async () => {
  await assert.rejects(httpPost(await refusedUrl(), '{}', opts), /ECONNREFUSED/);
});

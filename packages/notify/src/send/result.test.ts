import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultOfNetworkError, resultOfStatus } from './result.ts';

test('resultOfStatus: 2xx sent, 408/429/5xx retryable, the rest permanent', () => {
  const rows: [number, 'ok' | 'retry' | 'permanent'][] = [
    [200, 'ok'],
    [202, 'ok'],
    [204, 'ok'],
    [299, 'ok'],
    [301, 'permanent'],
    [400, 'permanent'],
    [401, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [408, 'retry'],
    [413, 'permanent'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
  ];
  for (const [status, want] of rows) {
    const r = resultOfStatus(status, 'body');
    const got = r.ok ? 'ok' : r.retryable ? 'retry' : 'permanent';
    assert.equal(got, want, String(status));
  }
});

test('resultOfStatus: the error names the status and a bounded piece of the answer', () => {
  assert.deepEqual(resultOfStatus(400, 'invalid_payload'), {
    ok: false,
    retryable: false,
    error: 'HTTP 400: invalid_payload',
  });
  assert.deepEqual(resultOfStatus(503, ''), { ok: false, retryable: true, error: 'HTTP 503' });
  const long = resultOfStatus(500, 'x'.repeat(10_000));
  assert.ok(!long.ok && long.error.length < 300);
});

test('resultOfNetworkError: retryable, with the message', () => {
  assert.deepEqual(resultOfNetworkError(new Error('connect ECONNREFUSED')), {
    ok: false,
    retryable: true,
    error: 'connect ECONNREFUSED',
  });
});

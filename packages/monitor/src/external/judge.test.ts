import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExternalMonitor } from '../kinds/config.ts';
import { judgeExternal } from './judge.ts';
import type { ProbeResult } from './probe.ts';

const NOW = 1_767_225_600; // 2026-01-01 00:00 UTC
const DAY = 86_400;

const base: ExternalMonitor = {
  type: 'external',
  name: 'web',
  memo: '',
  notificationInterval: null,
  isMute: false,
  url: 'https://example.test/',
  method: 'GET',
  service: null,
  responseTimeWarning: null,
  responseTimeCritical: null,
  responseTimeDuration: null,
  containsString: null,
  maxCheckAttempts: 1,
  certificationExpirationWarning: null,
  certificationExpirationCritical: null,
  skipCertificateVerification: false,
  headers: null,
  requestBody: null,
  expectedStatusCode: null,
  followRedirect: false,
  dualstack: null,
};

const okResult = (responseTimeMs: number, certificateExpiresAt: number | null = null): ProbeResult => ({
  ok: true,
  statusCode: 200,
  responseTimeMs,
  certificateExpiresAt,
  message: `200 OK ${responseTimeMs} ms`,
});

const timed: Partial<ExternalMonitor> = {
  service: 'Web',
  responseTimeWarning: 500,
  responseTimeCritical: 1000,
  responseTimeDuration: 3,
};
const certified: Partial<ExternalMonitor> = { certificationExpirationWarning: 14, certificationExpirationCritical: 3 };

const cases: Array<{
  name: string;
  monitor: Partial<ExternalMonitor>;
  result: ProbeResult;
  recent?: number[];
  status: string;
  value: number | null;
  message: string;
}> = [
  { name: 'a plain success', monitor: {}, result: okResult(120), status: 'OK', value: null, message: '200 OK 120 ms' },
  {
    name: 'a failed request is CRITICAL with its message',
    monitor: {},
    result: {
      ok: false,
      statusCode: null,
      responseTimeMs: null,
      certificateExpiresAt: null,
      message: 'timeout after 15 s',
    },
    status: 'CRITICAL',
    value: null,
    message: 'timeout after 15 s',
  },
  {
    name: 'a failed check of a timed monitor still carries its response time',
    monitor: timed,
    result: { ok: false, statusCode: 500, responseTimeMs: 40, certificateExpiresAt: null, message: '500 x' },
    status: 'CRITICAL',
    value: 40,
    message: '500 x',
  },
  {
    name: 'certificate far from expiry',
    monitor: certified,
    result: okResult(10, NOW + 30 * DAY),
    status: 'OK',
    value: null,
    message: '200 OK 10 ms',
  },
  {
    name: 'certificate within the warning days (floored: 14.9 days is 14)',
    monitor: certified,
    result: okResult(10, NOW + 14 * DAY + 80_000),
    status: 'WARNING',
    value: null,
    message: '200 OK 10 ms; the certificate expires in 14 days',
  },
  {
    name: 'certificate within the critical days',
    monitor: certified,
    result: okResult(10, NOW + 3 * DAY),
    status: 'CRITICAL',
    value: null,
    message: '200 OK 10 ms; the certificate expires in 3 days',
  },
  {
    name: 'no certificate thresholds: no certificate finding',
    monitor: {},
    result: okResult(10, NOW + DAY),
    status: 'OK',
    value: null,
    message: '200 OK 10 ms',
  },
  {
    name: 'average of the last 3 under the warning',
    monitor: timed,
    result: okResult(600),
    recent: [2000, 100, 200],
    status: 'OK',
    value: 600,
    message: '200 OK 600 ms',
  },
  {
    name: 'average of the last 3 over the warning',
    monitor: timed,
    result: okResult(900),
    recent: [100, 300, 600],
    status: 'WARNING',
    value: 900,
    message: '200 OK 900 ms; the response time averages 600 ms over 3 min (> 500 ms)',
  },
  {
    name: 'the threshold itself is not over it',
    monitor: timed,
    result: okResult(500),
    recent: [500, 500],
    status: 'OK',
    value: 500,
    message: '200 OK 500 ms',
  },
  {
    name: 'over the critical, with fewer results than the duration',
    monitor: timed,
    result: okResult(1500),
    recent: [900],
    status: 'CRITICAL',
    value: 1500,
    message: '200 OK 1500 ms; the response time averages 1200 ms over 2 min (> 1000 ms)',
  },
  {
    name: 'no service: thresholds are not judged but the value is reported',
    monitor: { ...timed, service: null },
    result: okResult(5000),
    status: 'OK',
    value: 5000,
    message: '200 OK 5000 ms',
  },
  {
    name: 'no duration: thresholds are not judged',
    monitor: { ...timed, responseTimeDuration: null },
    result: okResult(5000),
    status: 'OK',
    value: 5000,
    message: '200 OK 5000 ms',
  },
  {
    name: 'CRITICAL wins over WARNING; the worst finding first',
    monitor: { ...timed, ...certified, responseTimeDuration: 1 },
    result: okResult(2000, NOW + 10 * DAY),
    status: 'CRITICAL',
    value: 2000,
    message:
      '200 OK 2000 ms; the response time averages 2000 ms over 1 min (> 1000 ms); the certificate expires in 10 days',
  },
];

for (const c of cases) {
  test(`judgeExternal: ${c.name}`, () => {
    const got = judgeExternal({ ...base, ...c.monitor }, c.result, c.recent ?? [], NOW);
    assert.deepEqual(got, { status: c.status, value: c.value, message: c.message });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AlertLike,
  alertDuration,
  countText,
  durationText,
  newAlertIds,
  sortOpenAlerts,
  targetText,
  valueText,
} from './alert-view.ts';

function alert(id: string, extra: Partial<AlertLike> = {}): AlertLike {
  return { id, status: 'CRITICAL', monitorId: 'M1', type: 'host', openedAt: 1000, ...extra };
}

test('open alerts: most severe first, then newest', () => {
  const list = [
    alert('a', { status: 'WARNING', openedAt: 5 }),
    alert('b', { status: 'CRITICAL', openedAt: 1 }),
    alert('c', { status: 'UNKNOWN', openedAt: 9 }),
    alert('d', { status: 'CRITICAL', openedAt: 3 }),
    alert('e', { status: 'WARNING', openedAt: 7 }),
  ];
  assert.deepEqual(
    sortOpenAlerts(list).map((a) => a.id),
    ['d', 'b', 'e', 'a', 'c'],
  );
});

test('durations in their two largest units', () => {
  const cases: Array<[number, string]> = [
    [-5, '0 s'],
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min'],
    [3599, '59 min'],
    [3600, '1 h'],
    [3600 + 5 * 60 + 30, '1 h 5 min'],
    [86_400, '1 d'],
    [2 * 86_400 + 4 * 3600 + 59, '2 d 4 h'],
  ];
  for (const [s, want] of cases) assert.equal(durationText(s), want, String(s));
  assert.equal(alertDuration(alert('x', { openedAt: 100 }), 400), '5 min');
  assert.equal(alertDuration(alert('x', { openedAt: 100, closedAt: 160 }), 99_999), '1 min');
});

test('the target: host name, the series of a query alert, or the monitor service', () => {
  const hosts = new Map([['H1', 'web-1']]);
  const cases: Array<[AlertLike, string | undefined, string]> = [
    [alert('a', { hostId: 'H1' }), undefined, 'web-1'],
    [alert('b', { hostId: 'H9' }), undefined, 'H9'],
    [alert('c', { type: 'service' }), 'shop', 'shop'],
    [
      alert('d', { type: 'query', series: { name: 'up', labels: { job: 'api', zone: 'a' } } }),
      undefined,
      'up{job="api", zone="a"}',
    ],
    [alert('e', { type: 'query', series: { name: 'up', labels: {} } }), undefined, 'up'],
    [alert('f', { type: 'expression' }), undefined, ''],
  ];
  for (const [a, service, want] of cases) assert.equal(targetText(a, hosts, service), want, a.id);
});

test('the value, or the message when there is none', () => {
  const cases: Array<[AlertLike, string]> = [
    [alert('a', { value: 97 }), '97'],
    [alert('b', { value: 97.123456 }), '97.12'],
    [alert('c', { value: 0.000123456 }), '0.0001235'],
    [alert('d', { message: 'connection refused' }), 'connection refused'],
    [alert('e'), ''],
  ];
  for (const [a, want] of cases) assert.equal(valueText(a), want, a.id);
});

test('new alerts since the last look, and the badge count', () => {
  assert.deepEqual(newAlertIds([alert('a'), alert('b')], [alert('c'), alert('a'), alert('d')]), ['c', 'd']);
  assert.deepEqual(newAlertIds([alert('a')], []), []);
  assert.equal(countText(0), '0');
  assert.equal(countText(99), '99');
  assert.equal(countText(100), '99+');
});

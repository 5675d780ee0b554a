import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Delivery, DeliveryEvent } from '../../api/notifications.ts';
import { deliveriesSummary, deliveryAbout, deliveryState } from './delivery-view.ts';

const T = 1_700_000_000;
const iso = (d: Date) => d.toISOString();

function delivery(over: Partial<Delivery> = {}): Delivery {
  return {
    id: 'd1',
    status: 'pending',
    attempts: 0,
    lastError: null,
    createdAt: T,
    lastAttemptAt: null,
    nextAttemptAt: T,
    finishedAt: null,
    event: { id: 'e1', createdAt: T, type: 'hostRegister', hostId: 'h1' },
    ...over,
  };
}

test('deliveryAbout says what each event was about, and links what has a page', () => {
  const alert = {
    id: 'e1',
    createdAt: T,
    type: 'alert',
    kind: 'open',
    alertId: 'a 1',
    status: 'CRITICAL',
    previousStatus: null,
    monitorId: 'm1',
    monitorName: 'loadavg5',
  } as const;
  const group = {
    id: 'e2',
    createdAt: T,
    type: 'alertGroup',
    kind: 'close',
    alertGroupId: 'g1',
    status: 'OK',
    previousStatus: 'CRITICAL',
    settingId: 's1',
    settingName: 'shop servers',
    alertCount: 3,
  } as const;
  const monitor = {
    id: 'e3',
    createdAt: T,
    type: 'monitor',
    action: 'update',
    monitorId: 'm1',
    monitorName: 'cpu',
    monitorType: 'host',
  } as const;
  const cases: Array<[string, DeliveryEvent, [string, string, string | null, string | null]]> = [
    ['alert opened', alert, ['Alert opened', 'loadavg5', '/alerts/a%201', 'CRITICAL']],
    [
      'alert changed',
      { ...alert, kind: 'change', previousStatus: 'WARNING' },
      ['Alert changed from WARNING', 'loadavg5', '/alerts/a%201', 'CRITICAL'],
    ],
    ['alert closed', { ...alert, kind: 'close', status: 'OK' }, ['Alert closed', 'loadavg5', '/alerts/a%201', 'OK']],
    ['alert again', { ...alert, kind: 'renotify' }, ['Alert reminder', 'loadavg5', '/alerts/a%201', 'CRITICAL']],
    [
      'alert without its monitor name',
      { ...alert, kind: null, monitorName: null, status: 'odd' },
      ['Alert', 'alert a 1', '/alerts/a%201', null],
    ],
    ['alert group', group, ['Alert group closed', 'shop servers (3 alerts)', null, 'OK']],
    [
      'alert group of one',
      { ...group, kind: 'open', status: 'WARNING', alertCount: 1 },
      ['Alert group opened', 'shop servers (1 alert)', null, 'WARNING'],
    ],
    [
      'host registered',
      { id: 'e', createdAt: T, type: 'hostRegister', hostId: 'h1' },
      ['Host registered', 'host h1', '/hosts/h1', null],
    ],
    [
      'host retired',
      { id: 'e', createdAt: T, type: 'hostRetire', hostId: 'h1' },
      ['Host retired', 'host h1', '/hosts/h1', null],
    ],
    [
      'host status',
      { id: 'e', createdAt: T, type: 'hostStatus', hostId: 'h1', fromStatus: 'working', toStatus: 'standby' },
      ['Host status working → standby', 'host h1', '/hosts/h1', null],
    ],
    ['monitor updated', monitor, ['Monitor updated', 'cpu', '/monitors/m1', null]],
    ['monitor deleted has no link', { ...monitor, action: 'delete' }, ['Monitor deleted', 'cpu', null, null]],
    ['unknown', { id: 'e', createdAt: T, type: 'unknown' }, ['A notification this page does not know', '', null, null]],
  ];
  for (const [what, e, [phrase, subject, href, status]] of cases) {
    const got = deliveryAbout(e);
    assert.deepEqual([got.what, got.subject, got.href, got.alertStatus], [phrase, subject, href, status], what);
  }
});

test('deliveryState: sent, waiting, retrying with the next try, failed with when it gave up', () => {
  const at = (s: number) => iso(new Date(s * 1000));
  const cases: Array<[string, Partial<Delivery>, [string, string, string, string]]> = [
    ['not tried yet', {}, ['waiting', 'Waiting', 'ring', `next try ${at(T)}`]],
    [
      'retrying',
      { attempts: 2, lastError: 'HTTP 500', lastAttemptAt: T + 30, nextAttemptAt: T + 90 },
      ['retrying', 'Retrying', 'triangle', `next try ${at(T + 90)}`],
    ],
    [
      'sent',
      { status: 'sent', attempts: 1, finishedAt: T + 1, nextAttemptAt: null },
      ['sent', 'Sent', 'circle', at(T + 1)],
    ],
    [
      'failed',
      { status: 'failed', attempts: 1, finishedAt: T + 2, nextAttemptAt: null },
      ['failed', 'Failed', 'diamond', `gave up ${at(T + 2)}`],
    ],
    ['failed, time unknown', { status: 'failed', nextAttemptAt: null }, ['failed', 'Failed', 'diamond', 'given up']],
  ];
  for (const [what, over, want] of cases) {
    const s = deliveryState(delivery(over), iso);
    assert.deepEqual([s.tone, s.label, s.shape, s.note], want, what);
  }
});

test('deliveriesSummary counts the states of the list', () => {
  const cases: Array<[Delivery[], string]> = [
    [[], 'No deliveries yet. Finished ones are kept for 30 days.'],
    [[delivery({ status: 'sent' })], 'The last delivery: 1 sent, 0 waiting, 0 failed.'],
    [
      [delivery({ status: 'sent' }), delivery(), delivery({ status: 'failed' }), delivery({ status: 'failed' })],
      'The last 4 deliveries: 1 sent, 1 waiting, 2 failed.',
    ],
  ];
  for (const [list, want] of cases) assert.equal(deliveriesSummary(list), want);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChannelDelivery, JsonValue } from '@saba/catalog';
import { orgId, unixSec } from '@saba/model';
import { deliveryJson } from './delivery-json.ts';

const T = 1_700_000_000;

function delivery(over: Partial<ChannelDelivery>, body: JsonValue = { event: 'hostRegister', hostId: 'h1' }) {
  const d: ChannelDelivery = {
    id: 'd1',
    orgId: orgId('o1'),
    eventId: 'e1',
    channelId: 'c1',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: unixSec(T),
    lastError: null,
    createdAt: unixSec(T),
    sentAt: null,
    lastAttemptAt: null,
    event: { id: 'e1', orgId: orgId('o1'), body, createdAt: unixSec(T - 1) },
  };
  return { ...d, ...over };
}

test('deliveryJson: the retry time while pending, the end time once sent or given up', () => {
  const cases: Array<[string, Partial<ChannelDelivery>, Record<string, unknown>]> = [
    ['not yet tried', {}, { attempts: 0, lastAttemptAt: null, nextAttemptAt: T, finishedAt: null }],
    [
      'retrying',
      { attempts: 2, lastError: 'HTTP 500', lastAttemptAt: unixSec(T + 40), nextAttemptAt: unixSec(T + 70) },
      { attempts: 2, lastError: 'HTTP 500', lastAttemptAt: T + 40, nextAttemptAt: T + 70, finishedAt: null },
    ],
    [
      'sent',
      { status: 'sent', attempts: 1, sentAt: unixSec(T + 1), lastAttemptAt: unixSec(T + 1) },
      { status: 'sent', lastAttemptAt: T + 1, nextAttemptAt: null, finishedAt: T + 1 },
    ],
    [
      'given up',
      { status: 'failed', attempts: 1, lastError: 'HTTP 400', lastAttemptAt: unixSec(T + 2) },
      { status: 'failed', lastError: 'HTTP 400', nextAttemptAt: null, finishedAt: T + 2 },
    ],
    ['given up before the attempt time was kept', { status: 'failed', attempts: 3 }, { finishedAt: null }],
  ];
  for (const [what, over, want] of cases) {
    const got = deliveryJson(delivery(over)) as unknown as Record<string, unknown>;
    assert.equal(got.id, 'd1', what);
    assert.equal(got.createdAt, T, what);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${what}: ${k}`);
  }
});

test('deliveryJson: what each kind of event was about, from its body alone', () => {
  const cases: Array<[string, JsonValue, Record<string, JsonValue>]> = [
    [
      'alert',
      {
        event: 'alert',
        kind: 'change',
        alert: { id: 'a1', status: 'CRITICAL', hostId: 'h1' },
        previousStatus: 'WARNING',
        monitor: { id: 'm1', name: 'loadavg5', type: 'host', memo: '' },
        groupIds: [],
      },
      {
        type: 'alert',
        kind: 'change',
        alertId: 'a1',
        status: 'CRITICAL',
        previousStatus: 'WARNING',
        monitorId: 'm1',
        monitorName: 'loadavg5',
      },
    ],
    [
      'alert group',
      {
        event: 'alertGroup',
        kind: 'close',
        group: { id: 'g1', status: 'OK', alertIds: ['a1', 'a2'] },
        previousStatus: 'CRITICAL',
        setting: { id: 's1', name: 'shop servers', memo: '' },
      },
      {
        type: 'alertGroup',
        kind: 'close',
        alertGroupId: 'g1',
        status: 'OK',
        previousStatus: 'CRITICAL',
        settingId: 's1',
        settingName: 'shop servers',
        alertCount: 2,
      },
    ],
    ['host registered', { event: 'hostRegister', hostId: 'h1' }, { type: 'hostRegister', hostId: 'h1' }],
    [
      'host status',
      { event: 'hostStatus', hostId: 'h1', previousStatus: 'working', status: 'standby' },
      { type: 'hostStatus', hostId: 'h1', fromStatus: 'working', toStatus: 'standby' },
    ],
    [
      'host retired',
      { event: 'hostRetire', hostId: 'h1', roles: [{ service: 's', role: 'r' }] },
      { type: 'hostRetire', hostId: 'h1' },
    ],
    [
      'monitor',
      { event: 'monitor', action: 'delete', monitorId: 'm1', monitor: { type: 'host', name: 'cpu' } },
      { type: 'monitor', action: 'delete', monitorId: 'm1', monitorName: 'cpu', monitorType: 'host' },
    ],
    [
      'fields of the wrong type are null',
      { event: 'alert', kind: 1, alert: 'x', monitor: null },
      {
        type: 'alert',
        kind: null,
        alertId: null,
        status: null,
        previousStatus: null,
        monitorId: null,
        monitorName: null,
      },
    ],
    ['an event this server does not know', { event: 'future', x: 1 }, { type: 'unknown' }],
    ['not an object', [1, 2], { type: 'unknown' }],
  ];
  for (const [what, body, want] of cases) {
    assert.deepEqual(deliveryJson(delivery({}, body)).event, { id: 'e1', createdAt: T - 1, ...want }, what);
  }
});

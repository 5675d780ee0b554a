import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  hostRegistered,
  hostRetired,
  hostStatusChanged,
  monitorCreated,
  monitorDeleted,
  monitorUpdated,
} from '../testing/notifications.ts';
import { webhookPayload } from './webhook-event.ts';

const base = 'http://saba.example:8080';

function role(name: string) {
  return {
    fullname: `shop: ${name}`,
    serviceName: 'shop',
    serviceUrl: `${base}/services/shop`,
    roleName: name,
    roleUrl: `${base}/services/shop#role=${name}`,
  };
}

/** The §19.1 host object of host-1, as an alert payload has it. */
const host1 = {
  id: 'h1',
  name: 'host-1',
  url: `${base}/hosts/h1`,
  type: 'unknown',
  status: 'working',
  memo: 'the primary',
  isRetired: false,
  roles: [role('app'), role('batch')],
};

const monitor = { id: 'mon-load', type: 'host', name: 'loadavg5', url: `${base}/monitors/mon-load` };

// Exactly what docs/notifications.md shows, key order included (receivers that print see it).
const rows: [string, Parameters<typeof webhookPayload>[0], object][] = [
  ['hostRegister', hostRegistered, { orgName: 'example', event: 'hostRegister', host: host1 }],
  [
    'hostStatus: the host as it became, fromStatus and toStatus',
    hostStatusChanged,
    {
      orgName: 'example',
      event: 'hostStatus',
      host: { ...host1, status: 'standby' },
      fromStatus: 'working',
      toStatus: 'standby',
    },
  ],
  [
    'hostRetire: retired, with the roles it had',
    hostRetired,
    { orgName: 'example', event: 'hostRetire', host: { ...host1, isRetired: true } },
  ],
  [
    'monitorCreate',
    monitorCreated,
    {
      orgName: 'example',
      event: 'monitorCreate',
      monitor: {
        id: 'mon-load',
        type: 'host',
        name: 'loadavg5',
        memo: 'Look at the batch jobs first.',
        url: monitor.url,
      },
    },
  ],
  ['monitorUpdate', monitorUpdated, { orgName: 'example', event: 'monitorUpdate', monitor: { ...monitor, memo: '' } }],
  [
    'monitorDelete keeps the url',
    monitorDeleted,
    {
      orgName: 'example',
      event: 'monitorDelete',
      monitor: {
        id: 'mon-load',
        type: 'host',
        name: 'loadavg5',
        memo: 'Look at the batch jobs first.',
        url: monitor.url,
      },
    },
  ],
];

for (const [name, n, want] of rows) {
  test(`webhook payload: ${name}`, () => {
    const got = webhookPayload(n);
    assert.deepEqual(got, want);
    assert.deepEqual(Object.keys(got), Object.keys(want));
  });
}

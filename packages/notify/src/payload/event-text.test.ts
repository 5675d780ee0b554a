import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostNotification, MonitorNotification } from '../notification.ts';
import {
  hostRegistered,
  hostRetired,
  hostStatusChanged,
  monitorCreated,
  monitorDeleted,
  monitorUpdated,
} from '../testing/notifications.ts';
import { eventUrl, hostEventTitle, monitorEventTitle } from './event-text.ts';

const named: HostNotification = { ...hostRegistered, host: { ...hostRegistered.host, displayName: 'web one' } };

test('titles and links of host and monitor notifications', () => {
  const rows: [HostNotification | MonitorNotification, string, string | null][] = [
    [hostRegistered, 'Host host-1 registered', 'http://saba.example:8080/hosts/h1'],
    [hostStatusChanged, 'Host host-1 changed status from working to standby', 'http://saba.example:8080/hosts/h1'],
    [hostRetired, 'Host host-1 retired', 'http://saba.example:8080/hosts/h1'],
    [named, 'Host web one registered', 'http://saba.example:8080/hosts/h1'],
    [monitorCreated, 'Monitor loadavg5 created', 'http://saba.example:8080/monitors/mon-load'],
    [monitorUpdated, 'Monitor loadavg5 updated', 'http://saba.example:8080/monitors/mon-load'],
    // The page of a deleted monitor is gone: nothing links to it.
    [monitorDeleted, 'Monitor loadavg5 deleted', null],
  ];
  for (const [n, title, url] of rows) {
    assert.equal(n.event === 'monitor' ? monitorEventTitle(n) : hostEventTitle(n), title);
    assert.equal(eventUrl(n), url, title);
  }
});

test('the name goes through the given function, the rest does not', () => {
  const wrap = (s: string) => `<${s}>`;
  assert.equal(hostEventTitle(hostStatusChanged, wrap), 'Host <host-1> changed status from working to standby');
  assert.equal(monitorEventTitle(monitorCreated, wrap), 'Monitor <loadavg5> created');
});

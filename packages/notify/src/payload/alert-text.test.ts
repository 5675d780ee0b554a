import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertNotification } from '../notification.ts';
import {
  alertGroup,
  checkAlert,
  externalAlert,
  hostAlert,
  hostAlertIn,
  serviceAlert,
} from '../testing/notifications.ts';
import { alertGroupTitle, alertMessage, alertTitle, formatValue, isoTime } from './alert-text.ts';

test('formatValue', () => {
  const rows: [number, string][] = [
    [2, '2'],
    [-40, '-40'],
    [2.255356387321597, '2.26'],
    [1.9588528112516932, '1.96'],
    [99.999, '100'],
    [0.5, '0.5'],
    [0.000123456, '0.000123'],
    [-0.98765, '-0.988'],
  ];
  for (const [v, want] of rows) assert.equal(formatValue(v), want, String(v));
});

test('alertMessage: value vs the threshold of the status', () => {
  const rows: [string, AlertNotification, string][] = [
    ['critical, over', hostAlert, 'loadavg5 2.26 > 1.96'],
    ['warning, under', serviceAlert, 'access.count 80 < 100'],
    ['warning, over', hostAlertIn('WARNING'), 'loadavg5 2.26 > 1.47'],
    // A hand-closed alert may still be over the threshold, so OK names no threshold.
    ['ok shows the value only', hostAlertIn('OK'), 'loadavg5 2.26'],
    ['unknown without a value: no metric line', hostAlertIn('UNKNOWN'), ''],
    ['check: its message', checkAlert, 'DISK CRITICAL - / 95% used'],
    ['external: its message', externalAlert, 'connect ECONNREFUSED 10.0.0.5:443'],
    [
      'a status whose threshold is unset',
      { ...hostAlert, monitor: { ...hostAlert.monitor, critical: null } },
      'loadavg5 2.26',
    ],
  ];
  for (const [name, n, want] of rows) assert.equal(alertMessage(n), want, name);
});

test('titles', () => {
  assert.equal(alertTitle(hostAlert), 'CRITICAL loadavg5 on host-1');
  assert.equal(
    alertTitle({ ...hostAlert, host: hostAlert.host && { ...hostAlert.host, displayName: 'web one' } }),
    'CRITICAL loadavg5 on web one',
  );
  assert.equal(alertTitle(serviceAlert), 'WARNING requests on shop');
  assert.equal(alertTitle(externalAlert), 'OK top page');
  assert.equal(alertGroupTitle(alertGroup), 'CRITICAL alert group shop servers (3 alerts)');
  assert.equal(
    alertGroupTitle({ ...alertGroup, group: { ...alertGroup.group, alertCount: 1 } }),
    'CRITICAL alert group shop servers (1 alert)',
  );
});

test('isoTime', () => {
  assert.equal(isoTime(1_700_000_000), '2023-11-14T22:13:20Z');
});

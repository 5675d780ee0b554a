import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertGroup, checkAlert, externalAlert, hostAlert, serviceAlert } from '../testing/notifications.ts';
import { webhookAlertGroupPayload, webhookAlertPayload } from './webhook-alert.ts';

const base = 'http://saba.example:8080';

function role(service: string, name: string) {
  return {
    fullname: `${service}: ${name}`,
    serviceName: service,
    serviceUrl: `${base}/services/${service}`,
    roleName: name,
    roleUrl: `${base}/services/${service}#role=${name}`,
  };
}

const host1 = {
  id: 'h1',
  name: 'host-1',
  url: `${base}/hosts/h1`,
  type: 'unknown',
  status: 'working',
  memo: 'the primary',
  isRetired: false,
  roles: [role('shop', 'app'), role('shop', 'batch')],
};

test('§19.1 host-metric alert, exactly', () => {
  const got = webhookAlertPayload(hostAlert);
  assert.deepEqual(got, {
    orgName: 'example',
    event: 'alert',
    type: 'host',
    message: 'loadavg5 2.26 > 1.96',
    host: host1,
    alert: {
      id: 'alert-1',
      url: `${base}/alerts/alert-1`,
      status: 'critical',
      isOpen: true,
      trigger: 'monitoring',
      openedAt: 1_700_000_000,
      statusChangedAt: 1_700_000_300,
      createdAt: 1_700_000_000_000,
      monitorName: 'loadavg5',
      metricLabel: 'loadavg5',
      metricValue: 2.255356387321597,
      criticalThreshold: 1.9588528112516932,
      warningThreshold: 1.4665636369580741,
      monitorOperator: '>',
      duration: 5,
    },
    imageUrl: null,
    memo: 'Look at the batch jobs first.',
  });
  // Receivers that print the JSON see the spec's order.
  assert.deepEqual(Object.keys(got), ['orgName', 'event', 'type', 'message', 'host', 'alert', 'imageUrl', 'memo']);
});

test('§19.1 service-metric alert, exactly: a service object, no host', () => {
  assert.deepEqual(webhookAlertPayload(serviceAlert), {
    orgName: 'example',
    event: 'alert',
    type: 'service',
    message: 'access.count 80 < 100',
    service: {
      id: 'shop',
      name: 'shop',
      memo: 'the web shop',
      orgId: 'org-1',
      roles: [role('shop', 'app'), role('shop', 'batch')],
    },
    alert: {
      id: 'alert-2',
      url: `${base}/alerts/alert-2`,
      status: 'warning',
      isOpen: true,
      trigger: 'monitoring',
      openedAt: 1_700_000_000,
      statusChangedAt: 1_700_000_300,
      createdAt: 1_700_000_000_000,
      monitorName: 'requests',
      metricLabel: 'access.count',
      metricValue: 80,
      criticalThreshold: 50,
      warningThreshold: 100,
      monitorOperator: '<',
      duration: 3,
    },
    imageUrl: null,
    memo: '',
  });
});

test('§19.1 check alert, exactly: the check message, no metric keys', () => {
  assert.deepEqual(webhookAlertPayload(checkAlert), {
    orgName: 'example',
    event: 'alert',
    type: 'check',
    message: 'DISK CRITICAL - / 95% used',
    host: host1,
    alert: {
      id: 'alert-3',
      url: `${base}/alerts/alert-3`,
      status: 'critical',
      isOpen: true,
      trigger: 'monitoring',
      openedAt: 1_700_000_000,
      statusChangedAt: 1_700_000_300,
      createdAt: 1_700_000_000_000,
      monitorName: 'check-disk',
    },
    imageUrl: null,
    memo: '',
  });
});

test('§19.1 external alert closed by hand, exactly: no host or service, closedAt, lower-case ok', () => {
  assert.deepEqual(webhookAlertPayload(externalAlert), {
    orgName: 'example',
    event: 'alert',
    type: 'external',
    message: 'connect ECONNREFUSED 10.0.0.5:443',
    alert: {
      id: 'alert-4',
      url: `${base}/alerts/alert-4`,
      status: 'ok',
      isOpen: false,
      trigger: 'manual close',
      openedAt: 1_700_000_000,
      closedAt: 1_700_000_600,
      statusChangedAt: 1_700_000_600,
      createdAt: 1_700_000_000_000,
      monitorName: 'top page',
    },
    imageUrl: null,
    memo: 'status page first',
  });
});

test('query-monitor alert carries its series in alert.series', () => {
  const series = { name: 'http_requests_total', labels: { job: 'api' } };
  const got = webhookAlertPayload({
    ...hostAlert,
    host: null,
    monitor: { ...hostAlert.monitor, type: 'query', metricLabel: 'rate(http_requests_total[5m])' },
    alert: { ...hostAlert.alert, series },
  });
  assert.equal(got.type, 'query');
  assert.deepEqual(got.alert.series, series);
  assert.equal(got.host, undefined);
});

test('alert-group payload, exactly (documented in docs/notifications.md)', () => {
  assert.deepEqual(webhookAlertGroupPayload(alertGroup), {
    orgName: 'example',
    event: 'alertGroup',
    alertGroup: {
      id: 'group-1',
      url: `${base}/alert-groups/group-1`,
      status: 'critical',
      isOpen: true,
      openedAt: 1_700_000_000,
      alertCount: 3,
    },
    alertGroupSetting: { id: 'setting-1', name: 'shop servers', memo: 'Call the shop team.' },
  });
  const closed = webhookAlertGroupPayload({
    ...alertGroup,
    group: { ...alertGroup.group, status: 'OK', closedAt: 1_700_000_900 },
  });
  assert.deepEqual(closed.alertGroup, {
    id: 'group-1',
    url: `${base}/alert-groups/group-1`,
    status: 'ok',
    isOpen: false,
    openedAt: 1_700_000_000,
    closedAt: 1_700_000_900,
    alertCount: 3,
  });
});

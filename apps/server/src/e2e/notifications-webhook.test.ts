// Issue 6's first proof, end to end: a metric post opens an alert and a webhook channel created
// through the API receives exactly the spec api §19.1 payload; the good post that closes it sends
// the OK. A Slack channel and an email channel (the server's SMTP relay is a local SMTP sink) get
// the same two notifications in their own shapes. Real server, real sockets, nothing faked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Json } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';
import {
  createMonitor,
  getAlert,
  minutesAgo,
  ok,
  postMetrics,
  registerHost,
  setHostStatus,
} from '../testing/monitoring-e2e.ts';
import {
  bodiesAt,
  createChannel,
  deliveriesSettled,
  type HttpSink,
  KEY_HEADER,
  newTestOrg,
  type SmtpSink,
  startHttpSink,
  startSmtpSink,
} from '../testing/notification-e2e.ts';

let h: Harness;
let sink: HttpSink;
let smtp: SmtpSink;

before(async () => {
  sink = await startHttpSink();
  smtp = await startSmtpSink();
  h = await startHarness({ SABA_SMTP_URL: `smtp://${smtp.host}:${smtp.port}`, SABA_SMTP_FROM: 'saba@example.com' });
});
after(async () => {
  await h.close();
  await sink.close();
  await smtp.close();
});

const MEMO = 'Look at the batch jobs first.';

test('metric post → alert → webhook with the §19.1 payload; the good post → the OK; Slack and email too', async () => {
  const org = await newTestOrg(h, 'notify-webhook');
  const { call } = org;
  const webhook = await createChannel(call, { type: 'webhook', name: 'hook', url: `${sink.url}/hook` });
  const slack = await createChannel(call, { type: 'slack', name: 'chat', url: `${sink.url}/slack` });
  const email = await createChannel(call, { type: 'email', name: 'ops', emails: ['ops@example.com'], userIds: [] });
  const host = await registerHost(call, 'web-1', ['shop: app', 'shop: batch']);
  await setHostStatus(call, host, 'working');
  await ok(call('PUT', `/api/v0/hosts/${host}`, { body: { name: 'web-1', meta: {}, memo: 'the primary' } }));
  const monitor = await createMonitor(call, {
    type: 'host',
    name: 'loadavg5',
    metric: 'loadavg5',
    operator: '>',
    warning: null,
    critical: 1,
    duration: 1,
    memo: MEMO,
  });

  await postMetrics(call, [{ hostId: host, name: 'loadavg5', time: minutesAgo(2), value: 5 }]);
  await deliveriesSettled(h, org.id, [webhook, slack, email]);
  const hooks = sink.requests.filter((r) => r.path === '/hook');
  assert.equal(hooks.length, 1, 'one POST for one decided notification');
  const opened = hooks[0] as (typeof hooks)[number];
  assert.equal(opened.method, 'POST');
  assert.match(String(opened.headers['content-type']), /^application\/json/);
  const openKey = String(opened.headers[KEY_HEADER]);
  assert.match(openKey, new RegExp(`^\\S+\\.${webhook}$`), 'the key is <eventId>.<channelId>');

  const body = JSON.parse(opened.body) as Json;
  const alert = await getAlert(call, body.alert.id);
  assert.equal(alert.monitorId, monitor);
  assert.equal(alert.hostId, host);
  const role = (name: string) => ({
    fullname: `shop: ${name}`,
    serviceName: 'shop',
    serviceUrl: `${h.url}/services/shop`,
    roleName: name,
    roleUrl: `${h.url}/services/shop#role=${name}`,
  });
  const expectedHost = {
    id: host,
    name: 'web-1',
    url: `${h.url}/hosts/${host}`,
    type: 'unknown',
    status: 'working',
    memo: 'the primary',
    isRetired: false,
    roles: [role('app'), role('batch')],
  };
  const expectedAlert = {
    id: alert.id,
    url: `${h.url}/alerts/${alert.id}`,
    status: 'critical',
    isOpen: true,
    trigger: 'monitoring',
    openedAt: alert.openedAt,
    statusChangedAt: alert.openedAt,
    createdAt: alert.openedAt * 1000,
    monitorName: 'loadavg5',
    metricLabel: 'loadavg5',
    metricValue: 5,
    criticalThreshold: 1,
    monitorOperator: '>',
    duration: 1,
  };
  assert.deepEqual(body, {
    orgName: 'notify-webhook',
    event: 'alert',
    type: 'host',
    message: 'loadavg5 5 > 1',
    host: expectedHost,
    alert: expectedAlert,
    imageUrl: null,
    memo: MEMO,
  });
  assert.ok(!('warningThreshold' in body.alert), 'a monitor without a warning threshold sends none');
  assert.ok(!('closedAt' in body.alert), 'closedAt only once closed');

  await postMetrics(call, [{ hostId: host, name: 'loadavg5', time: minutesAgo(1), value: 0.5 }]);
  await deliveriesSettled(h, org.id, [webhook, slack, email]);
  const closedAlert = await getAlert(call, alert.id);
  assert.equal(closedAlert.status, 'OK');
  const both = sink.requests.filter((r) => r.path === '/hook');
  assert.equal(both.length, 2, 'a second POST for the close');
  const closing = both[1] as (typeof both)[number];
  assert.notEqual(closing.headers[KEY_HEADER], openKey, 'another notification, another key');
  assert.deepEqual(JSON.parse(closing.body), {
    orgName: 'notify-webhook',
    event: 'alert',
    type: 'host',
    message: 'loadavg5 0.5',
    host: expectedHost,
    alert: {
      ...expectedAlert,
      status: 'ok',
      isOpen: false,
      closedAt: closedAlert.closedAt,
      statusChangedAt: closedAlert.closedAt,
      metricValue: 0.5,
    },
    imageUrl: null,
    memo: MEMO,
  });

  // Slack: the same two notifications, each linking to the alert.
  const slackBodies = bodiesAt(sink.requests, '/slack');
  assert.deepEqual(
    slackBodies.map((b) => [b.text, b.attachments[0].title_link, b.attachments[0].text]),
    [
      ['[notify-webhook] CRITICAL loadavg5 on web-1', `${h.url}/alerts/${alert.id}`, 'loadavg5 5 &gt; 1'],
      ['[notify-webhook] OK loadavg5 on web-1', `${h.url}/alerts/${alert.id}`, 'loadavg5 0.5'],
    ],
  );
  for (const r of sink.requests.filter((x) => x.path === '/slack')) {
    assert.match(String(r.headers[KEY_HEADER]), new RegExp(`\\.${slack}$`));
  }

  // Email: two mails through the server's SMTP relay, keyed like the rest.
  assert.deepEqual(
    smtp.mails.map((m) => [m.from, m.to, m.headers.get('subject')]),
    [
      ['saba@example.com', ['ops@example.com'], '[Saba] CRITICAL loadavg5 on web-1'],
      ['saba@example.com', ['ops@example.com'], '[Saba] OK loadavg5 on web-1'],
    ],
  );
  const [openMail] = smtp.mails;
  assert.ok(openMail !== undefined);
  assert.match(openMail.text, new RegExp(`^Alert: ${h.url}/alerts/${alert.id}$`, 'm'));
  assert.match(openMail.text, /^Message: loadavg5 5 > 1$/m);
  assert.match(String(openMail.headers.get(KEY_HEADER)), new RegExp(`\\.${email}$`));
});

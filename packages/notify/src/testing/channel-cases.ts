// What the conformance suite (channels/conformance.test.ts) needs to know per channel type: a
// body that points the channel at the test's receiver, and golden checks of what arrived.
import assert from 'node:assert/strict';
import type { AlertStatus, JsonObject } from '@saba/model';
import { emailMessageId } from '../channels/email.ts';
import type { ChannelType } from '../channels/registry.ts';
import type { AlertNotification, HostNotification, MonitorNotification, Notification } from '../notification.ts';
import { alertGroupTitle, alertMessage, alertTitle } from '../payload/alert-text.ts';
import { eventUrl, hostEventTitle, monitorEventTitle } from '../payload/event-text.ts';
import { alertGroupUrl, alertUrl, graphUrl } from '../payload/links.ts';
import { webhookPayload } from '../payload/webhook-event.ts';
import type { SinkRequest } from './http-sink.ts';
import type { SinkMail } from './smtp-sink.ts';

/** What one delivery looked like at the receiver: an HTTP request or a mail. */
export type Delivery = { readonly http: SinkRequest; readonly json: unknown } | { readonly mail: SinkMail };

/** One channel type as the conformance suite drives it. */
export interface ChannelCase {
  readonly type: ChannelType;
  readonly transport: 'http' | 'smtp';
  /** A channel body delivering to `url` (the HTTP sink's; email ignores it). */
  body(url: string): JsonObject;
  /** Whether the channel has the `events` setting (else it takes alerts only). */
  readonly hasEvents: boolean;
  /** Whether the channel has the `level` setting. */
  readonly hasLevel: boolean;
  /** Golden checks of the important fields of what arrived for `n`. */
  check(d: Delivery, n: Notification): void;
}

/** Slack mentions the suite configures, per status. */
export const MENTIONS = { ok: 'recovered:', warning: '@here', critical: '<!channel>' } as const;

/** A 32-character PagerDuty integration key. */
export const INTEGRATION_KEY = 'R0123456789abcdef0123456789ABCDE';

function json(d: Delivery): JsonObject {
  assert.ok('json' in d, 'an HTTP delivery was expected');
  return d.json as JsonObject;
}

function http(d: Delivery): SinkRequest {
  assert.ok('http' in d, 'an HTTP delivery was expected');
  return d.http;
}

/** Property access on parsed JSON, for readable assertions. */
function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const p of path) cur = (cur as Record<string | number, unknown> | undefined)?.[p];
  return cur;
}

type AlertOrGroup = Extract<Notification, { event: 'alert' | 'alertGroup' }>;
type HostOrMonitor = HostNotification | MonitorNotification;

function statusOf(n: AlertOrGroup): AlertStatus {
  return n.event === 'alert' ? n.alert.status : n.group.status;
}

function isEvent(n: Notification): n is HostOrMonitor {
  return n.event !== 'alert' && n.event !== 'alertGroup';
}

/** The plain title of a host or monitor notification. */
function eventTitle(n: HostOrMonitor): string {
  return n.event === 'monitor' ? monitorEventTitle(n) : hostEventTitle(n);
}

/** The webhook `event` of a notification: a monitor's names its action (spec features §4.3). */
function webhookEvent(n: Notification): string {
  if (n.event !== 'monitor') return n.event;
  return { create: 'monitorCreate', update: 'monitorUpdate', delete: 'monitorDelete' }[n.action];
}

const webhook: ChannelCase = {
  type: 'webhook',
  transport: 'http',
  hasEvents: true,
  hasLevel: false,
  // Credentials in the URL must arrive as Basic auth, not in the request line (spec api §19).
  body: (url) => ({ type: 'webhook', name: 'hook', url: url.replace('http://', 'http://ops:p%40ss@') + '/hook' }),
  check(d, n) {
    const req = http(d);
    assert.equal(req.path, '/hook');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('ops:p@ss').toString('base64')}`);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(json(d), webhookPayload(n));
    assert.equal(at(d, 'json', 'event'), webhookEvent(n));
    assert.equal(at(d, 'json', 'orgName'), 'example');
    if (n.event === 'hostStatus') {
      assert.deepEqual([at(d, 'json', 'fromStatus'), at(d, 'json', 'toStatus')], [n.previousStatus, n.host.status]);
    }
    if (isEvent(n) && n.event !== 'monitor') assert.equal(at(d, 'json', 'host', 'url'), eventUrl(n));
  },
};

const SLACK_COLOURS: Readonly<Record<AlertStatus, string>> = {
  CRITICAL: '#e0393e',
  WARNING: '#f2a33a',
  UNKNOWN: '#8b5cc7',
  OK: '#2eb67d',
};

const slack: ChannelCase = {
  type: 'slack',
  transport: 'http',
  hasEvents: true,
  hasLevel: false,
  body: (url) => ({ type: 'slack', name: 'ops room', url: `${url}/services/T0/B0/x`, mentions: MENTIONS }),
  check(d, n) {
    const body = json(d);
    if (isEvent(n)) {
      // One line, no mention or colour: those are per alert status.
      assert.deepEqual(Object.keys(body), ['text']);
      const url = eventUrl(n);
      const name = n.event === 'monitor' ? n.monitor.name : n.host.name;
      assert.ok(String(body.text).startsWith('[example] '), String(body.text));
      if (url !== null) assert.ok(String(body.text).includes(`<${url}|${name}>`), String(body.text));
      return;
    }
    const status = statusOf(n);
    const mention = status === 'OK' ? MENTIONS.ok : status === 'WARNING' ? MENTIONS.warning : MENTIONS.critical;
    assert.ok(String(body.text).startsWith(`${mention} [example] `), `text: ${String(body.text)}`);
    const a = at(body, 'attachments', 0);
    assert.equal(at(a, 'color'), SLACK_COLOURS[status]);
    if (n.event === 'alertGroup') {
      assert.equal(at(a, 'title'), alertGroupTitle(n));
      assert.equal(at(a, 'title_link'), alertGroupUrl(n));
      return;
    }
    assert.equal(
      at(a, 'title'),
      alertTitle(n).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    );
    assert.equal(at(a, 'title_link'), alertUrl(n));
    const fields = new Map((at(a, 'fields') as { title: string; value: string }[]).map((f) => [f.title, f.value]));
    const graph = graphUrl(n);
    if (graph !== null) assert.ok(fields.get('Graph')?.startsWith(`<${graph}|`), `graph link: ${fields.get('Graph')}`);
    if (n.host !== null) {
      assert.equal(fields.get('Host'), `<${n.baseUrl}/hosts/${n.host.id}|${n.host.name}>`);
      assert.equal(
        fields.get('Roles'),
        `<${n.baseUrl}/services/shop#role=app|shop: app>, <${n.baseUrl}/services/shop#role=batch|shop: batch>`,
      );
    }
    if (n.monitor.memo !== '') assert.equal(fields.get('Memo'), n.monitor.memo);
  },
};

const TEAMS_COLOURS: Readonly<Record<AlertStatus, string>> = {
  CRITICAL: 'Attention',
  WARNING: 'Warning',
  UNKNOWN: 'Accent',
  OK: 'Good',
};

const teams: ChannelCase = {
  type: 'microsoft-teams',
  transport: 'http',
  hasEvents: true,
  hasLevel: false,
  body: (url) => ({ type: 'microsoft-teams', name: 'ops team', url: `${url}/workflows/abc` }),
  check(d, n) {
    const body = json(d);
    assert.equal(body.type, 'message');
    assert.equal(at(body, 'attachments', 0, 'contentType'), 'application/vnd.microsoft.card.adaptive');
    const card = at(body, 'attachments', 0, 'content');
    assert.equal(at(card, 'type'), 'AdaptiveCard');
    const actions = (at(card, 'actions') as { url: string }[]).map((a) => a.url);
    if (isEvent(n)) {
      assert.equal(at(card, 'body', 0, 'color'), undefined, 'no status colour');
      assert.equal(at(card, 'body', 0, 'text'), `[example] ${eventTitle(n)}`);
      const url = eventUrl(n);
      assert.deepEqual(actions, url === null ? [] : [url]);
      return;
    }
    assert.equal(at(card, 'body', 0, 'color'), TEAMS_COLOURS[statusOf(n)]);
    const title = n.event === 'alert' ? alertTitle(n) : alertGroupTitle(n);
    assert.equal(at(card, 'body', 0, 'text'), `[example] ${title}`);
    if (n.event === 'alertGroup') {
      assert.deepEqual(actions, [alertGroupUrl(n)]);
      return;
    }
    const graph = graphUrl(n);
    assert.deepEqual(actions, graph === null ? [alertUrl(n)] : [alertUrl(n), graph]);
    if (alertMessage(n) !== '') assert.equal(at(card, 'body', 1, 'text'), alertMessage(n));
  },
};

const SEVERITIES = { CRITICAL: 'critical', WARNING: 'warning', UNKNOWN: 'error' } as const;

const pagerduty: ChannelCase = {
  type: 'pagerduty',
  transport: 'http',
  hasEvents: false,
  hasLevel: true,
  body: (url) => ({ type: 'pagerduty', name: 'pager', integrationKey: INTEGRATION_KEY, endpoint: `${url}/v2/enqueue` }),
  check(d, n) {
    assert.equal(http(d).path, '/v2/enqueue');
    const body = json(d);
    const a = (n as AlertNotification).alert;
    assert.equal(body.routing_key, INTEGRATION_KEY);
    // One incident per alert: W → C updates it, OK resolves it.
    assert.equal(body.dedup_key, `saba-alert-${a.id}`);
    if (a.status === 'OK') {
      assert.deepEqual(body, {
        routing_key: INTEGRATION_KEY,
        event_action: 'resolve',
        dedup_key: `saba-alert-${a.id}`,
      });
      return;
    }
    const an = n as AlertNotification;
    assert.equal(body.event_action, 'trigger');
    assert.equal(at(body, 'payload', 'severity'), SEVERITIES[a.status]);
    assert.ok(String(at(body, 'payload', 'summary')).startsWith(`[example] ${alertTitle(an)}`));
    assert.equal(at(body, 'payload', 'source'), an.host?.name ?? an.service?.name ?? an.monitor.name);
    assert.equal(at(body, 'payload', 'custom_details', 'memo'), an.monitor.memo);
    assert.equal(at(body, 'payload', 'custom_details', 'custom_identifier'), an.host?.customIdentifier ?? null);
    assert.equal(at(body, 'links', 0, 'href'), alertUrl(an));
  },
};

const oncall: ChannelCase = {
  type: 'oncall-webhook',
  transport: 'http',
  hasEvents: false,
  hasLevel: true,
  body: (url) => ({ type: 'oncall-webhook', name: 'on call', url: `${url}/integrations/v1/webhook/x/` }),
  check(d, n) {
    const an = n as AlertNotification;
    const a = an.alert;
    const want: JsonObject = {
      key: n.key,
      status: a.status.toLowerCase(),
      title: `[example] ${alertTitle(an)}`,
      message: alertMessage(an),
      alertId: a.id,
      alertUrl: alertUrl(an),
      monitor: { id: an.monitor.id, name: an.monitor.name, type: an.monitor.type },
      ...(an.host === null
        ? {}
        : { host: { id: an.host.id, name: an.host.name, url: `${n.baseUrl}/hosts/${an.host.id}` } }),
      ...(an.service === null
        ? {}
        : { service: { name: an.service.name, url: `${n.baseUrl}/services/${an.service.name}` } }),
      openedAt: a.openedAt,
      closedAt: a.closedAt,
    };
    assert.deepEqual(json(d), want);
  },
};

const email: ChannelCase = {
  type: 'email',
  transport: 'smtp',
  hasEvents: true,
  hasLevel: false,
  body: () => ({ type: 'email', name: 'ops mail', emails: ['ops@example.com', 'dev@example.com'] }),
  check(d, n) {
    assert.ok('mail' in d, 'a mail was expected');
    const m = d.mail;
    assert.deepEqual(m.to, ['ops@example.com', 'dev@example.com']);
    assert.equal(m.from, 'saba@saba.example');
    assert.equal(m.headers.get('message-id'), emailMessageId(n));
    const title = isEvent(n) ? eventTitle(n) : n.event === 'alert' ? alertTitle(n) : alertGroupTitle(n);
    assert.equal(m.headers.get('subject'), `[Saba] ${title}`);
    const lines = m.text.split('\n');
    assert.equal(lines[0], title);
    if (isEvent(n)) {
      assert.ok(lines.includes('Organization: example'), m.text);
      const url = eventUrl(n);
      const label = n.event === 'monitor' ? 'Monitor' : 'Host';
      assert.ok(lines.includes(`${label}: ${url ?? (n.event === 'monitor' ? n.monitor.name : n.host.name)}`), m.text);
      return;
    }
    if (n.event === 'alertGroup') {
      assert.ok(lines.includes(`Alert group: ${alertGroupUrl(n)}`), m.text);
      assert.ok(m.text.includes(n.setting.memo));
      return;
    }
    assert.ok(lines.includes(`Alert: ${alertUrl(n)}`), m.text);
    if (alertMessage(n) !== '') assert.ok(lines.includes(`Message: ${alertMessage(n)}`), m.text);
    if (n.host !== null) assert.ok(lines.includes(`Host: ${n.host.name}`), m.text);
    if (n.service !== null) assert.ok(lines.includes(`Service: ${n.service.name}`), m.text);
    if (n.monitor.memo !== '') assert.ok(m.text.includes(`Memo:\n${n.monitor.memo}`), m.text);
  },
};

/** Every channel type, each once: the suite fails when a registered type is missing here. */
export const CHANNEL_CASES: readonly ChannelCase[] = [webhook, slack, teams, pagerduty, oncall, email];

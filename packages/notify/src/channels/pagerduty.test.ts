import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChannelRows } from '../testing/channel-rows.ts';
import { hostAlert, hostAlertIn } from '../testing/notifications.ts';
import type { HttpPost } from './kind.ts';
import { PAGERDUTY_EVENTS_URL, type PagerDutyChannel, pagerDutyEvent, pagerDutyKind } from './pagerduty.ts';

const KEY = 'R0123456789abcdef0123456789ABCDE';
const base = { type: 'pagerduty', name: 'pager', integrationKey: KEY } as const;

runChannelRows(pagerDutyKind, [
  {
    name: 'minimal: all levels, resolve on close, PagerDuty itself',
    input: base,
    want: { level: 'all', closeIncidentOnAlertClose: true, endpoint: null, events: ['alert'] },
  },
  {
    name: 'everything set',
    input: { ...base, level: 'critical', closeIncidentOnAlertClose: false, endpoint: 'http://127.0.0.1:9/v2/enqueue' },
    want: { level: 'critical', closeIncidentOnAlertClose: false, endpoint: 'http://127.0.0.1:9/v2/enqueue' },
  },
  { name: 'endpoint null is PagerDuty', input: { ...base, endpoint: null }, want: { endpoint: null } },
  { name: 'no key', input: { type: 'pagerduty', name: 'p' }, err: '"integrationKey" is required' },
  {
    name: 'short key',
    input: { ...base, integrationKey: 'abc' },
    err: '"integrationKey" must be 32 letters and digits',
  },
  {
    name: 'key with a dash',
    input: { ...base, integrationKey: `${KEY.slice(0, 31)}-` },
    err: '"integrationKey" must be 32',
  },
  { name: 'bad level', input: { ...base, level: 'high' }, err: '"level" must be "all" or "critical"' },
  {
    name: 'bad close flag',
    input: { ...base, closeIncidentOnAlertClose: 'no' },
    err: '"closeIncidentOnAlertClose" must be true or false',
  },
  {
    name: 'bad endpoint',
    input: { ...base, endpoint: 'file:///etc/passwd' },
    err: '"endpoint" must be an http or https URL',
  },
]);

const channel = pagerDutyKind.parse(base) as PagerDutyChannel;

test('pagerduty: W → C → OK is one incident: two triggers and a resolve with the same dedup key', () => {
  const events = [hostAlertIn('WARNING'), hostAlertIn('CRITICAL'), hostAlertIn('OK')].map((n) =>
    pagerDutyEvent(channel, n),
  );
  assert.deepEqual(
    events.map((e) => [e.event_action, e.dedup_key, (e.payload as { severity?: string } | undefined)?.severity]),
    [
      ['trigger', 'saba-alert-alert-1', 'warning'],
      ['trigger', 'saba-alert-alert-1', 'critical'],
      ['resolve', 'saba-alert-alert-1', undefined],
    ],
  );
  // UNKNOWN (nothing to judge) sits between warning and critical.
  const unknown = pagerDutyEvent(channel, hostAlertIn('UNKNOWN')).payload as { severity: string };
  assert.equal(unknown.severity, 'error');
});

test('pagerduty: the trigger event', () => {
  assert.deepEqual(pagerDutyEvent(channel, hostAlert), {
    routing_key: KEY,
    event_action: 'trigger',
    dedup_key: 'saba-alert-alert-1',
    payload: {
      summary: '[example] CRITICAL loadavg5 on host-1: loadavg5 2.26 > 1.96',
      source: 'host-1',
      severity: 'critical',
      timestamp: '2023-11-14T22:18:20.000Z',
      component: 'loadavg5',
      class: 'host',
      custom_details: {
        message: 'loadavg5 2.26 > 1.96',
        memo: 'Look at the batch jobs first.',
        custom_identifier: 'i-0abc',
        host: 'host-1',
        roles: ['shop: app', 'shop: batch'],
        alert_url: 'http://saba.example:8080/alerts/alert-1',
        org: 'example',
      },
    },
    client: 'Saba',
    client_url: 'http://saba.example:8080/alerts/alert-1',
    links: [
      { href: 'http://saba.example:8080/alerts/alert-1', text: 'Alert in Saba' },
      { href: 'http://saba.example:8080/hosts/h1', text: 'Graphs in Saba' },
    ],
  });
  const long = pagerDutyEvent(channel, { ...hostAlert, monitor: { ...hostAlert.monitor, name: 'x'.repeat(2000) } });
  assert.equal((long.payload as { summary: string }).summary.length, 1024);
});

test('pagerduty: closeIncidentOnAlertClose false sends no resolve', () => {
  const keep = pagerDutyKind.parse({ ...base, closeIncidentOnAlertClose: false });
  assert.equal(pagerDutyKind.accepts(keep, hostAlertIn('OK')), false);
  assert.equal(pagerDutyKind.accepts(keep, hostAlertIn('CRITICAL')), true);
  assert.equal(pagerDutyKind.accepts(channel, hostAlertIn('OK')), true);
});

test('pagerduty: without an endpoint it posts to the Events API v2', async () => {
  // PagerDuty itself cannot be reached from the tests: this post records the URL and answers 202.
  const urls: string[] = [];
  const post: HttpPost = async (url) => {
    urls.push(url);
    return { status: 202, body: '{"status":"success"}' };
  };
  assert.deepEqual(await pagerDutyKind.send(channel, hostAlert, { post, timeoutMs: 1000 }), { ok: true });
  assert.deepEqual(urls, [PAGERDUTY_EVENTS_URL]);
  assert.equal(PAGERDUTY_EVENTS_URL, 'https://events.pagerduty.com/v2/enqueue');
});

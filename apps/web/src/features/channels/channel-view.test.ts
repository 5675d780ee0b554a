import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Channel } from '../../api/notifications.ts';
import { channelState, eventsText, sortChannels, targetText, typeLabel } from './channel-view.ts';

/** A webhook channel with `over` applied; keys set to undefined in `over` are left out (types without them). */
function channel(id: string, over: Readonly<Record<string, unknown>> = {}): Channel {
  const c: Record<string, unknown> = {
    id,
    type: 'webhook',
    name: id,
    url: 'https://hooks.example/x',
    events: ['alert'],
    suspendedAt: null,
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete c[k];
    else c[k] = v;
  }
  return c as unknown as Channel;
}

const iso = (d: Date) => d.toISOString();

test('channelState: active, or suspended since the time delivery suspended it', () => {
  assert.deepEqual(channelState(channel('a'), iso), { suspended: false, label: 'Active' });
  const s = channelState(channel('b', { suspendedAt: 1_700_000_000 }), iso);
  assert.equal(s.suspended, true);
  assert.equal(s.label, 'Suspended since 2023-11-14T22:13:20.000Z');
});

test('eventsText names the events, and alerts at the level for types without events', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['alerts only', {}, 'Alerts'],
    [
      'several',
      { events: ['alertGroup', 'hostRegister', 'monitor'] },
      'Alert groups, Hosts registered, Monitor changes',
    ],
    ['none', { events: [] }, 'Nothing'],
    ['pagerduty, all', { type: 'pagerduty', events: undefined, level: 'all' }, 'Alerts'],
    ['on-call, critical', { type: 'oncall-webhook', events: undefined, level: 'critical' }, 'Alerts (critical only)'],
  ];
  for (const [what, over, want] of cases) assert.equal(eventsText(channel('c', over)), want, what);
});

test("targetText shows a URL's host (a webhook's path is its secret) or the addresses and users", () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ url: 'https://hooks.slack.com/services/T0/B0/secret' }, 'hooks.slack.com'],
    [{ url: 'http://127.0.0.1:9000/hook' }, '127.0.0.1:9000'],
    [{ type: 'email', url: undefined, emails: ['a@x.org', 'b@y.org'], userIds: [] }, 'a@x.org, b@y.org'],
    [{ type: 'email', url: undefined, emails: ['a@x.org'], userIds: ['u1', 'u2'] }, 'a@x.org, 2 users'],
    [{ type: 'email', url: undefined, emails: [], userIds: ['u1'] }, '1 user'],
    [{ type: 'pagerduty', url: undefined, endpoint: null }, 'PagerDuty'],
    [{ type: 'pagerduty', url: undefined, endpoint: 'https://events.example/v2' }, 'events.example'],
  ];
  for (const [over, want] of cases) assert.equal(targetText(channel('t', over)), want);
});

test('typeLabel names known types and passes others through', () => {
  assert.equal(typeLabel('microsoft-teams'), 'Microsoft Teams');
  assert.equal(typeLabel('oncall-webhook'), 'On-call webhook');
  assert.equal(typeLabel('chatwork'), 'chatwork');
});

test('sortChannels puts suspended channels first, then by name', () => {
  const list = [
    channel('c3', { name: 'beta' }),
    channel('c1', { name: 'alpha' }),
    channel('c2', { name: 'zulu', suspendedAt: 10 }),
  ];
  assert.deepEqual(
    sortChannels(list).map((c) => c.id),
    ['c2', 'c1', 'c3'],
  );
});

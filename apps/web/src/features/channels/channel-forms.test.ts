import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_KINDS, channelToJson, parseChannel } from '@saba/notify';
import type { Channel } from '../../api/notifications.ts';
import {
  CHANNEL_FORMS,
  CHANNEL_TYPES,
  type ChannelType,
  channelBody,
  checkChannel,
  emptyValues,
  type FormValues,
  valuesOf,
} from './channel-forms.ts';

/** Every field of every form filled with a value the schema takes, none of them a default. */
const FULL: Readonly<Record<ChannelType, FormValues>> = {
  webhook: {
    name: 'ops hook',
    url: 'https://u:p@hooks.example/a',
    events: ['alert', 'hostRegister'],
    enabledGraphImage: true,
  },
  slack: {
    name: 'slack',
    url: 'https://hooks.slack.example/services/T/B/x',
    'mentions.ok': 'ok!',
    'mentions.warning': '@here',
    'mentions.critical': '<!channel>',
    events: ['alertGroup', 'monitor'],
    enabledGraphImage: true,
  },
  email: { name: 'mail', emails: 'a@example.com\nb@example.org', events: ['hostStatus', 'hostRetire'] },
  'microsoft-teams': { name: 'teams', url: 'https://teams.example/workflow', events: ['alert', 'alertGroup'] },
  pagerduty: {
    name: 'pd',
    integrationKey: 'abcdefghijklmnopqrstuvwxyz012345',
    level: 'critical',
    closeIncidentOnAlertClose: false,
    endpoint: 'https://events.example/v2/enqueue',
  },
  'oncall-webhook': { name: 'oncall', url: 'http://oncall.example/hook', level: 'critical' },
};

/** What a stored channel answers: the schema's JSON with an id and no suspension. */
function stored(type: ChannelType, values: FormValues): Channel {
  const json = channelToJson(parseChannel(channelBody(type, values)));
  return { id: 'c1', ...json, suspendedAt: null } as unknown as Channel;
}

test('the forms offer exactly the channel types the server has', () => {
  assert.deepEqual([...CHANNEL_TYPES].sort(), [...CHANNEL_KINDS.keys()].sort());
});

test('every field a form offers is accepted by the schema and comes back unchanged', () => {
  for (const type of CHANNEL_TYPES) {
    const offered = CHANNEL_FORMS[type].fields.map((f) => f.key).sort();
    assert.deepEqual(Object.keys(FULL[type]).sort(), offered, `${type}: the sample fills every field`);
    assert.deepEqual(valuesOf(stored(type, FULL[type])), FULL[type], `${type}: round trip`);
  }
});

test("every field the schema answers is offered by the form (email's userIds is always empty)", () => {
  for (const type of CHANNEL_TYPES) {
    const keys = new Set(CHANNEL_FORMS[type].fields.map((f) => f.key.split('.')[0]));
    const answered = Object.keys(channelToJson(parseChannel(channelBody(type, FULL[type])))).filter(
      (k) => k !== 'type' && !(type === 'email' && k === 'userIds'),
    );
    for (const k of answered) assert.ok(keys.has(k as string), `${type}: "${k}" is offered`);
  }
});

test('a new form holds the schema defaults: its body equals the required fields alone', () => {
  for (const type of CHANNEL_TYPES) {
    const required = CHANNEL_FORMS[type].fields.filter((f) => f.required).map((f) => f.key);
    const values = { ...emptyValues(type), ...Object.fromEntries(required.map((k) => [k, FULL[type][k] as string])) };
    const body = channelBody(type, values);
    // The body with only the required fields leaves every other field to the schema's default.
    const minimal = Object.fromEntries(Object.entries(body).filter(([k]) => k === 'type' || required.includes(k)));
    assert.deepEqual(channelToJson(parseChannel(body)), channelToJson(parseChannel(minimal)), type);
  }
});

test('a field is marked required exactly when the schema refuses the body without it', () => {
  for (const type of CHANNEL_TYPES) {
    for (const f of CHANNEL_FORMS[type].fields) {
      const blank = { ...FULL[type], [f.key]: f.kind === 'events' ? [] : f.kind === 'checkbox' ? false : '' };
      const body = channelBody(type, blank);
      const accepted = (() => {
        try {
          parseChannel(body);
          return true;
        } catch {
          return false;
        }
      })();
      assert.equal(accepted, !f.required, `${type}.${f.key} ${f.required ? 'required' : 'optional'}`);
      assert.equal(
        checkChannel(type, blank).some((p) => p.key === f.key),
        f.required,
        `${type}.${f.key}: the browser says so too`,
      );
    }
  }
});

test('the browser check is never stricter than the schema, and catches what it can', () => {
  const cases: Array<[string, ChannelType, FormValues, string[]]> = [
    ['full webhook', 'webhook', FULL.webhook, []],
    ['ftp URL', 'webhook', { ...FULL.webhook, url: 'ftp://x.example/' }, ['url']],
    ['not a URL', 'slack', { ...FULL.slack, url: 'hooks.slack.com' }, ['url']],
    ['blank name', 'microsoft-teams', { ...FULL['microsoft-teams'], name: '  ' }, ['name']],
    ['only separators in emails', 'email', { ...FULL.email, emails: ' , \n' }, ['emails']],
    ['bad PagerDuty endpoint', 'pagerduty', { ...FULL.pagerduty, endpoint: 'mailto:x@y' }, ['endpoint']],
    // The schema's own rules the browser leaves to the server's message.
    ['short integration key', 'pagerduty', { ...FULL.pagerduty, integrationKey: 'abc' }, []],
    ['bad address', 'email', { ...FULL.email, emails: 'not-an-address' }, []],
  ];
  for (const [what, type, values, problems] of cases) {
    assert.deepEqual(
      checkChannel(type, values).map((p) => p.key),
      problems,
      what,
    );
    if (problems.length > 0) assert.throws(() => parseChannel(channelBody(type, values)), what);
  }
});

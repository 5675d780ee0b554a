import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNEL_KINDS, channelToJson, parseChannel } from '@saba/notify';
import type { Channel } from '../../api/notifications.ts';
import type { OrgUser } from '../../api/settings.ts';
import {
  CHANNEL_FORMS,
  CHANNEL_TYPES,
  type ChannelType,
  channelBody,
  checkChannel,
  emptyValues,
  type FormValues,
  toggleId,
  userChoices,
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
  email: {
    name: 'mail',
    emails: 'a@example.com\nb@example.org',
    // Not in sorted order: the form keeps the order it was given.
    userIds: ['u9', 'u1'],
    events: ['hostStatus', 'hostRetire'],
  },
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

test("every field the schema answers is offered by the form (email's userIds included)", () => {
  for (const type of CHANNEL_TYPES) {
    const keys = new Set(CHANNEL_FORMS[type].fields.map((f) => f.key.split('.')[0]));
    const answered = Object.keys(channelToJson(parseChannel(channelBody(type, FULL[type])))).filter(
      (k) => k !== 'type',
    );
    for (const k of answered) assert.ok(keys.has(k as string), `${type}: "${k}" is offered`);
  }
});

test('a new form holds the schema defaults: its body equals the required fields alone', () => {
  for (const type of CHANNEL_TYPES) {
    // With the first field of a oneOf group, which one of them must be filled.
    const oneOf = CHANNEL_FORMS[type].oneOf?.keys.slice(0, 1) ?? [];
    const required = [...CHANNEL_FORMS[type].fields.filter((f) => f.required).map((f) => f.key), ...oneOf];
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
      const empty = f.kind === 'events' || f.kind === 'users' ? [] : f.kind === 'checkbox' ? false : '';
      const blank = { ...FULL[type], [f.key]: empty };
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
    ['only separators in emails, no user', 'email', { ...FULL.email, emails: ' , \n', userIds: [] }, ['emails']],
    ['only separators in emails, a user', 'email', { ...FULL.email, emails: ' , \n' }, []],
    ['addresses, no user', 'email', { ...FULL.email, userIds: [] }, []],
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

test('a oneOf group: each field alone is enough, all of them blank is refused by the schema and the browser', () => {
  for (const type of CHANNEL_TYPES) {
    const oneOf = CHANNEL_FORMS[type].oneOf;
    if (oneOf === undefined) continue;
    const blanks = Object.fromEntries(oneOf.keys.map((k) => [k, emptyValues(type)[k] ?? '']));
    const none = { ...FULL[type], ...blanks };
    assert.throws(() => parseChannel(channelBody(type, none)), `${type}: the schema refuses none`);
    assert.deepEqual(checkChannel(type, none), [{ key: oneOf.keys[0], message: oneOf.message }], type);
    for (const k of oneOf.keys) {
      const one = { ...none, [k]: FULL[type][k] as FormValues[string] };
      assert.doesNotThrow(() => parseChannel(channelBody(type, one)), `${type}: ${k} alone`);
      assert.deepEqual(checkChannel(type, one), [], `${type}: ${k} alone passes the browser`);
    }
  }
  assert.deepEqual(CHANNEL_FORMS.email.oneOf?.keys, ['emails', 'userIds']);
});

test("an email channel's users survive editing: stored order, ids no user has any more, unticking", () => {
  const channel = {
    id: 'c1',
    type: 'email',
    name: 'users only',
    emails: [],
    userIds: ['gone', 'u2', 'u1'],
    events: ['alert'],
    suspendedAt: null,
  } as const satisfies Channel;
  const values = valuesOf(channel);
  assert.deepEqual(values.userIds, ['gone', 'u2', 'u1']);
  assert.equal(values.emails, '');
  assert.deepEqual(checkChannel('email', values), [], 'users alone are enough');
  assert.deepEqual(channelBody('email', values), {
    type: 'email',
    name: 'users only',
    emails: [],
    userIds: ['gone', 'u2', 'u1'],
    events: ['alert'],
  });
  const unticked = { ...values, userIds: toggleId(values.userIds as string[], 'gone', false) };
  assert.deepEqual(channelBody('email', unticked).userIds, ['u2', 'u1']);
  assert.deepEqual(channelBody('email', emptyValues('email')).userIds, [], 'a new form names no user');
});

test('toggleId ticks at the end and unticks in place, keeping the others in order', () => {
  const cases: Array<[string[], string, boolean, string[]]> = [
    [['b', 'a'], 'c', true, ['b', 'a', 'c']],
    [['b', 'a'], 'b', true, ['b', 'a']],
    [['b', 'a', 'c'], 'a', false, ['b', 'c']],
    [['b'], 'x', false, ['b']],
    [[], 'a', true, ['a']],
  ];
  for (const [chosen, id, on, want] of cases) assert.deepEqual(toggleId(chosen, id, on), want, `${id} ${on}`);
});

test("userChoices lists the organization's users, then the held ids no user has", () => {
  const user = (id: string, screenName: string, email: string): OrgUser => ({
    id,
    screenName,
    email,
    authority: 'collaborator',
    joinedAt: 0,
  });
  const users = [user('u1', 'ann', 'ann@example.com'), user('u2', 'bob@example.com', 'bob@example.com')];
  const cases: Array<[string, OrgUser[] | undefined, string[], Array<[string, string]>]> = [
    [
      'a held user is listed once',
      users,
      ['u2'],
      [
        ['u1', 'ann (ann@example.com)'],
        ['u2', 'bob@example.com'],
      ],
    ],
    [
      'an id no user has is offered after them',
      users,
      ['gone', 'u1', 'gone'],
      [
        ['u1', 'ann (ann@example.com)'],
        ['u2', 'bob@example.com'],
        ['gone', 'unknown user gone'],
      ],
    ],
    [
      'users not loaded: the held ids alone',
      undefined,
      ['u1', 'gone'],
      [
        ['u1', 'user u1'],
        ['gone', 'user gone'],
      ],
    ],
    ['no users, nothing held', [], [], []],
  ];
  for (const [what, list, held, want] of cases) {
    assert.deepEqual(
      userChoices(list, held).map((c) => [c.id, c.label]),
      want,
      what,
    );
  }
});

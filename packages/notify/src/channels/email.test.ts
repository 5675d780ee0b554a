import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpPost } from '../send/http-post.ts';
import { runChannelRows } from '../testing/channel-rows.ts';
import { hostAlert, hostStatusChanged, monitorDeleted, monitorUpdated } from '../testing/notifications.ts';
import { type SmtpSink, startSmtpSink } from '../testing/smtp-sink.ts';
import { emailAlertText, emailEventText, emailKind, emailMessageId, emailSubject, resultOfSmtpError } from './email.ts';
import type { SendDeps } from './kind.ts';

const base = { type: 'email', name: 'ops mail', emails: ['ops@example.com'] } as const;

runChannelRows(emailKind, [
  { name: 'minimal', input: base, want: { emails: ['ops@example.com'], userIds: [], events: ['alert'] } },
  {
    name: 'several addresses, a repeat dropped, userIds empty or null',
    input: {
      ...base,
      emails: ['a@example.com', 'b.c+tag@mail.example.co.jp', 'a@example.com', 'root@localhost'],
      userIds: null,
    },
    want: { emails: ['a@example.com', 'b.c+tag@mail.example.co.jp', 'root@localhost'], userIds: [] },
  },
  { name: 'events', input: { ...base, userIds: [], events: ['alertGroup'] }, want: { events: ['alertGroup'] } },
  {
    name: 'users beside addresses, kept as given',
    input: { ...base, userIds: ['u2', 'u1', 'u2'] },
    want: { emails: ['ops@example.com'], userIds: ['u2', 'u1', 'u2'] },
  },
  {
    name: 'users without emails',
    input: { type: 'email', name: 'x', userIds: ['u1'] },
    want: { emails: [], userIds: ['u1'] },
  },
  {
    name: 'no emails and no users',
    input: { type: 'email', name: 'x' },
    err: '"emails" must list at least one address',
  },
  { name: 'empty emails and users', input: { ...base, emails: [], userIds: [] }, err: 'or "userIds" one user' },
  {
    name: 'more than 100 recipients with users',
    input: { ...base, emails: ['a@example.com'], userIds: Array.from({ length: 100 }, (_, i) => `u${i}`) },
    err: '"emails" and "userIds" together name more than 100',
  },
  { name: 'userIds not strings', input: { ...base, userIds: [1] }, err: '"userIds"[0] must be a string' },
  { name: 'not an address', input: { ...base, emails: ['ops'] }, err: '"emails"[0] is not a valid email address' },
  {
    name: 'two addresses in one',
    input: { ...base, emails: ['a@example.com, b@example.com'] },
    err: '"emails"[0] is not a valid',
  },
  { name: 'a display name', input: { ...base, emails: ['Ops <ops@example.com>'] }, err: '"emails"[0] is not a valid' },
  { name: 'a line break', input: { ...base, emails: ['ops@example.com\r\nBcc: x@y.z'] }, err: 'is not a valid' },
  { name: 'not a string', input: { ...base, emails: [null] }, err: '"emails"[0] must be a string' },
  {
    name: 'too many',
    input: { ...base, emails: Array.from({ length: 101 }, (_, i) => `u${i}@example.com`) },
    err: '"emails" has more than 100',
  },
]);

test('email: subject and body of a host alert', () => {
  assert.equal(emailSubject(hostAlert), '[Saba] CRITICAL loadavg5 on host-1');
  assert.equal(
    emailAlertText(hostAlert),
    [
      'CRITICAL loadavg5 on host-1',
      '',
      'Message: loadavg5 2.26 > 1.96',
      'Alert: http://saba.example:8080/alerts/alert-1',
      'Host: host-1',
      'Roles: shop: app, shop: batch',
      'Graphs: http://saba.example:8080/hosts/h1',
      'Monitor: loadavg5',
      'Opened at: 2023-11-14T22:13:20Z',
      'Organization: example',
      '',
      'Memo:',
      'Look at the batch jobs first.',
      '',
    ].join('\n'),
  );
});

test('email: subject and body of host and monitor notifications', () => {
  const rows: [Parameters<typeof emailEventText>[0], string, string[]][] = [
    [
      hostStatusChanged,
      '[Saba] Host host-1 changed status from working to standby',
      [
        'Host host-1 changed status from working to standby',
        '',
        'Host: http://saba.example:8080/hosts/h1',
        'Roles: shop: app, shop: batch',
        'Organization: example',
        '',
        'Memo:',
        'the primary',
        '',
      ],
    ],
    [
      monitorUpdated,
      '[Saba] Monitor loadavg5 updated',
      [
        'Monitor loadavg5 updated',
        '',
        'Monitor: http://saba.example:8080/monitors/mon-load',
        'Type: host',
        'Organization: example',
        '',
      ],
    ],
    [
      monitorDeleted,
      '[Saba] Monitor loadavg5 deleted',
      [
        'Monitor loadavg5 deleted',
        '',
        'Monitor: loadavg5',
        'Type: host',
        'Organization: example',
        '',
        'Memo:',
        'Look at the batch jobs first.',
        '',
      ],
    ],
  ];
  for (const [n, subject, body] of rows) {
    assert.equal(emailSubject(n), subject);
    assert.equal(emailEventText(n), body.join('\n'));
  }
});

test('email: the Message-ID comes from the key, whatever its characters', () => {
  assert.equal(emailMessageId(hostAlert), `<${Buffer.from('n-alert-1-2').toString('base64url')}@saba.example>`);
  const odd = emailMessageId({ ...hostAlert, key: 'a b:<c>@d' });
  assert.match(odd, /^<[A-Za-z0-9_-]+@saba\.example>$/);
  assert.notEqual(odd, emailMessageId({ ...hostAlert, key: 'a b:<c>@e' }));
});

test('email: SMTP errors, 4xx retryable, 5xx permanent', () => {
  const rows: [string, unknown, boolean][] = [
    ['421 service not available', Object.assign(new Error('421'), { responseCode: 421, code: 'EENVELOPE' }), true],
    ['452 mailbox full', Object.assign(new Error('452'), { responseCode: 452 }), true],
    ['550 no such user', Object.assign(new Error('550'), { responseCode: 550, code: 'EENVELOPE' }), false],
    ['535 bad login', Object.assign(new Error('535'), { responseCode: 535, code: 'EAUTH' }), false],
    ['connection refused', Object.assign(new Error('ECONNREFUSED'), { code: 'ESOCKET' }), true],
    ['timeout', Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }), true],
    ['no recipients', Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }), false],
    ['not an Error', 'boom', true],
  ];
  for (const [name, err, retryable] of rows) {
    const r = resultOfSmtpError(err);
    assert.equal(!r.ok && r.retryable, retryable, name);
  }
});

/** An SMTP sink for one test, and the deps that send to it with `userEmails` as given. */
async function withSink(
  userEmails: SendDeps['userEmails'] | undefined,
  run: (deps: SendDeps, sink: SmtpSink) => Promise<void>,
): Promise<void> {
  const sink = await startSmtpSink();
  try {
    const smtp = { host: sink.host, port: sink.port, secure: false, from: 'saba@saba.example' };
    await run({ post: httpPost, timeoutMs: 5000, smtp, ...(userEmails === undefined ? {} : { userEmails }) }, sink);
  } finally {
    await sink.close();
  }
}

/** The organization's users as a send-time lookup: ids to current addresses, a missing id left out. */
function directory(users: Record<string, string>, asked: (readonly string[])[] = []): SendDeps['userEmails'] {
  return async (ids) => {
    asked.push(ids);
    return ids.flatMap((id) => {
      const email = users[id];
      return email === undefined ? [] : [email];
    });
  };
}

test('email: a channel of users only delivers to their addresses, looked up when sending', async () => {
  const users: Record<string, string> = { u1: 'ada@example.com', u2: 'bob@example.com' };
  const asked: (readonly string[])[] = [];
  await withSink(directory(users, asked), async (deps, sink) => {
    const c = emailKind.parse({ type: 'email', name: 'team', userIds: ['u1', 'u2'] });
    assert.deepEqual(await emailKind.send(c, hostAlert, deps), { ok: true });
    assert.deepEqual(sink.mails[0]?.to, ['ada@example.com', 'bob@example.com']);
    assert.equal(sink.mails[0]?.headers.get('subject'), emailSubject(hostAlert));
    assert.deepEqual(asked, [['u1', 'u2']]);

    // A changed address is followed; a user who is gone is skipped.
    users.u1 = 'ada.new@example.com';
    delete users.u2;
    assert.deepEqual(await emailKind.send(c, hostAlert, deps), { ok: true });
    assert.deepEqual(sink.mails[1]?.to, ['ada.new@example.com']);
  });
});

test('email: addresses and users merge, each address once', async () => {
  const users = { u1: 'Ops@Example.com', u2: 'bob@example.com', u3: 'bob@example.com' };
  await withSink(directory(users), async (deps, sink) => {
    const c = emailKind.parse({ ...base, emails: ['ops@example.com', 'dev@example.com'], userIds: ['u1', 'u2', 'u3'] });
    assert.deepEqual(await emailKind.send(c, hostAlert, deps), { ok: true });
    assert.deepEqual(sink.mails[0]?.to, ['ops@example.com', 'dev@example.com', 'bob@example.com']);
  });
});

test('email: no recipient left, no lookup, or a failed lookup: nothing sent', async () => {
  const c = emailKind.parse({ type: 'email', name: 'team', userIds: ['gone'] });
  await withSink(directory({}), async (deps, sink) => {
    const r = await emailKind.send(c, hostAlert, deps);
    assert.ok(!r.ok && !r.retryable && /no recipients/.test(r.error), JSON.stringify(r));
    assert.equal(sink.mails.length, 0);
  });
  await withSink(undefined, async (deps, sink) => {
    const r = await emailKind.send(c, hostAlert, deps);
    assert.ok(!r.ok && !r.retryable && /"userIds" cannot be looked up/.test(r.error), JSON.stringify(r));
    // A channel without users needs no lookup.
    assert.deepEqual(await emailKind.send(emailKind.parse(base), hostAlert, deps), { ok: true });
    assert.equal(sink.mails.length, 1);
  });
  const failing: SendDeps['userEmails'] = async () => {
    throw new Error('catalog unavailable');
  };
  await withSink(failing, async (deps, sink) => {
    const r = await emailKind.send(c, hostAlert, deps);
    assert.ok(!r.ok && r.retryable && /catalog unavailable/.test(r.error), JSON.stringify(r));
    assert.equal(sink.mails.length, 0);
  });
});

test('email: line breaks in a monitor name cannot add headers or recipients', async () => {
  const sink = await startSmtpSink();
  try {
    const c = emailKind.parse(base);
    const n = { ...hostAlert, monitor: { ...hostAlert.monitor, name: 'x\r\nBcc: victim@example.com\r\n\r\nbody' } };
    const smtp = { host: sink.host, port: sink.port, secure: false, from: 'saba@saba.example' };
    assert.deepEqual(await emailKind.send(c, n, { post: httpPost, timeoutMs: 5000, smtp }), { ok: true });
    assert.deepEqual(sink.mails[0]?.to, ['ops@example.com']);
    assert.equal(sink.mails[0]?.headers.has('bcc'), false);
  } finally {
    await sink.close();
  }
});

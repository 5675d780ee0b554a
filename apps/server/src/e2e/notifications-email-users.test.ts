// An email channel naming the organization's users (spec api §11.1 `userIds`, features §4.3):
// created through the API with no `emails`, it mails the users' addresses, looked up when the mail
// is sent, merged with the channel's own addresses, each once. Real server, real SMTP sink.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Harness, startHarness } from '../testing/harness.ts';
import { registerHost } from '../testing/monitoring-e2e.ts';
import {
  createChannel,
  deliveriesSettled,
  KEY_HEADER,
  newTestOrg,
  type SmtpSink,
  startSmtpSink,
} from '../testing/notification-e2e.ts';

let h: Harness;
let smtp: SmtpSink;

before(async () => {
  smtp = await startSmtpSink();
  // No timers: the only notifications are the host registrations below.
  h = await startHarness(
    { SABA_SMTP_URL: `smtp://${smtp.host}:${smtp.port}`, SABA_SMTP_FROM: 'saba@example.com' },
    { monitorTimers: false },
  );
});
after(async () => {
  await h.close();
  await smtp.close();
});

test("an email channel of users only mails the users' addresses; with emails, each address once", async () => {
  const org = await newTestOrg(h, 'notify-email-users');
  const ada = await h.addUser('manager', org.name);
  const bob = await h.addUser('viewer', org.name);
  const events = ['hostRegister'];
  const users = await createChannel(org.call, { type: 'email', name: 'users', userIds: [ada.id, bob.id], events });
  const both = await createChannel(org.call, {
    type: 'email',
    name: 'both',
    emails: ['ops@example.com', bob.email],
    userIds: [bob.id],
    events,
  });

  await registerHost(org.call, 'web-1');
  await deliveriesSettled(h, org.id, [users, both]);
  const to = (channelId: string) =>
    smtp.mails.filter((m) => m.headers.get(KEY_HEADER)?.endsWith(`.${channelId}`)).map((m) => m.to);
  assert.deepEqual(to(users), [[ada.email, bob.email]]);
  assert.deepEqual(to(both), [['ops@example.com', bob.email]]);
  for (const m of smtp.mails) assert.match(String(m.headers.get('subject')), /^\[Saba\] Host web-1 registered$/);
});

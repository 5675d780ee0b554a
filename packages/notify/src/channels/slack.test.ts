import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChannelRows } from '../testing/channel-rows.ts';
import {
  hostAlert,
  hostRegistered,
  hostStatusChanged,
  monitorDeleted,
  monitorUpdated,
} from '../testing/notifications.ts';
import { type SlackChannel, slackAlertMessage, slackEscape, slackEventMessage, slackKind } from './slack.ts';

const base = { type: 'slack', name: 'ops room', url: 'https://hooks.slack.com/services/T0/B0/x' } as const;

runChannelRows(slackKind, [
  { name: 'minimal', input: base, want: { mentions: {}, enabledGraphImage: false, events: ['alert'] } },
  {
    name: 'mentions per status; empty and null ones are none',
    input: { ...base, mentions: { ok: 'ok!', warning: '', critical: '<!channel>' } },
    want: { mentions: { ok: 'ok!', critical: '<!channel>' } },
  },
  { name: 'mentions null', input: { ...base, mentions: null }, want: { mentions: {} } },
  { name: 'events', input: { ...base, events: ['alertGroup', 'alert'] }, want: { events: ['alertGroup', 'alert'] } },
  { name: 'mentions not an object', input: { ...base, mentions: ['@here'] }, err: '"mentions" must be an object' },
  {
    name: 'a mention not a string',
    input: { ...base, mentions: { critical: 1 } },
    err: '"mentions"."critical" must be a string',
  },
  { name: 'no url', input: { type: 'slack', name: 'x' }, err: '"url" is required' },
  { name: 'bad event', input: { ...base, events: ['alerts'] }, err: '"events"[0] must be one of' },
]);

test('slack: user text is escaped, the mention is not', () => {
  const c = slackKind.parse({ ...base, mentions: { critical: '<!here>' } }) as SlackChannel;
  const n = { ...hostAlert, monitor: { ...hostAlert.monitor, name: 'a<b & c>d', memo: '<@U1> see <http://x|y>' } };
  const m = slackAlertMessage(c, n);
  assert.equal(m.text, '<!here> [example] CRITICAL a&lt;b &amp; c&gt;d on host-1');
  const fields = (m.attachments as { fields: { title: string; value: string }[] }[])[0]?.fields ?? [];
  assert.equal(fields.find((f) => f.title === 'Memo')?.value, '&lt;@U1&gt; see &lt;http://x|y&gt;');
  assert.equal(slackEscape('1 < 2 && 3 > 2'), '1 &lt; 2 &amp;&amp; 3 &gt; 2');
});

test('slack: host and monitor notifications are one line naming a link', () => {
  const rows: [Parameters<typeof slackEventMessage>[0], string][] = [
    [hostRegistered, '[example] Host <http://saba.example:8080/hosts/h1|host-1> registered'],
    [
      hostStatusChanged,
      '[example] Host <http://saba.example:8080/hosts/h1|host-1> changed status from working to standby',
    ],
    [monitorUpdated, '[example] Monitor <http://saba.example:8080/monitors/mon-load|loadavg5> updated'],
    [monitorDeleted, '[example] Monitor loadavg5 deleted'],
    [
      { ...monitorDeleted, monitor: { ...monitorDeleted.monitor, name: '<!channel> & co' } },
      '[example] Monitor &lt;!channel&gt; &amp; co deleted',
    ],
  ];
  for (const [n, text] of rows) assert.deepEqual(slackEventMessage(n), { text });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChannelRows } from '../testing/channel-rows.ts';
import { hostStatusChanged, monitorDeleted } from '../testing/notifications.ts';
import { teamsEventMessage, teamsKind } from './teams.ts';

const base = {
  type: 'microsoft-teams',
  name: 'ops',
  url: 'https://prod-01.westeurope.logic.azure.com/workflows/x',
} as const;

runChannelRows(teamsKind, [
  { name: 'minimal', input: base, want: { url: base.url, events: ['alert'] } },
  { name: 'events', input: { ...base, events: ['alert', 'alertGroup'] }, want: { events: ['alert', 'alertGroup'] } },
  { name: 'no url', input: { type: 'microsoft-teams', name: 'ops' }, err: '"url" is required' },
  { name: 'not a URL', input: { ...base, url: 'teams' }, err: '"url" is not a valid URL' },
  { name: 'no name', input: { ...base, name: '' }, err: '"name" is required' },
  { name: 'bad event', input: { ...base, events: ['sample'] }, err: '"events"[0] must be one of' },
]);

function cardOf(m: object): { body: object[]; actions: object[] } {
  return (m as { attachments: { content: { body: object[]; actions: object[] } }[] }).attachments[0]?.content as {
    body: object[];
    actions: object[];
  };
}

test('teams: a host status change is a title without a status colour, roles, memo and a link', () => {
  const card = cardOf(teamsEventMessage(hostStatusChanged));
  assert.deepEqual(card.body, [
    {
      type: 'TextBlock',
      text: '[example] Host host-1 changed status from working to standby',
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'FactSet',
      facts: [
        { title: 'Roles', value: 'shop: app, shop: batch' },
        { title: 'Memo', value: 'the primary' },
      ],
    },
  ]);
  assert.deepEqual(card.actions, [
    { type: 'Action.OpenUrl', title: 'Open the host', url: 'http://saba.example:8080/hosts/h1' },
  ]);
});

test('teams: a deleted monitor has no link', () => {
  const card = cardOf(teamsEventMessage(monitorDeleted));
  assert.deepEqual(card.body[1], {
    type: 'FactSet',
    facts: [
      { title: 'Type', value: 'host' },
      { title: 'Memo', value: 'Look at the batch jobs first.' },
    ],
  });
  assert.deepEqual(card.actions, []);
});

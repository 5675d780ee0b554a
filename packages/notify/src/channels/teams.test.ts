import { runChannelRows } from '../testing/channel-rows.ts';
import { teamsKind } from './teams.ts';

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

import { runChannelRows } from '../testing/channel-rows.ts';
import { onCallKind } from './oncall.ts';

const base = {
  type: 'oncall-webhook',
  name: 'on call',
  url: 'https://oncall.example.com/integrations/v1/webhook/x/',
} as const;

runChannelRows(onCallKind, [
  { name: 'minimal: level all, alerts only', input: base, want: { level: 'all', events: ['alert'] } },
  { name: 'critical only', input: { ...base, level: 'critical' }, want: { level: 'critical' } },
  // Alert events only: a sent `events` is not a setting of this type and is ignored.
  { name: 'events are not a setting', input: { ...base, events: ['alertGroup'] }, want: { events: ['alert'] } },
  {
    name: 'bad level',
    input: { ...base, level: 'warning' },
    err: '"level" must be "all" or "critical", got "warning"',
  },
  { name: 'level not a string', input: { ...base, level: true }, err: '"level" must be a string' },
  { name: 'no url', input: { type: 'oncall-webhook', name: 'x' }, err: '"url" is required' },
]);

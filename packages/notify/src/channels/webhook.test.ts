import { runChannelRows } from '../testing/channel-rows.ts';
import { webhookKind } from './webhook.ts';

const base = { type: 'webhook', name: 'hook', url: 'https://example.com/hook' } as const;

runChannelRows(webhookKind, [
  {
    name: 'minimal: alerts only, no graph image',
    input: base,
    want: {
      type: 'webhook',
      name: 'hook',
      url: 'https://example.com/hook',
      enabledGraphImage: false,
      events: ['alert'],
    },
  },
  {
    name: "the Go client's body: nulls, extra keys",
    input: { ...base, id: 'x', events: null, enabledGraphImage: null, addToDefaultNotificationGroup: true },
    want: { events: ['alert'], enabledGraphImage: false },
  },
  {
    name: 'every event, repeats dropped, basic auth in the URL',
    input: {
      ...base,
      url: 'http://user:pass@10.0.0.1:8080/x?y=1',
      enabledGraphImage: true,
      events: ['alert', 'alertGroup', 'hostStatus', 'hostRegister', 'hostRetire', 'monitor', 'alert'],
    },
    want: {
      url: 'http://user:pass@10.0.0.1:8080/x?y=1',
      enabledGraphImage: true,
      events: ['alert', 'alertGroup', 'hostStatus', 'hostRegister', 'hostRetire', 'monitor'],
    },
  },
  { name: 'no events', input: { ...base, events: [] }, want: { events: [] } },
  { name: 'no name', input: { type: 'webhook', url: 'https://example.com' }, err: '"name" is required' },
  { name: 'blank name', input: { ...base, name: '  ' }, err: '"name" is required' },
  { name: 'long name', input: { ...base, name: 'x'.repeat(256) }, err: '"name" is longer than 255' },
  { name: 'no url', input: { type: 'webhook', name: 'hook' }, err: '"url" is required' },
  { name: 'url not a string', input: { ...base, url: 42 }, err: '"url" must be a string' },
  { name: 'url not a URL', input: { ...base, url: 'example.com/hook' }, err: '"url" is not a valid URL' },
  {
    name: 'url not http',
    input: { ...base, url: 'ftp://example.com/' },
    err: '"url" must be an http or https URL, got "ftp"',
  },
  { name: 'unknown event', input: { ...base, events: ['alert', 'hostDelete'] }, err: '"events"[1] must be one of' },
  { name: 'events not an array', input: { ...base, events: 'alert' }, err: '"events" must be an array' },
  { name: 'event not a string', input: { ...base, events: [1] }, err: '"events"[0] must be a string' },
  {
    name: 'enabledGraphImage not boolean',
    input: { ...base, enabledGraphImage: 'yes' },
    err: '"enabledGraphImage" must be true or false',
  },
]);

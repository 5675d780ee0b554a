import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadDataError } from '@saba/model';
import { CHANNEL_KINDS, channelToJson, parseChannel } from './registry.ts';

test('registry: the six types, Mackerel order first', () => {
  assert.deepEqual(
    [...CHANNEL_KINDS.keys()],
    ['email', 'slack', 'webhook', 'microsoft-teams', 'pagerduty', 'oncall-webhook'],
  );
});

test('registry: 400s', () => {
  const rows: [string, unknown, string][] = [
    ['not an object', [], 'request body must be a JSON object'],
    ['null body', null, 'request body must be a JSON object'],
    ['no type', { name: 'x' }, '"type" is required: one of "email", "slack", "webhook"'],
    [
      'unknown type',
      { type: 'line', name: 'x' },
      '"type" must be one of "email", "slack", "webhook", "microsoft-teams", "pagerduty", "oncall-webhook", got "line"',
    ],
    ['type not a string', { type: 3 }, '"type" must be one of'],
  ];
  for (const [name, input, message] of rows) {
    assert.throws(
      () => parseChannel(input),
      (e: unknown) => e instanceof BadDataError && e.message.includes(message),
      name,
    );
  }
});

test('registry: PUT keeps the type', () => {
  const stored = parseChannel({ type: 'webhook', name: 'hook', url: 'https://example.com/' });
  const changed = { type: 'slack', name: 'hook', url: 'https://hooks.slack.com/x' };
  assert.throws(() => parseChannel(changed, stored), /"type" cannot be changed \(the channel is "webhook"\)/);
  const renamed = parseChannel({ type: 'webhook', name: 'renamed', url: 'https://example.com/' }, stored);
  assert.equal(renamed.name, 'renamed');
});

test('registry: channelToJson answers the type-specific fields, no id', () => {
  const c = parseChannel({ type: 'webhook', name: 'hook', url: 'https://example.com/', events: ['alert', 'monitor'] });
  assert.deepEqual(channelToJson(c), {
    type: 'webhook',
    name: 'hook',
    url: 'https://example.com/',
    enabledGraphImage: false,
    events: ['alert', 'monitor'],
  });
});

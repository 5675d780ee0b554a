import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import {
  type NotificationGroup,
  type NotificationGroupContext,
  notificationGroupToJson,
  parseNotificationGroup,
} from './schema.ts';

const ctx: NotificationGroupContext = {
  hasChannel: (id) => ['c1', 'c2'].includes(id),
  hasGroup: (id) => ['g1', 'g2', 'self'].includes(id),
  hasMonitor: (id) => ['m1', 'm2'].includes(id),
  hasService: (name) => ['web', 'db'].includes(name),
};

const full = {
  name: 'ops',
  notificationLevel: 'critical',
  childNotificationGroupIds: ['g1'],
  childChannelIds: ['c1', 'c2'],
  monitors: [
    { id: 'm1', skipDefault: true },
    { id: 'm2', skipDefault: false },
  ],
  services: [{ name: 'web' }],
};

const defaultGroup: NotificationGroup = {
  name: 'Default',
  notificationLevel: 'all',
  childNotificationGroupIds: [],
  childChannelIds: ['c1'],
  monitors: [],
  services: [],
  isDefault: true,
};

describe('parseNotificationGroup', () => {
  const accepted: [string, unknown, Partial<NotificationGroup>][] = [
    [
      'a name alone: level all, empty lists',
      { name: 'g' },
      { name: 'g', notificationLevel: 'all', childNotificationGroupIds: [], childChannelIds: [], monitors: [] },
    ],
    [
      'Go nulls are empty lists and the default level',
      {
        name: 'g',
        notificationLevel: null,
        childNotificationGroupIds: null,
        childChannelIds: null,
        monitors: null,
        services: null,
      },
      { notificationLevel: 'all', childNotificationGroupIds: [], childChannelIds: [], monitors: [], services: [] },
    ],
    ['the Go client\'s unset level ("") is all', { name: 'g', notificationLevel: '' }, { notificationLevel: 'all' }],
    [
      'skipDefault absent or null is false',
      { name: 'g', monitors: [{ id: 'm1', skipDefault: null }] },
      { monitors: [{ id: 'm1', skipDefault: false }] },
    ],
    ['every field', full, { ...full, notificationLevel: 'critical', isDefault: false } as Partial<NotificationGroup>],
    ['the response `type` is ignored', { name: 'g', type: 'group-default' }, { isDefault: false }],
  ];
  for (const [name, input, want] of accepted) {
    it(`accepts ${name}`, () => {
      const g = parseNotificationGroup(input, ctx);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(g[k as keyof NotificationGroup], v, k);
    });
  }

  it('round-trips through its JSON', () => {
    const g = parseNotificationGroup(full, ctx);
    assert.deepEqual(notificationGroupToJson(g), { type: 'group', ...full });
    assert.deepEqual(parseNotificationGroup(notificationGroupToJson(g), ctx), g);
  });

  it('does not check existence when loading a stored group (no ctx)', () => {
    const g = parseNotificationGroup(
      {
        name: 'g',
        childChannelIds: ['gone'],
        childNotificationGroupIds: ['gone'],
        monitors: [{ id: 'gone' }],
        services: [{ name: 'gone' }],
      },
      undefined,
    );
    assert.deepEqual(g.childChannelIds, ['gone']);
    assert.deepEqual(g.services, [{ name: 'gone' }]);
  });

  it('keeps the default group default, with its name, on PUT', () => {
    const g = parseNotificationGroup(
      { name: 'Default', childChannelIds: ['c2'], notificationLevel: 'critical' },
      ctx,
      defaultGroup,
    );
    assert.equal(g.isDefault, true);
    assert.deepEqual(g.childChannelIds, ['c2']);
    assert.deepEqual(notificationGroupToJson(g).type, 'group-default');
  });

  it('lets an ordinary group be renamed', () => {
    const previous = parseNotificationGroup({ name: 'old' }, ctx);
    assert.equal(parseNotificationGroup({ name: 'new' }, ctx, previous).name, 'new');
  });

  const selfCtx: NotificationGroupContext = { ...ctx, selfId: 'self' };
  const refused: [string, unknown, RegExp, NotificationGroupContext?, NotificationGroup?][] = [
    ['a string body', 'g', /must be a JSON object/],
    ['no name', { childChannelIds: ['c1'] }, /"name" is required/],
    ['a blank name', { name: '  ' }, /"name" is required/],
    ['a name that is not a string', { name: 3 }, /"name" must be a string/],
    [
      'an unknown level',
      { name: 'g', notificationLevel: 'warning' },
      /"notificationLevel" must be "all" or "critical"/,
    ],
    ['a list that is not an array', { name: 'g', childChannelIds: 'c1' }, /"childChannelIds" must be an array/],
    ['an unknown channel', { name: 'g', childChannelIds: ['c1', 'c9'] }, /"childChannelIds"\[1\]: no channel "c9"/],
    [
      'an unknown child group',
      { name: 'g', childNotificationGroupIds: ['g9'] },
      /"childNotificationGroupIds"\[0\]: no notification group "g9"/,
    ],
    [
      'an unknown monitor',
      { name: 'g', monitors: [{ id: 'm9', skipDefault: false }] },
      /"monitors"\[0\]: no monitor "m9"/,
    ],
    ['an unknown service', { name: 'g', services: [{ name: 'batch' }] }, /"services"\[0\]: no service "batch"/],
    [
      'a channel id that is not a string',
      { name: 'g', childChannelIds: [1] },
      /"childChannelIds"\[0\] must be a channel id/,
    ],
    ['a monitor that is a string', { name: 'g', monitors: ['m1'] }, /"monitors"\[0\] must be an object/],
    [
      'a monitor without id',
      { name: 'g', monitors: [{ skipDefault: true }] },
      /"monitors"\[0\].id must be a monitor id/,
    ],
    [
      'a skipDefault that is a string',
      { name: 'g', monitors: [{ id: 'm1', skipDefault: 'yes' }] },
      /skipDefault must be a boolean/,
    ],
    ['a service without name', { name: 'g', services: [{}] }, /"services"\[0\].name must be a service name/],
    ['a service as a bare string', { name: 'g', services: ['web'] }, /"services"\[0\] must be an object/],
    ['a channel twice', { name: 'g', childChannelIds: ['c1', 'c1'] }, /"childChannelIds" lists "c1" twice/],
    [
      'a child group twice',
      { name: 'g', childNotificationGroupIds: ['g1', 'g1'] },
      /"childNotificationGroupIds" lists "g1" twice/,
    ],
    [
      'a monitor twice',
      { name: 'g', monitors: [{ id: 'm1' }, { id: 'm1', skipDefault: true }] },
      /"monitors" lists "m1" twice/,
    ],
    ['a service twice', { name: 'g', services: [{ name: 'web' }, { name: 'web' }] }, /"services" lists "web" twice/],
    [
      'the group as its own child',
      { name: 'g', childNotificationGroupIds: ['g1', 'self'] },
      /lists the group itself \("self"\)/,
      selfCtx,
    ],
    ['renaming the default group', { name: 'Ops' }, /default notification group cannot be changed/, ctx, defaultGroup],
  ];
  for (const [name, input, message, c, previous] of refused) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => parseNotificationGroup(input, c ?? ctx, previous),
        (e) => e instanceof BadDataError && message.test(e.message),
      );
    });
  }
});

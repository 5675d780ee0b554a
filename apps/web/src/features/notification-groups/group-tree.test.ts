import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type NotificationGroupContext, notificationGroupToJson, parseNotificationGroup } from '@saba/notify';
import type { NotificationGroup } from '../../api/notifications.ts';
import { childGroupChoices, emptyGroup, type GroupNode, groupInput, groupTree, toggled } from './group-tree.ts';

function group(id: string, name: string, children: string[] = [], type: NotificationGroup['type'] = 'group') {
  return {
    id,
    type,
    name,
    notificationLevel: 'all',
    childNotificationGroupIds: children,
    childChannelIds: [],
    monitors: [],
    services: [],
  } satisfies NotificationGroup;
}

/** The tree as indented lines: `name`, `  child`, `* repeat`. */
function lines(nodes: readonly GroupNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.repeat ? '* ' : ''}${n.group.name}`,
    ...lines(n.children, depth + 1),
  ]);
}

test('groupTree: default first, children nested, parentless groups by name, repeats and cycles once', () => {
  const cases: Array<[string, NotificationGroup[], string[]]> = [
    ['only the default', [group('d', 'Default', [], 'group-default')], ['Default']],
    [
      'default first even when its name sorts last, then roots by name',
      [group('z', 'zeta'), group('d', 'Zzz default', ['a'], 'group-default'), group('a', 'alpha'), group('b', 'beta')],
      ['Zzz default', '  alpha', 'beta', 'zeta'],
    ],
    [
      'a group with two parents is drawn once, then as a repeat',
      [
        group('d', 'Default', [], 'group-default'),
        group('p', 'ops', ['c']),
        group('q', 'web', ['c']),
        group('c', 'db'),
      ],
      ['Default', 'ops', '  db', 'web', '  * db'],
    ],
    [
      'a cycle with no way in is still drawn, once',
      [group('d', 'Default', [], 'group-default'), group('x', 'x', ['y']), group('y', 'y', ['x'])],
      ['Default', 'x', '  y', '    * x'],
    ],
    [
      'a child id that no longer exists is left out',
      [group('d', 'Default', ['gone', 'a'], 'group-default'), group('a', 'a')],
      ['Default', '  a'],
    ],
  ];
  for (const [what, groups, want] of cases) assert.deepEqual(lines(groupTree(groups)), want, what);
});

test('childGroupChoices leaves out the group itself, by name', () => {
  const gs = [group('b', 'beta'), group('a', 'alpha'), group('s', 'self')];
  assert.deepEqual(
    childGroupChoices(gs, 's').map((g) => g.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    childGroupChoices(gs, undefined).map((g) => g.id),
    ['a', 'b', 's'],
  );
});

test('toggled keeps the page order and unknown ids', () => {
  const order = ['c1', 'c2', 'c3'];
  const cases: Array<[string[], string, boolean, string[]]> = [
    [[], 'c2', true, ['c2']],
    [['c3'], 'c1', true, ['c1', 'c3']],
    [['c1', 'c3'], 'c1', false, ['c3']],
    [['gone', 'c2'], 'c1', true, ['c1', 'c2', 'gone']],
    [['c2'], 'c2', true, ['c2']],
  ];
  for (const [list, item, on, want] of cases) assert.deepEqual(toggled(list, item, on, order), want);
});

test("what the form sends is what the schema takes, and comes back as the form's input", () => {
  const ctx: NotificationGroupContext = {
    hasChannel: (id) => id === 'c1',
    hasGroup: (id) => id === 'g2',
    hasMonitor: (id) => id === 'm1',
    hasService: (name) => name === 'shop',
  };
  const stored: NotificationGroup = {
    ...group('g1', 'ops', ['g2']),
    notificationLevel: 'critical',
    childChannelIds: ['c1'],
    monitors: [{ id: 'm1', skipDefault: true }],
    services: [{ name: 'shop' }],
  };
  for (const input of [emptyGroup(), groupInput(stored)]) {
    const body = { ...input, name: input.name || 'new' };
    const json = notificationGroupToJson(parseNotificationGroup(body, ctx));
    const { type: _type, ...rest } = json;
    assert.deepEqual(rest, body);
  }
});

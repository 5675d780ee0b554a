// The routing tree as the groups page draws it (spec features §4.4): the default group first,
// each group's child groups nested under it, then the groups no other group names.
import type { NotificationGroup, NotificationGroupInput } from '../../api/notifications.ts';

/** A group in the drawn tree; `repeat` marks a group already drawn above (a second parent, or a cycle). */
export interface GroupNode {
  readonly group: NotificationGroup;
  readonly children: readonly GroupNode[];
  readonly repeat: boolean;
}

function byName(a: NotificationGroup, b: NotificationGroup): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/**
 * The tree: roots are the default group, then groups without a parent by name, then any group
 * left (one reachable only through a cycle). Each group is expanded once; later mentions are repeats.
 */
export function groupTree(groups: readonly NotificationGroup[]): GroupNode[] {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const named = new Set(groups.flatMap((g) => g.childNotificationGroupIds));
  const drawn = new Set<string>();
  const node = (g: NotificationGroup): GroupNode => {
    if (drawn.has(g.id)) return { group: g, children: [], repeat: true };
    drawn.add(g.id);
    const children = g.childNotificationGroupIds
      .map((id) => byId.get(id))
      .filter((c): c is NotificationGroup => c !== undefined)
      .map(node);
    return { group: g, children, repeat: false };
  };
  const sorted = [...groups].sort(byName);
  const roots = [
    ...sorted.filter((g) => g.type === 'group-default'),
    ...sorted.filter((g) => g.type !== 'group-default' && !named.has(g.id)),
  ].map(node);
  for (const g of sorted) if (!drawn.has(g.id)) roots.push(node(g));
  return roots;
}

/** A new group's settings: every status, nothing named yet. */
export function emptyGroup(): NotificationGroupInput {
  return {
    name: '',
    notificationLevel: 'all',
    childNotificationGroupIds: [],
    childChannelIds: [],
    monitors: [],
    services: [],
  };
}

/** A stored group's settings, as a form edits them and a PUT takes them. */
export function groupInput(g: NotificationGroup): NotificationGroupInput {
  return {
    name: g.name,
    notificationLevel: g.notificationLevel,
    childNotificationGroupIds: [...g.childNotificationGroupIds],
    childChannelIds: [...g.childChannelIds],
    monitors: g.monitors.map((m) => ({ id: m.id, skipDefault: m.skipDefault })),
    services: g.services.map((s) => ({ name: s.name })),
  };
}

/** The groups a group may name as children: every other group (the schema refuses itself). */
export function childGroupChoices(
  groups: readonly NotificationGroup[],
  selfId: string | undefined,
): NotificationGroup[] {
  return groups.filter((g) => g.id !== selfId).sort(byName);
}

/** `list` with `item` added (in `order`'s order) or removed. */
export function toggled(list: readonly string[], item: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(list);
  if (on) set.add(item);
  else set.delete(item);
  // Ids the caller no longer knows (deleted since) stay, at the end: the server decides about them.
  return [...order.filter((x) => set.has(x)), ...list.filter((x) => !order.includes(x) && set.has(x))];
}

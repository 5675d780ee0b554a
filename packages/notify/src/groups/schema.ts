// Notification groups (spec api §11.2, features §4.4): the routing tree's nodes, as the API takes
// and answers them. Ids are the caller's: the group's own id is added to the JSON by whoever stores it.
import { BadDataError, type JsonObject, objectBody, optionalArray, optionalString } from '@saba/model';

/** Which alerts a group passes on: every status, or only CRITICAL/UNKNOWN and their recovery. */
export type NotificationLevel = 'all' | 'critical';

/** A monitor a group targets; `skipDefault` sends its notifications to the groups that say so only. */
export interface GroupMonitor {
  readonly id: string;
  readonly skipDefault: boolean;
}

/** A service a group targets. */
export interface GroupService {
  readonly name: string;
}

/** A notification group without its id (spec api §11.2). */
export interface NotificationGroup {
  readonly name: string;
  readonly notificationLevel: NotificationLevel;
  readonly childNotificationGroupIds: readonly string[];
  readonly childChannelIds: readonly string[];
  readonly monitors: readonly GroupMonitor[];
  readonly services: readonly GroupService[];
  /** The organization's `group-default`: receives everything, cannot be renamed or deleted. */
  readonly isDefault: boolean;
}

/** What a create or PUT body is checked against; `selfId` is the group being replaced (PUT). */
export interface NotificationGroupContext {
  hasChannel(id: string): boolean;
  hasGroup(id: string): boolean;
  hasMonitor(id: string): boolean;
  hasService(name: string): boolean;
  /** The id of the group a PUT replaces, so it cannot list itself as a child. */
  readonly selfId?: string;
}

/**
 * Validates a notification group body (POST and PUT of spec api §11.2); BadDataError naming the
 * field otherwise. `ctx` undefined means a stored group is being loaded: ids and services are
 * not checked for existence (a channel deleted since must not make the group unreadable).
 * `previous` is the group a PUT replaces: it says whether this is the default group, whose name
 * is fixed.
 */
export function parseNotificationGroup(
  input: unknown,
  ctx: NotificationGroupContext | undefined,
  previous?: NotificationGroup,
): NotificationGroup {
  const o = objectBody(input, 'a notification group: {"name": ..., "childChannelIds": [...]}');
  const name = optionalString(o, 'name');
  if (name === undefined || name.trim() === '') throw new BadDataError('"name" is required and must not be empty');
  const isDefault = previous?.isDefault ?? false;
  if (isDefault && previous !== undefined && name !== previous.name) {
    throw new BadDataError(`"name" of the default notification group cannot be changed (it is "${previous.name}")`);
  }
  const childNotificationGroupIds = ids(o, 'childNotificationGroupIds', 'notification group', ctx?.hasGroup);
  if (ctx?.selfId !== undefined && childNotificationGroupIds.includes(ctx.selfId)) {
    throw new BadDataError(`"childNotificationGroupIds" lists the group itself ("${ctx.selfId}")`);
  }
  return {
    name,
    notificationLevel: parseLevel(o),
    childNotificationGroupIds,
    childChannelIds: ids(o, 'childChannelIds', 'channel', ctx?.hasChannel),
    monitors: parseMonitors(o, ctx),
    services: parseServices(o, ctx),
    isDefault,
  };
}

/** The group as the API answers it (spec api §11.2), without `id`: arrays always present. */
export function notificationGroupToJson(g: NotificationGroup): JsonObject {
  return {
    type: g.isDefault ? 'group-default' : 'group',
    name: g.name,
    notificationLevel: g.notificationLevel,
    childNotificationGroupIds: [...g.childNotificationGroupIds],
    childChannelIds: [...g.childChannelIds],
    monitors: g.monitors.map((m) => ({ id: m.id, skipDefault: m.skipDefault })),
    services: g.services.map((s) => ({ name: s.name })),
  };
}

// Absent, null and '' are `all`: it is Mackerel's default, and the Go client sends its unset
// string field as "" (no omitempty).
function parseLevel(o: JsonObject): NotificationLevel {
  const v = o.notificationLevel;
  if (v === undefined || v === null || v === '') return 'all';
  if (v === 'all' || v === 'critical') return v;
  throw new BadDataError(`"notificationLevel" must be "all" or "critical", got ${JSON.stringify(v)}`);
}

/** Refuses a list naming one thing twice (400, as Mackerel does for redundant entries). */
function refuseDuplicate(seen: Set<string>, key: string, field: string): void {
  if (seen.has(key)) throw new BadDataError(`"${field}" lists "${key}" twice`);
  seen.add(key);
}

function ids(o: JsonObject, field: string, what: string, exists: ((id: string) => boolean) | undefined): string[] {
  const seen = new Set<string>();
  return optionalArray(o, field).map((v, i) => {
    if (typeof v !== 'string' || v === '') throw new BadDataError(`"${field}"[${i}] must be a ${what} id`);
    refuseDuplicate(seen, v, field);
    if (exists !== undefined && !exists(v)) throw new BadDataError(`"${field}"[${i}]: no ${what} "${v}"`);
    return v;
  });
}

function entry(v: unknown, field: string, i: number, shape: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new BadDataError(`"${field}"[${i}] must be an object ${shape}`);
  }
  return v as JsonObject;
}

function parseMonitors(o: JsonObject, ctx: NotificationGroupContext | undefined): GroupMonitor[] {
  const seen = new Set<string>();
  return optionalArray(o, 'monitors').map((v, i) => {
    const m = entry(v, 'monitors', i, '{"id": ..., "skipDefault": ...}');
    const id = m.id;
    if (typeof id !== 'string' || id === '') throw new BadDataError(`"monitors"[${i}].id must be a monitor id`);
    refuseDuplicate(seen, id, 'monitors');
    if (ctx !== undefined && !ctx.hasMonitor(id)) throw new BadDataError(`"monitors"[${i}]: no monitor "${id}"`);
    // Absent and null are false: Go's zero value, and the safe reading (nothing is taken from the default group).
    const skip = m.skipDefault ?? false;
    if (typeof skip !== 'boolean') throw new BadDataError(`"monitors"[${i}].skipDefault must be a boolean`);
    return { id, skipDefault: skip };
  });
}

function parseServices(o: JsonObject, ctx: NotificationGroupContext | undefined): GroupService[] {
  const seen = new Set<string>();
  return optionalArray(o, 'services').map((v, i) => {
    const s = entry(v, 'services', i, '{"name": ...}');
    const name = s.name;
    if (typeof name !== 'string' || name === '') throw new BadDataError(`"services"[${i}].name must be a service name`);
    refuseDuplicate(seen, name, 'services');
    if (ctx !== undefined && !ctx.hasService(name)) throw new BadDataError(`"services"[${i}]: no service "${name}"`);
    return { name };
  });
}

/**
 * A stored group (its API JSON) as settings. The parser takes no `type` from a body, since a
 * client cannot make a default group; a stored body's `type` says whether it is the default.
 */
export function loadNotificationGroup(body: JsonObject): NotificationGroup {
  return { ...parseNotificationGroup(body, undefined), isDefault: body.type === 'group-default' };
}

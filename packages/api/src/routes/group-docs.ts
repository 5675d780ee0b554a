// Notification groups as the catalog keeps them: the API's JSON without `id` (as downtimes are
// kept), and each organization's one default group. The server shares these with the routes: it
// creates the default group with an organization and at start for organizations made before
// groups existed. They live here and not in the catalog because the body is the notify schema's
// JSON, and the catalog imports nothing but the model.
import type { Catalog, DocRecord } from '@saba/catalog';
import type { JsonObject, OrgId, UnixSec } from '@saba/model';
import { loadNotificationGroup, type NotificationGroup, notificationGroupToJson } from '@saba/notify';

/** The default group's name; Mackerel's, and fixed once made (spec api §11.2: it cannot be renamed). */
export const DEFAULT_GROUP_NAME = 'Default notification group';

/** A group as the API answers it: id first. */
export function groupJson(row: DocRecord): JsonObject {
  return { id: row.id, ...row.body } as JsonObject;
}

/** A stored group's settings; a row that no longer parses is a server fault, not the caller's. */
export function storedGroup(row: DocRecord): NotificationGroup {
  let g: NotificationGroup;
  try {
    // No context: a channel or monitor deleted since must not make the group unreadable.
    g = loadNotificationGroup(row.body);
  } catch (err) {
    throw new Error(`stored notification group ${row.id} does not parse`, { cause: err });
  }
  return g;
}

function defaultGroupBody(): DocRecord['body'] {
  const g: NotificationGroup = {
    name: DEFAULT_GROUP_NAME,
    notificationLevel: 'all',
    childNotificationGroupIds: [],
    childChannelIds: [],
    monitors: [],
    services: [],
    isDefault: true,
  };
  return notificationGroupToJson(g) as DocRecord['body'];
}

/**
 * The organization's default group, made now when it has none. Callers that may run at once for
 * one organization serialize it (the routes do, with OrgQueue), or two could be made; if two ever
 * exist, the oldest is the default one.
 */
export async function defaultNotificationGroup(catalog: Catalog, org: OrgId, now: UnixSec): Promise<DocRecord> {
  const found = (await catalog.notificationGroups.list(org)).find((r) => r.body.type === 'group-default');
  return found ?? catalog.notificationGroups.create(org, defaultGroupBody(), now);
}

/**
 * Gives every organization without a default group one (organizations made before groups
 * existed); the server runs it at start, before it serves. Returns how many were made.
 */
export async function ensureDefaultNotificationGroups(catalog: Catalog, now: UnixSec): Promise<number> {
  const withDefault = new Set(
    (await catalog.notificationGroups.listAll()).filter((r) => r.body.type === 'group-default').map((r) => r.orgId),
  );
  let made = 0;
  for (const org of await catalog.orgs.list()) {
    if (withDefault.has(org.id)) continue;
    await catalog.notificationGroups.create(org.id, defaultGroupBody(), now);
    made++;
  }
  return made;
}

/**
 * Rewrites each of the organization's groups that `edit` changes (it answers undefined to leave
 * one alone), one replace per group. Used to drop references to a deleted channel or group.
 */
export async function editGroups(
  catalog: Catalog,
  org: OrgId,
  edit: (g: NotificationGroup) => NotificationGroup | undefined,
): Promise<void> {
  for (const row of await catalog.notificationGroups.list(org)) {
    const changed = edit(storedGroup(row));
    if (changed !== undefined) {
      await catalog.notificationGroups.replace(org, row.id, notificationGroupToJson(changed) as DocRecord['body']);
    }
  }
}

/** Adds a channel to the organization's default group (made now if it has none). */
export async function addToDefaultGroup(catalog: Catalog, org: OrgId, channelId: string, now: UnixSec): Promise<void> {
  const row = await defaultNotificationGroup(catalog, org, now);
  const g = storedGroup(row);
  if (g.childChannelIds.includes(channelId)) return;
  const added = { ...g, childChannelIds: [...g.childChannelIds, channelId] };
  await catalog.notificationGroups.replace(org, row.id, notificationGroupToJson(added) as DocRecord['body']);
}

// Notification groups (spec api §11.2, features §4.4): the routing tree. Every write runs in the
// organization's OrgQueue, with the channel writes that change groups, so no change is lost.
import type { DocRecord } from '@saba/catalog';
import { BadDataError, msToSec, NotFoundError, type OrgId } from '@saba/model';
import { type NotificationGroupContext, notificationGroupToJson, parseNotificationGroup } from '@saba/notify';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { editGroups, groupJson, storedGroup } from './group-docs.ts';
import { referenceContext } from './monitor-context.ts';
import type { OrgQueue } from './org-queue.ts';

/** What a group may name, read once per request: the organization's channels, groups, monitors and services. */
async function groupContext(deps: ApiDeps, org: OrgId, selfId?: string): Promise<NotificationGroupContext> {
  const [refs, channels, groups] = await Promise.all([
    referenceContext(deps, org),
    deps.catalog.channels.list(org),
    deps.catalog.notificationGroups.list(org),
  ]);
  const channelIds = new Set(channels.map((c) => c.id));
  const groupIds = new Set(groups.map((g) => g.id));
  return {
    hasChannel: (id) => channelIds.has(id),
    hasGroup: (id) => groupIds.has(id),
    hasMonitor: refs.hasMonitor,
    hasService: refs.hasService,
    ...(selfId !== undefined ? { selfId } : {}),
  };
}

/** Notification groups (spec api §11.2), with the organization's default group. */
export function notificationGroupRoutes(deps: ApiDeps, groupWrites: OrgQueue): Route[] {
  const repo = () => deps.catalog.notificationGroups;
  const requireGroup = async (org: OrgId, id: string): Promise<DocRecord> => {
    const row = await repo().get(org, id);
    if (row === undefined) throw new NotFoundError(`Notification Group Not Found. (id: ${id})`);
    return row;
  };
  return [
    {
      method: 'GET',
      path: '/api/v0/notification-groups',
      access: 'read',
      name: 'notification_groups.list',
      handler: async ({ principal }) => ({
        body: { notificationGroups: (await repo().list(principal.orgId)).map(groupJson) },
      }),
    },
    {
      method: 'POST',
      path: '/api/v0/notification-groups',
      access: 'write',
      name: 'notification_groups.create',
      handler: ({ principal, body }) => {
        const org = principal.orgId;
        return groupWrites.run(org, async () => {
          const g = parseNotificationGroup(body, await groupContext(deps, org));
          const row = await repo().create(org, notificationGroupToJson(g) as DocRecord['body'], msToSec(deps.clock()));
          return { body: groupJson(row) };
        });
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/notification-groups/:id',
      access: 'write',
      name: 'notification_groups.update',
      handler: ({ principal, params, body }) => {
        const org = principal.orgId;
        const id = params.id as string;
        return groupWrites.run(org, async () => {
          const previous = storedGroup(await requireGroup(org, id));
          // `previous` keeps the default group default and refuses renaming it (400).
          const g = parseNotificationGroup(body, await groupContext(deps, org, id), previous);
          const row = await repo().replace(org, id, notificationGroupToJson(g) as DocRecord['body']);
          return { body: groupJson(row) };
        });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/notification-groups/:id',
      access: 'write',
      name: 'notification_groups.delete',
      handler: ({ principal, params }) => {
        const org = principal.orgId;
        const id = params.id as string;
        return groupWrites.run(org, async () => {
          if (storedGroup(await requireGroup(org, id)).isDefault) {
            throw new BadDataError('the default notification group cannot be deleted');
          }
          // References first, as for channels: a crash between the writes leaves a group no
          // other names, never a parent naming a group that is gone.
          await editGroups(deps.catalog, org, (g) =>
            g.childNotificationGroupIds.includes(id)
              ? { ...g, childNotificationGroupIds: g.childNotificationGroupIds.filter((c) => c !== id) }
              : undefined,
          );
          return { body: groupJson(await repo().delete(org, id)) };
        });
      },
    },
  ];
}

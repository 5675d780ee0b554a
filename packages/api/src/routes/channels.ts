// Notification channels (spec api §11.1): the catalog keeps each as the API's JSON without `id`
// (channelToJson), and its suspension beside it. Creating a channel (it joins the default group)
// and deleting one (groups forget it) change groups too: they run in the OrgQueue group writes use.
import type { DocRecord } from '@saba/catalog';
import { BadDataError, type JsonObject, msToSec, NotFoundError, type OrgId, objectBody } from '@saba/model';
import { type Channel, channelToJson, parseBoolean, parseChannel } from '@saba/notify';
import type { ApiDeps } from '../deps.ts';
import { type Route, SUCCESS } from '../http/route.ts';
import { deliveryJson } from './delivery-json.ts';
import { addToDefaultGroup, editGroups } from './group-docs.ts';
import type { OrgQueue } from './org-queue.ts';

/** A stored channel's settings; a row that no longer parses is a server fault, not the caller's. */
function storedChannel(row: DocRecord): Channel {
  try {
    return parseChannel(row.body);
  } catch (err) {
    throw new Error(`stored channel ${row.id} does not parse`, { cause: err });
  }
}

/** A channel as the API answers it: id first, and `suspendedAt` (epoch seconds or null) on every one. */
function channelJson(row: DocRecord, suspended: ReadonlyMap<string, number>): JsonObject {
  return { id: row.id, ...row.body, suspendedAt: suspended.get(row.id) ?? null } as JsonObject;
}

/**
 * 400 unless every id in an email channel's `userIds` is a user of the organization (spec api
 * §11.1: "400 on ... foreign userId"), so a channel never names someone it cannot reach. An id
 * the channel already held (`previous`) stays allowed after its user is removed: a client that
 * reads the channel and writes it back (Terraform, the web form) must not be refused for it;
 * delivery skips such an id.
 */
async function checkUserIds(deps: ApiDeps, org: OrgId, c: Channel, previous?: Channel): Promise<void> {
  if (c.type !== 'email' || c.userIds.length === 0) return;
  const users = new Set((await deps.catalog.users.list(org)).map((u) => u.id));
  if (previous?.type === 'email') for (const id of previous.userIds) users.add(id);
  for (const [i, id] of c.userIds.entries()) {
    if (!users.has(id)) {
      throw new BadDataError(`"userIds"[${i}] is not a user of this organization: ${JSON.stringify(id)}`);
    }
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Channel Not Found. (id: ${id})`);
}

/** How many deliveries a list gives by default, and at most: each carries its event, so one answer stays small. */
const DELIVERIES_DEFAULT = 50;
const DELIVERIES_MAX = 200;

/** The deliveries list's `limit`: 1–200, default 50. */
function deliveriesLimit(query: URLSearchParams): number {
  const text = query.get('limit');
  const limit = text === null || text === '' ? DELIVERIES_DEFAULT : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > DELIVERIES_MAX)
    throw new BadDataError(`"limit" must be a whole number from 1 to ${DELIVERIES_MAX}`);
  return limit;
}

/** Notification channels (spec api §11.1), and Saba's resume of a suspended channel and list of its deliveries. */
export function channelRoutes(deps: ApiDeps, groupWrites: OrgQueue): Route[] {
  const requireChannel = async (org: OrgId, id: string): Promise<DocRecord> => {
    const row = await deps.catalog.channels.get(org, id);
    if (row === undefined) throw notFound(id);
    return row;
  };
  return [
    {
      method: 'GET',
      path: '/api/v0/channels',
      access: 'read',
      name: 'channels.list',
      handler: async ({ principal }) => {
        const org = principal.orgId;
        const [rows, suspended] = await Promise.all([
          deps.catalog.channels.list(org),
          deps.catalog.channels.suspended(org),
        ]);
        return { body: { channels: rows.map((r) => channelJson(r, suspended)) } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/channels',
      access: 'write',
      name: 'channels.create',
      handler: async ({ principal, body }) => {
        const org = principal.orgId;
        const o = objectBody(body, 'a channel: {"type": ..., "name": ..., ...}');
        // Create-only; absent or null is true, as in Mackerel: a new channel receives everything.
        const addToDefault = parseBoolean(o, 'addToDefaultNotificationGroup', true);
        const now = msToSec(deps.clock());
        const parsed = parseChannel(o);
        await checkUserIds(deps, org, parsed);
        const channel = channelToJson(parsed) as DocRecord['body'];
        return groupWrites.run(org, async () => {
          // Two writes, the channel first: a crash between them leaves a channel outside the default
          // group (the caller can add it), never a group naming a channel that does not exist.
          const row = await deps.catalog.channels.create(org, channel, now);
          if (addToDefault) await addToDefaultGroup(deps.catalog, org, row.id, now);
          return { body: channelJson(row, new Map()) };
        });
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/channels/:channelId',
      access: 'write',
      name: 'channels.update',
      handler: async ({ principal, params, body }) => {
        const org = principal.orgId;
        const id = params.channelId as string;
        const previous = storedChannel(await requireChannel(org, id));
        // `type` must stay (400); `addToDefaultNotificationGroup` is create-only and ignored here.
        const channel = parseChannel(body, previous);
        await checkUserIds(deps, org, channel, previous);
        const row = await deps.catalog.channels.replace(org, id, channelToJson(channel) as DocRecord['body']);
        return { body: channelJson(row, await deps.catalog.channels.suspended(org)) };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/channels/:channelId',
      access: 'write',
      name: 'channels.delete',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const id = params.channelId as string;
        return groupWrites.run(org, async () => {
          await requireChannel(org, id);
          const suspended = await deps.catalog.channels.suspended(org);
          // References first: a crash between the writes leaves a channel no group names, which
          // a retried DELETE removes; never a group naming a channel that is gone.
          await editGroups(deps.catalog, org, (g) =>
            g.childChannelIds.includes(id)
              ? { ...g, childChannelIds: g.childChannelIds.filter((c) => c !== id) }
              : undefined,
          );
          return { body: channelJson(await deps.catalog.channels.delete(org, id), suspended) };
        });
      },
    },
    {
      // Saba's: spec features §4.3 has a suspended channel resumed by hand (Mackerel's UI does it).
      method: 'POST',
      path: '/api/v0/channels/:channelId/resume',
      access: 'write',
      name: 'channels.resume',
      handler: async ({ principal, params }) => {
        const id = params.channelId as string;
        await requireChannel(principal.orgId, id);
        await deps.catalog.channels.setSuspended(principal.orgId, id, null);
        // What waited while it was suspended goes now, not at the end of its backoff.
        await deps.catalog.outbox.hurry(principal.orgId, id, msToSec(deps.clock()));
        deps.wakeDelivery();
        return SUCCESS;
      },
    },
    {
      // Saba's: what was sent to a channel, what waits and why it failed, newest first, so that a
      // failing channel (a wrong URL, a receiver that is down) can be diagnosed without the logs.
      method: 'GET',
      path: '/api/v0/channels/:channelId/deliveries',
      access: 'read',
      name: 'channels.deliveries',
      handler: async ({ principal, params, query }) => {
        const id = params.channelId as string;
        const limit = deliveriesLimit(query);
        await requireChannel(principal.orgId, id);
        const list = await deps.catalog.outbox.listForChannel(principal.orgId, id, limit);
        return { body: { deliveries: list.map(deliveryJson) } };
      },
    },
  ];
}

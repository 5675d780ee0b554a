import type { Alert, AlertLog } from '@saba/model';
import { BadDataError, NotFoundError, objectBody, requiredString, TooLargeError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { page, pageLimit } from './paging.ts';

/** Alert memos take up to 80 KB (spec features §2.1); more is a 413 (spec api §9.1). */
const MAX_MEMO_BYTES = 80 * 1024;

/** An alert as the API answers it (spec §9.1): optional fields only when they mean something. */
export function alertJson(a: Alert): Record<string, unknown> {
  return {
    id: a.id,
    status: a.status,
    monitorId: a.monitorId,
    type: a.type,
    ...(a.hostId !== null ? { hostId: a.hostId } : {}),
    ...(a.series !== null ? { series: a.series } : {}),
    ...(a.value !== null ? { value: a.value } : {}),
    ...(a.message !== null ? { message: a.message } : {}),
    ...(a.reason !== null ? { reason: a.reason } : {}),
    openedAt: a.openedAt,
    ...(a.closedAt !== null ? { closedAt: a.closedAt } : {}),
    ...(a.memo !== '' ? { memo: a.memo } : {}),
  };
}

/** An alert log entry as the API answers it (spec §9.1). */
function logJson(l: AlertLog): Record<string, unknown> {
  return {
    id: l.id,
    status: l.status,
    trigger: l.trigger,
    monitorId: l.monitorId,
    targetValue: l.targetValue,
    statusDetail: l.statusDetail,
    createdAt: l.createdAt,
  };
}

function withClosed(query: URLSearchParams): boolean {
  const v = query.get('withClosed');
  if (v === null || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw new BadDataError(`"withClosed" must be true or false, got "${v}"`);
}

/** Alerts and their logs (spec §9.1). */
export function alertRoutes(deps: ApiDeps): Route[] {
  const { catalog, monitor: engine } = deps;
  const notFound = (id: string) => new NotFoundError(`Alert Not Found. (id: ${id})`);
  return [
    {
      method: 'GET',
      path: '/api/v0/alerts',
      access: 'read',
      name: 'alerts.list',
      handler: async ({ principal, query }) => {
        const limit = pageLimit(query);
        const next = query.get('nextId');
        const rows = await catalog.alerts.list(principal.orgId, {
          withClosed: withClosed(query),
          ...(next !== null && next !== '' ? { afterId: next } : {}),
          limit: limit + 1,
        });
        const p = page(rows, limit);
        return { body: { alerts: p.items.map(alertJson), ...(p.nextId !== undefined ? { nextId: p.nextId } : {}) } };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/alerts/:alertId',
      access: 'read',
      name: 'alerts.get',
      handler: async ({ principal, params }) => {
        const a = await catalog.alerts.get(principal.orgId, params.alertId as string);
        if (a === undefined) throw notFound(params.alertId as string);
        return { body: alertJson(a) };
      },
    },
    {
      method: 'PUT',
      path: '/api/v0/alerts/:alertId',
      access: 'write',
      name: 'alerts.update',
      handler: async ({ principal, params, body }) => {
        const memo = requiredString(objectBody(body, '{"memo": "..."}'), 'memo');
        if (Buffer.byteLength(memo) > MAX_MEMO_BYTES) {
          throw new TooLargeError(`an alert memo takes at most 80 KB, got ${Buffer.byteLength(memo)} bytes`);
        }
        const id = params.alertId as string;
        const org = principal.orgId;
        if ((await catalog.alerts.get(org, id)) === undefined) throw notFound(id);
        // Between the engine's decisions, so that the engine's copy of an open alert keeps the memo.
        await engine.exclusive(async () => {
          await catalog.alerts.setMemo(org, id, memo);
          engine.alertMemoSet(org, id, memo);
        });
        return { body: { id, memo } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/alerts/:alertId/close',
      access: 'write',
      name: 'alerts.close',
      handler: async ({ principal, params, body }) => {
        // The key is required (spec §9), but it may be empty: `mkr alerts close` without -r sends "".
        const reason = requiredString(objectBody(body, '{"reason": "..."}'), 'reason');
        const id = params.alertId as string;
        if ((await catalog.alerts.get(principal.orgId, id)) === undefined) throw notFound(id);
        return { body: alertJson(await engine.closeAlert(principal.orgId, id, reason)) };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/alerts/:alertId/logs',
      access: 'read',
      name: 'alerts.logs',
      handler: async ({ principal, params, query }) => {
        const limit = pageLimit(query);
        const id = params.alertId as string;
        if ((await catalog.alerts.get(principal.orgId, id)) === undefined) throw notFound(id);
        const next = query.get('nextId');
        const rows = await catalog.alerts.logs(
          principal.orgId,
          id,
          next === null || next === '' ? undefined : next,
          limit + 1,
        );
        const p = page(rows, limit);
        return { body: { logs: p.items.map(logJson), ...(p.nextId !== undefined ? { nextId: p.nextId } : {}) } };
      },
    },
  ];
}

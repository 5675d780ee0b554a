import type { CheckReport, CheckStatus } from '@saba/catalog';
import {
  BadDataError,
  hostId,
  type JsonObject,
  msToSec,
  NotFoundError,
  objectBody,
  optionalArray,
  optionalNumber,
  requiredString,
  type UnixSec,
  unixSec,
} from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import { type Route, SUCCESS } from '../http/route.ts';
import { CHECK_NAME } from '../schemas/names.ts';
import { judgeLater } from './judge-later.ts';
import { page, pageLimit } from './paging.ts';

/** Spec §6: at most 100 reports per request; reports 6 h old or more are ignored. */
const MAX_REPORTS = 100;
const STALE_SEC = 6 * 3600;
const MAX_MESSAGE = 1024;
const STATUSES: readonly CheckStatus[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

function parseReport(v: unknown, i: number): CheckReport {
  const where = `reports[${i}].`;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new BadDataError(`reports[${i}] must be an object`);
  const o = v as JsonObject;
  const source = o.source;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new BadDataError(`${where}source must be {"type": "host", "hostId": ...}`);
  }
  const src = source as JsonObject;
  if (src.type !== 'host') throw new BadDataError(`${where}source.type must be "host"`);
  const host = requiredString(src, 'hostId', `${where}source.`);
  const name = requiredString(o, 'name', where);
  if (!CHECK_NAME.test(name)) throw new BadDataError(`${where}name "${name}" must match [a-zA-Z0-9_-]+`);
  const status = o.status;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw new BadDataError(`${where}status must be one of ${STATUSES.join(', ')}`);
  }
  // The agent cuts messages to 1,024 characters; cut longer ones from other clients the same way.
  const message = [...requiredString(o, 'message', where)].slice(0, MAX_MESSAGE).join('');
  const occurredAt = optionalNumber(o, 'occurredAt', where);
  if (occurredAt === undefined) throw new BadDataError(`${where}occurredAt (epoch seconds) is required`);
  const interval = optionalNumber(o, 'notificationInterval', where);
  const attempts = optionalNumber(o, 'maxCheckAttempts', where);
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 10)) {
    throw new BadDataError(`${where}maxCheckAttempts must be a whole number from 1 to 10`);
  }
  return {
    hostId: hostId(host),
    name,
    status: status as CheckStatus,
    message,
    occurredAt: unixSec(Math.floor(occurredAt)),
    // Intervals under 10 minutes are treated as 10 (spec §6).
    notificationInterval: interval === undefined ? null : Math.max(10, Math.floor(interval)),
    maxCheckAttempts: attempts ?? null,
  };
}

/** Check reports and the check monitors they create (spec §6). */
export function checkRoutes(deps: ApiDeps): Route[] {
  const { catalog } = deps;
  return [
    {
      method: 'POST',
      path: '/api/v0/monitoring/checks/report',
      access: 'write',
      name: 'checks.report',
      handler: async ({ principal, body }) => {
        const list = optionalArray(objectBody(body, '{"reports": [...]}'), 'reports');
        if (list.length > MAX_REPORTS)
          throw new BadDataError(`"reports" takes at most ${MAX_REPORTS} reports, got ${list.length}`);
        const reports = list.map(parseReport);
        const org = principal.orgId;
        const ids = [...new Set(reports.map((r) => r.hostId))];
        const states = await deps.hostStates.lookup(org, ids);
        for (const id of ids) {
          const s = states.get(id);
          if (s === undefined) throw new BadDataError(`host ${id} not found`);
          if (s.isRetired) throw new BadDataError(`host ${id} is retired; its check reports are refused`);
        }
        const now: UnixSec = msToSec(deps.clock());
        const fresh = reports.filter((r) => now - r.occurredAt < STALE_SEC);
        if (fresh.length > 0) {
          await catalog.checks.report(org, fresh, now);
          judgeLater(deps, deps.monitor.checksReported(org, fresh));
        }
        return SUCCESS;
      },
    },
    {
      method: 'GET',
      path: '/api/v0/monitoring/checks',
      access: 'read',
      name: 'checks.list',
      handler: async ({ principal, query }) => {
        const limit = pageLimit(query);
        const after = query.get('nextId') ?? undefined;
        // One extra row tells whether a next page exists.
        const rows = await catalog.checks.listMonitors(principal.orgId, after === '' ? undefined : after, limit + 1);
        const p = page(rows, limit);
        return {
          body: {
            checks: p.items.map((c) => ({ id: c.id, name: c.name })),
            ...(p.nextId !== undefined ? { nextId: p.nextId } : {}),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/monitoring/checks/:monitorId',
      access: 'read',
      name: 'checks.get',
      handler: async ({ principal, params }) => {
        const c = await catalog.checks.getMonitor(principal.orgId, params.monitorId as string);
        if (c === undefined) throw new NotFoundError(`Monitor Not Found. (id: ${params.monitorId})`);
        return { body: { check: { id: c.id, name: c.name } } };
      },
    },
  ];
}

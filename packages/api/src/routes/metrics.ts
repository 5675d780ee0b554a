import { HOST_LABEL, type HostLookup, SERVICE_LABEL } from '@saba/ingest';
import {
  BadDataError,
  type HostId,
  hostId,
  labelValue,
  METRIC_NAME,
  NotFoundError,
  type OrgId,
  type UnixSec,
} from '@saba/model';
import { matcher } from '@saba/storage';
import type { ApiDeps } from '../deps.ts';
import { type Reply, type Route, SUCCESS } from '../http/route.ts';
import { requireHost } from './hosts.ts';
import { judgeLater } from './judge-later.ts';
import { labelValuesEver, latestSamples, mackerelOnly, parseRange, readPoints, seriesExists } from './metric-read.ts';
import { requireService } from './services.ts';

/** Agent batches are ~100 values per host; 64 MiB leaves room for a catch-up post of a large fleet. */
const MAX_TSDB_BODY = 64 << 20;

function requiredName(q: URLSearchParams): string {
  const name = q.get('name');
  if (name === null || name === '') throw new BadDataError('query parameter "name" is required');
  return name;
}

/**
 * A `tsdb/latest` name with wildcards as a regex: `*` and `#` stand for one dot-free segment, as
 * in graph definitions (spec §4.3). Names are checked against the metric charset first, so the
 * regex holds no user-supplied metacharacters and cannot backtrack badly.
 */
function latestNameMatcher(names: readonly string[]) {
  const parts = names.map((n) => {
    if (!/^[a-zA-Z0-9._*#-]+$/.test(n)) throw new BadDataError(`invalid metric name "${n}"`);
    return n
      .split('.')
      .map((seg) => (seg === '*' || seg === '#' ? '[-a-zA-Z0-9_]+' : seg.replace(/[*]/g, '\\*')))
      .join('\\.');
  });
  return matcher('=~', METRIC_NAME, parts.join('|'));
}

/** The ids among `ids` that are hosts of `org`, retired ones included (their data stays readable). */
async function orgHostIds(deps: ApiDeps, org: OrgId, ids: readonly string[]): Promise<HostId[]> {
  const states = await deps.catalog.hosts.states(org, ids.map(hostId));
  return ids.map(hostId).filter((id) => states.has(id));
}

/** The points of one host or service metric in range; 404 when the series never existed. */
function metricsReply(
  deps: ApiDeps,
  org: OrgId,
  label: string,
  owner: string,
  name: string,
  range: { from: UnixSec; to: UnixSec },
  what: string,
): Reply {
  const ms = [matcher('=', METRIC_NAME, name), matcher('=', label, owner)];
  const metrics = readPoints(deps.storage, org, ms, range.from, range.to);
  if (metrics.length === 0 && !seriesExists(deps.storage, org, ms)) {
    throw new NotFoundError(`Metric Not Found. (${what} has no metric "${name}")`);
  }
  return { body: { metrics } };
}

/** Host and service metrics: post, read a range, latest values, names (spec §4, §5). */
export function metricRoutes(deps: ApiDeps): Route[] {
  const { ingest, storage } = deps;
  // Made once: a closure per request costs a property definition under tsx (see listener.ts).
  const lookup: HostLookup = (org, ids) => deps.hostStates.lookup(org, ids);
  return [
    {
      method: 'POST',
      path: '/api/v0/tsdb',
      access: 'write',
      name: 'tsdb.post',
      maxBodyBytes: MAX_TSDB_BODY,
      // The body is scanned as bytes: JSON.parse was ~20% of the server's CPU on this path
      // (api.bench.ts profile), and the scanner reads an agent batch in ~0.6 of its time.
      parseJson: false,
      handler: async ({ principal, rawBody }) => {
        const stored = await ingest.postHostMetricsJson(principal.orgId, rawBody, lookup);
        // Judged after the answer: the agent does not wait for monitors, and its data is stored.
        if (stored.items.length > 0) judgeLater(deps, deps.monitor.hostMetricsPosted(principal.orgId, stored.items));
        return SUCCESS;
      },
    },
    {
      method: 'GET',
      path: '/api/v0/hosts/:hostId/metrics',
      access: 'read',
      name: 'hosts.metrics',
      handler: async ({ principal, params, query }) => {
        const name = requiredName(query);
        const range = parseRange(query);
        const h = await requireHost(deps, principal.orgId, params.hostId as string);
        return metricsReply(deps, principal.orgId, HOST_LABEL, h.id, name, range, `host ${h.id}`);
      },
    },
    {
      method: 'GET',
      path: '/api/v0/hosts/:hostId/metric-names',
      access: 'read',
      name: 'hosts.metric_names',
      handler: async ({ principal, params }) => {
        const h = await requireHost(deps, principal.orgId, params.hostId as string);
        return {
          body: { names: labelValuesEver(storage, principal.orgId, METRIC_NAME, [matcher('=', HOST_LABEL, h.id)]) },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v0/tsdb/latest',
      access: 'read',
      name: 'tsdb.latest',
      handler: async ({ principal, query }) => {
        const org = principal.orgId;
        const ids = query.getAll('hostId').filter((s) => s !== '');
        const names = query.getAll('name').filter((s) => s !== '');
        if (ids.length === 0) throw new BadDataError('query parameter "hostId" is required (repeatable)');
        if (names.length === 0) throw new BadDataError('query parameter "name" is required (repeatable)');
        const hosts = await orgHostIds(deps, org, [...new Set(ids)]);
        const tsdbLatest: Record<string, Record<string, { time: number; value: number }>> = {};
        for (const id of hosts) tsdbLatest[id] = {};
        if (hosts.length > 0) {
          const ms = [latestNameMatcher(names), matcher('=~', HOST_LABEL, hosts.map(escapeId).join('|'))];
          for (const s of latestSamples(storage, org, ms, deps.clock())) {
            const h = labelValue(s.labels, HOST_LABEL) as string;
            const n = labelValue(s.labels, METRIC_NAME) as string;
            const entry = tsdbLatest[h];
            if (entry !== undefined) entry[n] = { time: s.time, value: s.value };
          }
        }
        return { body: { tsdbLatest } };
      },
    },
    {
      method: 'POST',
      path: '/api/v0/services/:serviceName/tsdb',
      access: 'write',
      name: 'services.tsdb.post',
      maxBodyBytes: MAX_TSDB_BODY,
      handler: async ({ principal, params, body }) => {
        const svc = await requireService(deps, principal.orgId, params.serviceName as string);
        const stored = await ingest.postServiceMetrics(principal.orgId, svc.name, body);
        if (stored.items.length > 0)
          judgeLater(deps, deps.monitor.serviceMetricsPosted(principal.orgId, svc.name, stored.items));
        return SUCCESS;
      },
    },
    {
      method: 'GET',
      path: '/api/v0/services/:serviceName/metrics',
      access: 'read',
      name: 'services.metrics',
      handler: async ({ principal, params, query }) => {
        const name = requiredName(query);
        const range = parseRange(query);
        const svc = await requireService(deps, principal.orgId, params.serviceName as string);
        return metricsReply(deps, principal.orgId, SERVICE_LABEL, svc.name, name, range, `service ${svc.name}`);
      },
    },
    {
      // Service graphs are drawn from metric names (everything before the last dot), so deleting
      // the graph `access_num.*` deletes the series it draws; posting again brings it back, as
      // in Mackerel.
      method: 'DELETE',
      path: '/api/v0/services/:serviceName/graph-defs/:graphName',
      access: 'write',
      name: 'services.graph_defs.delete',
      handler: async ({ principal, params }) => {
        const svc = await requireService(deps, principal.orgId, params.serviceName as string);
        const graph = params.graphName as string;
        const prefix = graph.endsWith('.*') ? graph.slice(0, -2) : graph;
        if (!/^[a-zA-Z0-9._-]+$/.test(prefix))
          throw new BadDataError(`invalid graph name "${graph}": use "<metric prefix>.*"`);
        const ms = [
          matcher('=', SERVICE_LABEL, svc.name),
          matcher('=~', METRIC_NAME, `${prefix.replace(/\./g, '\\.')}\\.[-a-zA-Z0-9_]+`),
        ];
        const deleted = await storage.deleteSeries(principal.orgId, mackerelOnly(ms));
        if (deleted === 0) throw new NotFoundError(`Graph Not Found. (service ${svc.name} has no graph "${graph}")`);
        ingest.forgetService(principal.orgId, svc.name);
        return SUCCESS;
      },
    },
    {
      method: 'GET',
      path: '/api/v0/services/:serviceName/metric-names',
      access: 'read',
      name: 'services.metric_names',
      handler: async ({ principal, params }) => {
        const svc = await requireService(deps, principal.orgId, params.serviceName as string);
        return {
          body: {
            names: labelValuesEver(storage, principal.orgId, METRIC_NAME, [matcher('=', SERVICE_LABEL, svc.name)]),
          },
        };
      },
    },
  ];
}

/** Host ids are base58 here, but ids come from the query string: escape anything regex-special. */
function escapeId(id: string): string {
  return id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

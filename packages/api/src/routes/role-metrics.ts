// Role graphs (features §1.2, §1.7) draw one metric of every host of a role on one graph. Asking
// per host would be a request per host per metric (100 hosts × 20 metrics = 2,000 for one page),
// so these Saba endpoints answer a role's hosts and their points for several names at once.
import { HOST_STATUSES, type Host } from '@saba/catalog';
import { HOST_LABEL } from '@saba/ingest';
import { BadDataError, labelValue, METRIC_NAME, NotFoundError, type OrgId } from '@saba/model';
import { matcher } from '@saba/storage';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { labelValuesEver, type MetricPoint, parseRange, readAllPoints } from './metric-read.ts';
import { requireService } from './services.ts';

/**
 * Names one request may ask for: the largest fixed graph (CPU) has 10 and a custom graph rarely
 * more than 20; 50 keeps one answer for a role of 100 hosts over a day near 50 × 100 × 1,440 points.
 */
export const MAX_ROLE_METRIC_NAMES = 50;

/** A metric name as posted (the ingest charset): checked before it goes into a regex. */
const NAME = /^[a-zA-Z0-9._-]+$/;

/** A host of the role as the answers list it. */
interface RoleHost {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
}

/** The role's hosts that are not retired, whatever their status, sorted by name then id. */
async function roleHosts(deps: ApiDeps, org: OrgId, service: string, role: string): Promise<Host[]> {
  const svc = await requireService(deps, org, service);
  if (!svc.roles.includes(role)) throw new NotFoundError(`Role Not Found. (${svc.name}:${role})`);
  const hosts = await deps.catalog.hosts.list(org, { service: svc.name, roles: [role], statuses: HOST_STATUSES });
  return [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

/** Host ids are base58, but escape anything regex-special all the same. */
function idPattern(hosts: readonly Host[]): string {
  return hosts.map((h) => h.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

function requestedNames(q: URLSearchParams): string[] {
  const names = [...new Set(q.getAll('name').filter((n) => n !== ''))];
  if (names.length === 0) throw new BadDataError('query parameter "name" is required (repeatable)');
  if (names.length > MAX_ROLE_METRIC_NAMES)
    throw new BadDataError(`at most ${MAX_ROLE_METRIC_NAMES} "name" parameters, got ${names.length}`);
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) throw new BadDataError(`invalid metric name "${bad}"`);
  return names;
}

function hostJson(h: Host): RoleHost {
  return { id: h.id, name: h.name, ...(h.displayName ? { displayName: h.displayName } : {}) };
}

/** Saba's role metric endpoints: the names a role's hosts have posted, and their points by name and host. */
export function roleMetricRoutes(deps: ApiDeps): Route[] {
  const base = '/api/v0/services/:serviceName/roles/:roleName';
  return [
    {
      method: 'GET',
      path: `${base}/metric-names`,
      access: 'read',
      name: 'roles.metric_names',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const hosts = await roleHosts(deps, org, params.serviceName as string, params.roleName as string);
        const names =
          hosts.length === 0
            ? []
            : labelValuesEver(deps.storage, org, METRIC_NAME, [matcher('=~', HOST_LABEL, idPattern(hosts))]);
        return { body: { names: names.sort() } };
      },
    },
    {
      method: 'GET',
      path: `${base}/metrics`,
      access: 'read',
      name: 'roles.metrics',
      handler: async ({ principal, params, query }) => {
        const org = principal.orgId;
        const names = requestedNames(query);
        const { from, to } = parseRange(query);
        const hosts = await roleHosts(deps, org, params.serviceName as string, params.roleName as string);
        const metrics: Record<string, Record<string, MetricPoint[]>> = {};
        for (const n of names) metrics[n] = {};
        if (hosts.length > 0) {
          const ms = [
            matcher('=~', METRIC_NAME, names.map((n) => n.replace(/\./g, '\\.')).join('|')),
            matcher('=~', HOST_LABEL, idPattern(hosts)),
          ];
          for (const s of readAllPoints(deps.storage, org, ms, from, to)) {
            if (s.points.length === 0) continue;
            const byHost = metrics[labelValue(s.labels, METRIC_NAME) as string];
            if (byHost !== undefined) byHost[labelValue(s.labels, HOST_LABEL) as string] = s.points;
          }
        }
        return { body: { hosts: hosts.map(hostJson), metrics } };
      },
    },
  ];
}

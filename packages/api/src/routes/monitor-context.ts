import { msToSec, type OrgId } from '@saba/model';
import type { KindContext, ScopeContext } from '@saba/monitor';
import type { ApiDeps } from '../deps.ts';

/** What monitor, downtime and alert-group validation may name: the organization's services, roles and monitors. */
export type ReferenceContext = KindContext & ScopeContext;

/** Reads the organization's services, roles and monitor ids once, for one request's validation. */
export async function referenceContext(deps: ApiDeps, org: OrgId): Promise<ReferenceContext> {
  const [services, monitors, checks] = await Promise.all([
    deps.catalog.services.list(org),
    deps.catalog.monitors.list(org),
    deps.catalog.checks.listMonitors(org, undefined, 10_000),
  ]);
  const roles = new Map(services.map((s) => [s.name, new Set(s.roles)]));
  const monitorIds = new Set([...monitors.map((m) => m.id), ...checks.map((c) => c.id)]);
  return {
    hasService: (s) => roles.has(s),
    hasRole: (s, r) => roles.get(s)?.has(r) === true,
    hasMonitor: (id) => monitorIds.has(id),
    now: msToSec(deps.clock()),
  };
}

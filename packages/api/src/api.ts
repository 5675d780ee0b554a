import type { IncomingMessage, ServerResponse } from 'node:http';
import { KeyCache } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { createApiListener, type RequestObserver } from './http/listener.ts';
import type { Route } from './http/route.ts';
import { Router } from './http/router.ts';
import { alertRoutes } from './routes/alerts.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { channelRoutes } from './routes/channels.ts';
import { checkRoutes } from './routes/checks.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { expressionGraphRoutes } from './routes/expression-graph.ts';
import { graphAnnotationRoutes } from './routes/graph-annotations.ts';
import { graphDefRoutes } from './routes/graph-defs.ts';
import { hostRoutes } from './routes/hosts.ts';
import { metadataRoutes } from './routes/metadata.ts';
import { metricRoutes } from './routes/metrics.ts';
import { monitorDocRoutes } from './routes/monitor-docs.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { notificationGroupRoutes } from './routes/notification-groups.ts';
import { orgRoutes } from './routes/org.ts';
import { OrgQueue } from './routes/org-queue.ts';
import { otlpRoutes } from './routes/otlp.ts';
import { prometheusRoutes } from './routes/prometheus.ts';
import { remoteWriteRoutes } from './routes/remote-write.ts';
import { roleMetricRoutes } from './routes/role-metrics.ts';
import { serviceRoutes } from './routes/services.ts';
import { sessionRoutes } from './routes/session.ts';
import { userRoutes } from './routes/users.ts';
import { SessionAuth } from './session-auth.ts';

/**
 * The whole route table of Mackerel API v0 as Saba serves it. `keys` and `sessions` are the
 * listener's: revoking a key drops it from that cache, and the session routes read sessions as it does.
 */
export function apiRoutes(
  deps: ApiDeps,
  keys: KeyCache = new KeyCache(deps.catalog),
  sessions: SessionAuth = new SessionAuth(deps.catalog, deps.clock),
): Route[] {
  // One queue for every write that changes groups: the group routes', and channel, monitor and
  // service writes that change groups too (the default group; references to what was deleted).
  const groupWrites = new OrgQueue();
  return [
    ...hostRoutes(deps),
    ...metadataRoutes(deps),
    ...metricRoutes(deps),
    ...remoteWriteRoutes(deps),
    ...otlpRoutes(deps),
    ...prometheusRoutes(deps),
    ...serviceRoutes(deps, groupWrites),
    ...roleMetricRoutes(deps),
    ...graphDefRoutes(deps),
    ...graphAnnotationRoutes(deps),
    ...checkRoutes(deps),
    ...dashboardRoutes(deps),
    ...expressionGraphRoutes(deps),
    ...orgRoutes(deps),
    ...monitorRoutes(deps, groupWrites),
    ...alertRoutes(deps),
    ...monitorDocRoutes(deps),
    ...channelRoutes(deps, groupWrites),
    ...notificationGroupRoutes(deps, groupWrites),
    ...sessionRoutes(deps, sessions),
    ...apiKeyRoutes(deps, keys),
    ...userRoutes(deps),
  ];
}

/** Options of the API listener. */
export interface ApiOptions {
  readonly observe?: RequestObserver;
  readonly logError?: (err: unknown, route: string) => void;
  /** How long an API key's answer is remembered; default 10 s. */
  readonly keyCacheTtlMs?: number;
  /** The key cache, when another listener shares it (OTLP/gRPC), so a key revoked here stops there too; `keyCacheTtlMs` then does not apply. */
  readonly keys?: KeyCache;
  /** Session cookies are Secure even over plain HTTP: the public URL is https (a TLS proxy in front). */
  readonly secureCookies?: boolean;
}

/** The `/api/v0/...` request handler over the given catalog, storage and ingest. */
export function createApi(
  deps: ApiDeps,
  options: ApiOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const keys = options.keys ?? new KeyCache(deps.catalog, options.keyCacheTtlMs ?? 10_000);
  const sessions = new SessionAuth(deps.catalog, deps.clock);
  return createApiListener({
    router: new Router(apiRoutes(deps, keys, sessions)),
    keys,
    sessions,
    ...(options.secureCookies ? { secureCookies: true } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
  });
}

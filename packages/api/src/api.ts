import type { IncomingMessage, ServerResponse } from 'node:http';
import { KeyCache } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { createApiListener, type RequestObserver } from './http/listener.ts';
import type { Route } from './http/route.ts';
import { Router } from './http/router.ts';
import { alertRoutes } from './routes/alerts.ts';
import { channelRoutes } from './routes/channels.ts';
import { checkRoutes } from './routes/checks.ts';
import { graphDefRoutes } from './routes/graph-defs.ts';
import { hostRoutes } from './routes/hosts.ts';
import { metadataRoutes } from './routes/metadata.ts';
import { metricRoutes } from './routes/metrics.ts';
import { monitorDocRoutes } from './routes/monitor-docs.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { notificationGroupRoutes } from './routes/notification-groups.ts';
import { orgRoutes } from './routes/org.ts';
import { OrgQueue } from './routes/org-queue.ts';
import { serviceRoutes } from './routes/services.ts';

/** The whole route table of Mackerel API v0 as Saba serves it. */
export function apiRoutes(deps: ApiDeps): Route[] {
  // One queue for both: channel writes change groups too (the default group, deleted channels).
  const groupWrites = new OrgQueue();
  return [
    ...hostRoutes(deps),
    ...metadataRoutes(deps),
    ...metricRoutes(deps),
    ...serviceRoutes(deps),
    ...graphDefRoutes(deps),
    ...checkRoutes(deps),
    ...orgRoutes(deps),
    ...monitorRoutes(deps),
    ...alertRoutes(deps),
    ...monitorDocRoutes(deps),
    ...channelRoutes(deps, groupWrites),
    ...notificationGroupRoutes(deps, groupWrites),
  ];
}

/** Options of the API listener. */
export interface ApiOptions {
  readonly observe?: RequestObserver;
  readonly logError?: (err: unknown, route: string) => void;
  /** How long an API key's answer is remembered; default 10 s. */
  readonly keyCacheTtlMs?: number;
}

/** The `/api/v0/...` request handler over the given catalog, storage and ingest. */
export function createApi(
  deps: ApiDeps,
  options: ApiOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return createApiListener({
    router: new Router(apiRoutes(deps)),
    keys: new KeyCache(deps.catalog, options.keyCacheTtlMs ?? 10_000),
    ...(options.observe ? { observe: options.observe } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
  });
}

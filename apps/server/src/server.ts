import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiDeps, createApi, errorBody, HostStateCache, sendJson } from '@saba/api';
import { type Catalog, newOrderedId, openCatalog } from '@saba/catalog';
import { MackerelIngest } from '@saba/ingest';
import { msToSec, nowMs } from '@saba/model';
import type { MonitorEngine, NotifyEvent, NotifyFunc } from '@saba/monitor';
import { Tsdb } from '@saba/tsdb';
import { type Bootstrap, bootstrap } from './bootstrap.ts';
import type { ServerConfig } from './config.ts';
import { DeliveryService } from './delivery.ts';
import { startMonitoring } from './monitoring.ts';
import { NotificationBuilder } from './notification-builder.ts';
import { SelfMetrics } from './self-metrics.ts';

/** A started server. */
export interface RunningServer {
  /** `http://host:port` as bound (port 0 picks a free one). */
  readonly url: string;
  readonly port: number;
  readonly bootstrap: Bootstrap;
  readonly catalog: Catalog;
  readonly tsdb: Tsdb;
  readonly monitor: MonitorEngine;
  /** Stops accepting, finishes in-flight requests, flushes and closes storage. Idempotent. */
  close(): Promise<void>;
}

/** What tests and embedders may change besides the configuration. */
export interface ServerOptions {
  /** Also told of decided notifications (tests); they are stored in the outbox and delivered either way. */
  readonly notify?: NotifyFunc;
  /** Run the monitor engine's timers (default true). */
  readonly monitorTimers?: boolean;
  /** Seconds without a post before connectivity counts a host as gone (default 600). */
  readonly connectivityTimeoutSec?: number;
}

/** One log line per decided notification, until the notify stage delivers them. */
function logEvents(log: (line: string) => void): NotifyFunc {
  return async (events: readonly NotifyEvent[]) => {
    for (const e of events) {
      if (e.event === 'alert') {
        log(
          `alert ${e.kind}: ${e.monitor.type} monitor "${e.monitor.name}" ${e.alert.target} ${e.alert.status} (alert ${e.alert.id})`,
        );
      } else {
        log(`alert group ${e.kind}: "${e.setting.name}" ${e.group.status} (group ${e.group.id})`);
      }
    }
  };
}

/** How long shutdown waits for in-flight requests before cutting connections (the agent's own cap is 30 s). */
const DRAIN_TIMEOUT_MS = 25_000;

/**
 * The composition root: open the tsdb and the catalog, make sure the default organization
 * exists, and serve the API, health and Saba's own metrics. Shutdown runs in reverse order.
 */
export async function startServer(
  config: ServerConfig,
  log: (line: string) => void = console.log,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const tsdb = await Tsdb.open({ dir: `${config.dataDir}/tsdb`, fsync: config.fsync });
  let catalog: Catalog;
  try {
    catalog = await openCatalog(config.catalog);
  } catch (err) {
    await tsdb.close();
    throw err;
  }
  let boot: Bootstrap;
  try {
    boot = await bootstrap(catalog, config.orgName, config.apiKey);
  } catch (err) {
    await tsdb.close();
    await catalog.close();
    throw err;
  }
  const metrics = new SelfMetrics(tsdb);
  const ingest = new MackerelIngest(tsdb);
  // Delivery's links need the URL, known only once listening: the builder reads it then.
  let baseUrl = config.publicUrl ?? '';
  const delivery = new DeliveryService({
    catalog,
    builder: new NotificationBuilder(catalog, () => baseUrl),
    ...(config.smtp ? { smtp: config.smtp } : {}),
    log,
    clock: nowMs,
  });
  const logged = logEvents(log);
  const notify: NotifyFunc = async (events) => {
    // The events are in the outbox already (decision 0009): this only makes delivery look now.
    delivery.wake();
    await logged(events);
    await options.notify?.(events);
  };
  let monitor: MonitorEngine;
  try {
    monitor = await startMonitoring({
      catalog,
      storage: tsdb,
      ingest,
      notify,
      log,
      ...(options.monitorTimers !== undefined ? { timers: options.monitorTimers } : {}),
      ...(options.connectivityTimeoutSec !== undefined
        ? { connectivityTimeoutSec: options.connectivityTimeoutSec }
        : {}),
    });
  } catch (err) {
    await tsdb.close();
    await catalog.close();
    throw err;
  }
  // Host and monitor changes the API made: stored in the outbox (after the change, in a
  // transaction of its own: see packages/api/src/routes/announce.ts), then delivered as alerts are.
  const announce: ApiDeps['announce'] = async (orgId, body) => {
    await catalog.outbox.add([{ id: newOrderedId(), orgId, body, createdAt: msToSec(nowMs()) }]);
    delivery.wake();
  };
  const api = createApi(
    { catalog, storage: tsdb, ingest, hostStates: new HostStateCache(catalog), monitor, announce, log, clock: nowMs },
    {
      observe: (route, status, seconds) => metrics.observeRequest(route, status, seconds),
      logError: (err, route) => log(`error in ${route}: ${(err as Error)?.stack ?? String(err)}`),
    },
  );
  let closing = false;
  let inFlight = 0;
  // One function for every response, not a closure per request (see packages/api listener.ts).
  const requestClosed = (): void => {
    inFlight--;
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    res.once('close', requestClosed);
    // While draining, tell keep-alive clients to reconnect elsewhere (or later).
    if (closing) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    if (path.startsWith('/api/')) {
      api(req, res);
      return;
    }
    req.resume();
    if (path === '/healthz') {
      sendJson(res, 200, '{"status":"ok"}');
      return;
    }
    if (path === '/readyz') {
      void catalog.ping().then(
        (ok) =>
          sendJson(res, ok && !closing ? 200 : 503, JSON.stringify({ status: ok && !closing ? 'ready' : 'not ready' })),
        () => sendJson(res, 503, '{"status":"not ready"}'),
      );
      return;
    }
    if (path === '/metrics') {
      const body = metrics.render();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    sendJson(res, 404, errorBody(`nothing at ${path}`));
  };
  const server: Server = createServer({ keepAliveTimeout: 65_000 }, handler);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    // A taken port must not leave the data directory locked.
    await monitor.close();
    await delivery.close();
    await tsdb.close();
    await catalog.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await stopped;
      // The engine finishes its queued decisions while the catalog is still open; what it decided
      // is in the outbox, so delivery may stop mid-pass and resume at the next start.
      await monitor.close();
      await delivery.close();
      await tsdb.close();
      await catalog.close();
    })();
    return closed;
  };
  baseUrl ||= `http://${shownHost}:${port}`;
  delivery.start();
  log(`saba: listening on http://${shownHost}:${port} (data in ${config.dataDir})`);
  return { url: `http://${shownHost}:${port}`, port, bootstrap: boot, catalog, tsdb, monitor, close };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { authenticateSender, createApi, errorBody, HostStateCache, KeyCache, sendJson } from '@saba/api';
import { type Catalog, openCatalog } from '@saba/catalog';
import { MackerelIngest, OtlpIngest, RemoteWriteIngest } from '@saba/ingest';
import { BadDataError, nowMs } from '@saba/model';
import type { AnomalySchedule, MonitorEngine, NotifyEvent, NotifyFunc } from '@saba/monitor';
import { evaluateExpr } from '@saba/query';
import { Tsdb } from '@saba/tsdb';
import { type Bootstrap, bootstrap } from './bootstrap.ts';
import type { ServerConfig } from './config.ts';
import { DeliveryService } from './delivery.ts';
import { startMonitoring } from './monitoring.ts';
import { NotificationBuilder } from './notification-builder.ts';
import { listenOtlpGrpc, type OtlpGrpcListener } from './otlp-grpc.ts';
import { promqlPort } from './promql-port.ts';
import { SelfMetrics } from './self-metrics.ts';
import { readTlsPair, type SecureListener, type TlsPair } from './tls.ts';
import { webFiles } from './web-files.ts';

/** A started server. */
export interface RunningServer {
  /** `http://host:port` as bound (port 0 picks a free one); `https://` with TLS. */
  readonly url: string;
  readonly port: number;
  /** `http://host:port` of the OTLP/gRPC receiver as bound (`https://` with TLS); undefined when it is not configured. */
  readonly otlpGrpcUrl: string | undefined;
  /** Reads the TLS files again for new connections (SIGHUP); throws, keeping the old pair, when they are bad. */
  reloadTls(): void;
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
  /** When anomaly models are trained (tests shorten it). */
  readonly anomaly?: AnomalySchedule;
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
/** Longer than the 60 s idle timeout of the load balancers in front of servers like this one. */
const HTTP_OPTIONS = { keepAliveTimeout: 65_000 };

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
    boot = await bootstrap(catalog, config.orgName, config.apiKey, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
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
      dataDir: config.dataDir,
      ...(options.anomaly !== undefined ? { anomaly: options.anomaly } : {}),
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
  // One key cache and one OTLP ingest (one ref cache) for OTLP over HTTP and over gRPC.
  const keys = new KeyCache(catalog);
  const otlp = new OtlpIngest(tsdb);
  const api = createApi(
    {
      catalog,
      storage: tsdb,
      ingest,
      remoteWrite: new RemoteWriteIngest(tsdb),
      otlp,
      hostStates: new HostStateCache(catalog),
      monitor,
      wakeDelivery: () => delivery.wake(),
      log,
      clock: nowMs,
      // Expression graphs read through the same source as expression monitors, so both see the same series.
      evaluateExpression: (org, expression, from, to) => {
        const source = monitor.deps.exprSource?.(org);
        if (source === undefined) throw new BadDataError('expressions cannot be evaluated by this server');
        return evaluateExpr(expression, { from, to, source });
      },
      promql: promqlPort(tsdb),
    },
    {
      observe: (route, status, seconds) => metrics.observeRequest(route, status, seconds),
      logError: (err, route) => log(`error in ${route}: ${(err as Error)?.stack ?? String(err)}`),
      // Behind a TLS proxy the request arrives as plain HTTP; the public URL says what the browser sees.
      secureCookies: config.tls !== undefined || config.publicUrl?.startsWith('https://') === true,
      keys,
    },
  );
  let closing = false;
  let inFlight = 0;
  // One function for every response, not a closure per request (see packages/api listener.ts).
  const requestClosed = (): void => {
    inFlight--;
  };
  // Every other GET is the web UI's: a file of its build, or its index.html for the UI's own routes.
  const web = webFiles(config.webDir);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    res.once('close', requestClosed);
    // While draining, tell keep-alive clients to reconnect elsewhere (or later).
    if (closing) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    // OTLP/HTTP's fixed path (senders append /v1/metrics to the endpoint they are given) is the API's too.
    if (path.startsWith('/api/') || path === '/v1/metrics') {
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
    if (req.method === 'GET' || req.method === 'HEAD') {
      web(req, res, path);
      return;
    }
    sendJson(res, 404, errorBody(`nothing at ${path}`));
  };
  // The engine finishes its queued decisions while the catalog is still open; what it decided
  // is in the outbox, so delivery may stop mid-pass and resume at the next start.
  const closeStorage = async (): Promise<void> => {
    await monitor.close();
    await delivery.close();
    await tsdb.close();
    await catalog.close();
  };
  let tls: TlsPair | undefined;
  let server: Server;
  try {
    tls = config.tls === undefined ? undefined : readTlsPair(config.tls);
    server =
      tls === undefined ? createServer(HTTP_OPTIONS, handler) : createHttpsServer({ ...HTTP_OPTIONS, ...tls }, handler);
  } catch (err) {
    await closeStorage();
    throw err;
  }
  let grpc: OtlpGrpcListener | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    if (config.otlpGrpcPort !== undefined) {
      grpc = await listenOtlpGrpc(
        config.host,
        config.otlpGrpcPort,
        {
          otlp,
          authenticate: (headers) => authenticateSender(keys, headers),
          log,
          observe: (method, code, seconds) => metrics.observeGrpcCall(method, code, seconds),
        },
        tls,
      );
    }
  } catch (err) {
    // A taken port must not leave the data directory locked.
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await closeStorage();
    throw err;
  }
  const reloadTls = (): void => {
    if (config.tls === undefined) throw new Error('TLS is not configured (SABA_TLS_CERT, SABA_TLS_KEY)');
    const pair = readTlsPair(config.tls);
    (server as Server & SecureListener).setSecureContext(pair);
    grpc?.setSecureContext(pair);
  };
  const port = (server.address() as AddressInfo).port;
  // A wildcard is reached on loopback; over TLS by the name certificates for it carry.
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const shownHost = wildcard ? (tls === undefined ? '127.0.0.1' : 'localhost') : config.host;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      // Both listeners drain at once, and both before storage closes.
      const grpcStopped = grpc?.close(DRAIN_TIMEOUT_MS);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        server.closeIdleConnections();
      }
      server.closeAllConnections();
      await stopped;
      await grpcStopped;
      await closeStorage();
    })();
    return closed;
  };
  const scheme = tls === undefined ? 'http' : 'https';
  const url = `${scheme}://${shownHost}:${port}`;
  baseUrl ||= url;
  delivery.start();
  log(`saba: listening on ${url} (data in ${config.dataDir})`);
  const otlpGrpcUrl = grpc === undefined ? undefined : `${scheme}://${shownHost}:${grpc.port}`;
  if (otlpGrpcUrl !== undefined) log(`saba: OTLP/gRPC metrics on ${otlpGrpcUrl}`);
  return { url, port, otlpGrpcUrl, bootstrap: boot, catalog, tsdb, monitor, close, reloadTls };
}

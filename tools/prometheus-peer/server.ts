import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to start one Prometheus. */
export interface PrometheusOptions {
  readonly storageDir: string;
  /** Extra command-line flags, e.g. `--web.enable-remote-write-receiver`. */
  readonly flags?: readonly string[];
  /** The binary; `/usr/bin/prometheus` (the Debian package) when absent. */
  readonly binary?: string;
  readonly readyTimeoutMs?: number;
  /** The configuration file's text for the address it listens on (`127.0.0.1:<port>`); no scrape targets when absent. */
  readonly config?: (listen: string) => string;
}

/** A running Prometheus on 127.0.0.1. */
export interface PrometheusServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly pid: number;
  /** Milliseconds from spawn until `/-/ready` first answered 200 (polled every 10 ms). */
  readonly readyMs: number;
  /** Everything it logged so far (it logs to stderr). */
  log(): string;
  /** Sends `signal` (SIGTERM: clean shutdown) and waits for the process to exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** The Prometheus binary of the Debian package (2.42). */
export const PROMETHEUS_BIN = '/usr/bin/prometheus';
/** The promtool binary of the same package. */
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** Whether both Prometheus binaries are installed and executable. */
export function prometheusInstalled(): boolean {
  try {
    accessSync(PROMETHEUS_BIN, constants.X_OK);
    accessSync(PROMTOOL_BIN, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Every child ever started, so that no Prometheus outlives this process, however it ends.
const children = new Set<ChildProcess>();
let cleanupRegistered = false;

function registerCleanup(): void {
  if (cleanupRegistered) return;
  cleanupRegistered = true;
  const killAll = (): void => {
    for (const c of children) c.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Kills `child` with SIGKILL if this process exits first, so that no harness child outlives it. */
export function killOnExit(child: ChildProcess): void {
  registerCleanup();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const addr = srv.address();
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  if (addr === null || typeof addr === 'string') throw new Error('no TCP address');
  return addr.port;
}

// No scrape targets: the only samples are the ones a harness imports or remote-writes.
const CONFIG = 'global:\n  scrape_interval: 1m\nscrape_configs: []\n';

/**
 * Starts Prometheus on a free loopback port with `opts.storageDir` and waits for `/-/ready`.
 * Retries twice with a new port if another process took the port between probe and bind.
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (e) {
      if (attempt >= 2 || !(e instanceof Error) || !e.message.includes('address already in use')) throw e;
    }
  }
}

async function startOnce(opts: PrometheusOptions): Promise<PrometheusServer> {
  const confDir = await mkdtemp(join(tmpdir(), 'saba-prom-conf-'));
  const confFile = join(confDir, 'prometheus.yml');
  const port = await freePort();
  await writeFile(confFile, opts.config?.(`127.0.0.1:${port}`) ?? CONFIG);
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--config.file=${confFile}`,
    `--storage.tsdb.path=${opts.storageDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(opts.flags ?? []),
  ];
  const t0 = performance.now();
  const child = spawn(opts.binary ?? PROMETHEUS_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    log += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    log += s;
  });
  const exited = new Promise<void>((resolve) => {
    const gone = (): void => {
      children.delete(child);
      resolve();
    };
    child.once('exit', gone);
    // A binary that cannot be spawned (ENOENT, EACCES) reports 'error' and may never 'exit'.
    child.once('error', (e) => {
      log += `spawn ${opts.binary ?? PROMETHEUS_BIN}: ${e.message}\n`;
      gone();
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    if (!done) {
      child.kill(signal);
      // A clean shutdown of a large head takes seconds; 60 s means it hangs.
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(confDir, { recursive: true, force: true });
  };
  try {
    const deadline = t0 + (opts.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (done) throw new Error(`prometheus exited before ready:\n${tail(log)}`);
      if (await isReady(url)) break;
      if (performance.now() > deadline) throw new Error(`prometheus not ready in time:\n${tail(log)}`);
      await sleep(10);
    }
  } catch (e) {
    await stop('SIGKILL');
    throw e;
  }
  const readyMs = performance.now() - t0;
  return { url, pid: child.pid ?? -1, readyMs, log: () => log, stop };
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ready`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

function tail(log: string): string {
  return log.split('\n').slice(-15).join('\n');
}

/**
 * The samples of Prometheus's own `/metrics`, keyed by the series text as exposed
 * (`prometheus_tsdb_head_series`, `go_memstats_heap_inuse_bytes`, `name{label="v"}`).
 */
export async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /metrics: ${res.status}`);
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    out.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return out;
}

/** One metric from `scrapeMetrics`, throwing when it is missing. */
export function metric(m: ReadonlyMap<string, number>, key: string): number {
  const v = m.get(key);
  if (v === undefined) throw new Error(`metric ${key} not exposed`);
  return v;
}

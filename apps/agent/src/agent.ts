// The running agent: the start-up sequence of spec §15.2, the loops of §15.3, the stop of §15.4.
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig } from '@saba/agent-config';
import type { GraphDefInput, HostInput, MackerelClient } from '@saba/client';
import { agentClient } from './api-client.ts';
import { Checker } from './checks/checker.ts';
import { type Clock, scaled, sleep } from './clock.ts';
import { detectCloud } from './cloud/detect.ts';
import { SystemCollector } from './collectors/system-collector.ts';
import { buildHostInput } from './host/host-input.ts';
import { confirmHost, FatalStartError, resolveHost } from './host/register.ts';
import type { Logger } from './log.ts';
import { runCheckLoops } from './loops/checks.ts';
import { CollectLoop } from './loops/collect.ts';
import { runMetadataLoops } from './loops/metadata.ts';
import { collectGraphDefs } from './plugins/graph-meta.ts';
import { CheckReporter } from './sender/check-reporter.ts';
import { DiskQueue } from './sender/disk-queue.ts';
import { MetricSender } from './sender/metric-sender.ts';
import { postOffsetSeconds } from './sender/post-offset.ts';
import { collectHostSpec } from './spec/host-spec.ts';

/** What to run and against what; `root` of the file system and cloud endpoints are test seams. */
export interface AgentOptions {
  readonly config: AgentConfig;
  readonly clock: Clock;
  readonly log: Logger;
  /** Directory standing for `/` when reading /proc and /sys. Default '/'. */
  readonly fsRoot?: string;
  readonly hostname?: string;
  readonly cloudEndpoints?: { ec2?: string; gce?: string; azure?: string };
  /** fsync the disk buffer (default true; tests turn it off for speed). */
  readonly fsync?: boolean;
  /** Aborts a start-up that is still waiting for the server. */
  readonly signal?: AbortSignal;
}

/** A started agent. */
export interface RunningAgent {
  readonly hostId: string;
  /** Stops the loops, queues and sends what it can (≤ 30 s), applies `on_stop` unless told not to. */
  stop(options?: { applyOnStop?: boolean }): Promise<void>;
}

/** Buffer directories under the agent's root. */
export function bufferDir(root: string, kind: 'metrics' | 'checks'): string {
  return join(root, 'buffer', kind);
}

/** Runs the start-up sequence and starts every loop. Rejects with FatalStartError when it cannot start. */
export async function startAgent(o: AgentOptions): Promise<RunningAgent> {
  const { config, clock, log } = o;
  const fsRoot = o.fsRoot ?? '/';
  const client = agentClient(config);
  const controller = new AbortController();
  const signal = controller.signal;
  o.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const drop = (kind: string) => (e: { name: string }, why: string) =>
    log.warn('buffer', `dropping ${kind} ${e.name}: ${why}`);
  const metricQueue = await DiskQueue.open(bufferDir(config.root, 'metrics'), limits(config), {
    fsync: o.fsync ?? true,
    onDrop: drop('metrics'),
  });
  // Reports older than 6 h are ignored by the server (spec §6), so they are not kept longer.
  const checkLimits = {
    maxAgeSeconds: Math.min(config.buffer.maxAgeSeconds, 6 * 3600),
    maxBytes: config.buffer.maxBytes,
  };
  const checkQueue = await DiskQueue.open(bufferDir(config.root, 'checks'), checkLimits, {
    fsync: o.fsync ?? true,
    onDrop: drop('checks'),
  });

  const hostInput = async (): Promise<HostInput> => {
    const [spec, cloud] = await Promise.all([
      collectHostSpec({
        root: fsRoot,
        ...(config.interfaces.ignore ? { interfacesIgnore: config.interfaces.ignore } : {}),
      }),
      detectCloud({
        platform: config.cloudPlatform,
        root: fsRoot,
        ...(o.cloudEndpoints ? { endpoints: o.cloudEndpoints } : {}),
      }),
    ]);
    return buildHostInput(o.hostname ?? osHostname(), config, spec, cloud);
  };
  const regDeps = { client, root: config.root, clock, log, signal };
  const firstInput = await hostInput();
  const identity = await resolveHost(regDeps, firstInput, config.hostStatus.onStart);
  const hostId = identity.hostId;
  const offset = postOffsetSeconds(hostId);

  const identifiers = new CustomIdentifiers(client, log);
  await identifiers.resolve([...config.metricPlugins, ...config.checkPlugins].flatMap((p) => p.customIdentifier ?? []));

  const sender = new MetricSender(metricQueue, (v) => client.postHostMetrics(v), clock, log, offset);
  const reporter = new CheckReporter(
    checkQueue,
    (r) => client.postCheckReports(r),
    clock,
    log,
    config.checkPlugins.length,
  );
  const collect = new CollectLoop({
    clock,
    log,
    collector: new SystemCollector({
      root: fsRoot,
      filesystems: config.filesystems,
      disks: config.disks,
      interfaces: config.interfaces,
    }),
    plugins: config.metricPlugins,
    diagnostic: config.diagnostic,
    hostId,
    hostIdOf: (ci) => identifiers.get(ci),
    enqueue: (t, v) => sender.enqueue(t, v),
  });
  const initialDelay = scaled(clock, offset / 2);
  const checkers = config.checkPlugins.map((c) => new Checker(c, undefined, (line) => log.debug('checks', line)));
  const senderSignal = new AbortController();
  const logFailure = (e: Error): void =>
    log.error('agent', e instanceof FatalStartError ? e.message : `loop failed: ${e.stack ?? e.message}`);
  const senders = [sender.run(senderSignal.signal), reporter.run(senderSignal.signal)].map((t) => t.catch(logFailure));
  const loops = [
    collect.run(signal),
    runCheckLoops(
      checkers,
      { clock, log, hostId, hostIdOf: (ci) => identifiers.get(ci), report: (r, urgent) => reporter.enqueue(r, urgent) },
      initialDelay,
      signal,
    ),
    runMetadataLoops(
      config.metadataPlugins,
      {
        clock,
        log,
        put: (ns, v) => client.putHostMetadata(hostId, ns, v),
        cacheDir: join(config.root, 'metadata', hostId),
      },
      initialDelay,
      signal,
    ),
    (async () => {
      // A host started offline confirms itself (and applies on_start) once the server answers.
      if (identity.host === undefined)
        await confirmHost(regDeps, hostId, firstInput, config.hostStatus.onStart, Number.POSITIVE_INFINITY);
      await updateSpecHourly(client, hostId, hostInput, firstInput, clock, log, signal);
    })(),
    postGraphDefs(client, config, clock, log, initialDelay, signal),
  ].map((t) => t.catch(logFailure));

  log.info('agent', `started as host ${hostId}, posting at second ${offset} of each minute`);
  return {
    hostId,
    async stop({ applyOnStop = true } = {}) {
      controller.abort();
      // A plugin still running holds its loop until its own timeout; the stop does not wait for it.
      // Check actions run in the background, as in the official agent; they get the same grace.
      await Promise.race([Promise.all([...loops, ...checkers.map((c) => c.idle())]), sleep(5000)]);
      await collect.finish();
      senderSignal.abort();
      await Promise.all(senders);
      // The official agent flushes for up to 30 s before exiting; what is left stays on disk.
      const deadline = clock.nowMs() + 20_000;
      await sender.flush(deadline);
      // A large backlog of reports paces itself (15 s between chunks); what is left stays on disk.
      await reporter.sendAll(AbortSignal.timeout(Math.max(0, deadline - clock.nowMs())));
      if (applyOnStop && config.hostStatus.onStop !== undefined) {
        await client
          .updateHostStatus(hostId, config.hostStatus.onStop)
          .catch((e: Error) => log.error('agent', `on_stop status: ${e.message}`));
      }
      client.transport.close();
    },
  };
}

function limits(config: AgentConfig): { maxAgeSeconds: number; maxBytes: number } {
  return { maxAgeSeconds: config.buffer.maxAgeSeconds, maxBytes: config.buffer.maxBytes };
}

/** PUT /hosts/<id> at start and every hour (spec §15.3); the first one reuses the start-up input. */
async function updateSpecHourly(
  client: MackerelClient,
  hostId: string,
  next: () => Promise<HostInput>,
  first: HostInput,
  clock: Clock,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  let input: HostInput | undefined = first;
  while (!signal.aborted) {
    try {
      await client.updateHost(hostId, input ?? (await next()));
      input = undefined;
      await sleep(60 * clock.minuteMs, signal);
    } catch (e) {
      log.warn('spec', `updating the host spec failed (will retry): ${(e as Error).message}`);
      await sleep(clock.minuteMs, signal);
    }
  }
}

/** Posts the plugins' graph definitions once per start, after the initial delay; retried each minute until accepted. */
async function postGraphDefs(
  client: MackerelClient,
  config: AgentConfig,
  clock: Clock,
  log: Logger,
  delayMs: number,
  signal: AbortSignal,
): Promise<void> {
  await sleep(delayMs, signal);
  if (signal.aborted) return;
  const defs: GraphDefInput[] = await collectGraphDefs(config.metricPlugins, (line) => log.debug('graph-defs', line));
  if (config.diagnostic) defs.push(...DIAGNOSTIC_GRAPHS);
  if (defs.length === 0) return;
  while (!signal.aborted) {
    try {
      await client.createGraphDefs(defs);
      return;
    } catch (e) {
      log.warn('graph-defs', `posting graph definitions failed: ${(e as Error).message}`);
      await sleep(clock.minuteMs, signal);
    }
  }
}

/** The graphs of diagnostic mode's `custom.agent.*` metrics (spec §18.3). */
const DIAGNOSTIC_GRAPHS: GraphDefInput[] = [
  {
    name: 'custom.agent.memory',
    displayName: 'Agent Memory',
    unit: 'bytes',
    metrics: ['alloc', 'sys', 'heapAlloc', 'heapSys'].map((m) => ({
      name: `custom.agent.memory.${m}`,
      displayName: m,
      isStacked: false,
    })),
  },
  {
    name: 'custom.agent.runtime',
    displayName: 'Agent Runtime',
    unit: 'integer',
    metrics: [{ name: 'custom.agent.runtime.goroutine_num', displayName: 'goroutine_num', isStacked: false }],
  },
];

/** Host ids of the plugins' custom identifiers (spec §15.2 step 7); unknown ones drop their data. */
class CustomIdentifiers {
  readonly #ids = new Map<string, string | null>();
  readonly #looking = new Set<string>();
  constructor(
    readonly client: MackerelClient,
    readonly log: Logger,
  ) {}

  /** Looks each identifier up; a failed lookup is retried on the next `get`. */
  async resolve(identifiers: readonly string[]): Promise<void> {
    for (const ci of new Set(identifiers)) {
      if (this.#ids.has(ci) || this.#looking.has(ci)) continue;
      this.#looking.add(ci);
      try {
        const host = (await this.client.findHostsByCustomIdentifier(ci))[0];
        this.#ids.set(ci, host?.id ?? null);
        if (host === undefined) this.log.warn('agent', `no host has custom identifier ${ci}; its values are dropped`);
      } catch (e) {
        this.log.warn('agent', `looking up custom identifier ${ci} failed: ${(e as Error).message}`);
      } finally {
        this.#looking.delete(ci);
      }
    }
  }

  /** The host id for `ci`, or undefined (unknown, or not looked up yet; a lookup then starts). */
  get(ci: string): string | undefined {
    const id = this.#ids.get(ci);
    if (id === undefined) void this.resolve([ci]);
    return id ?? undefined;
  }
}

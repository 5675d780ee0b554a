// Part 4 of the monitor benchmark (issue 6): the delay from a metric post to the webhook that
// announces the alert event it caused, through a real server child and a webhook channel made
// over the API, at part 2's load: 1,000 hosts, each post flipping one alert (1,000 events a
// minute). One server run has three phases: the cold pass (warm-up), a steady phase with the
// sink answering 200, and an outage phase whose first `outageS` seconds the sink answers 503, so
// deliveries are retried. Delay = the moment the sink had the webhook − the moment the POST that
// caused the event was sent, on one clock (epochMs). Events are counted by idempotency key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ClockWindow, monotonicUs } from '../../../../tools/loadgen/cpu-profile.ts';
import { openLoop } from '../../../../tools/loadgen/drive.ts';
import { KeepAliveClient } from '../../../../tools/loadgen/keep-alive-client.ts';
import { LatencyRecorder, type LatencySummary } from '../../../../tools/loadgen/latency.ts';
import { type CpuWindow, startCpuWindow } from '../../../../tools/loadgen/process-cpu.ts';
import { type FleetShape, flipValue, hostBatch } from './fleet.ts';
import { buildOnTmpfs } from './fleet-catalog.ts';
import { epochMs, startSabaChild } from './saba-child.ts';
import { type SinkRequest, startWebhookSink } from './webhook-sink.ts';

/** How part 4 runs. */
export interface WebhookOptions {
  /** The fleet; `flip` should be on, so that every post changes one alert. */
  readonly shape: FleetShape;
  /** The cold pass (every host once, every series judged cold) is sent over this many seconds. */
  readonly coldPassS: number;
  /** Minutes of posts in each of the steady and the outage phase, every host once a minute. */
  readonly minutes: number;
  /** The sink answers 503 for this many seconds from the outage phase's first post. */
  readonly outageS: number;
  /** Node flags for the server child (`--cpu-prof`, to see where the steady phase's CPU went). */
  readonly serverNodeArgs?: readonly string[];
}

/** What one phase's posts caused. */
export interface PhaseFigures {
  /** Post → webhook arrival (a key's first 200), every event the phase's posts caused. */
  readonly delivery: LatencySummary | undefined;
  /** Of those, the flip monitor's alone (one per post). */
  readonly flip: LatencySummary | undefined;
  /** Post → the server's log line for the event: the engine's share. */
  readonly engine: LatencySummary | undefined;
  /** Log line → webhook arrival: the outbox, dispatch and send. */
  readonly hop: LatencySummary | undefined;
  /** Events the server logged for the phase's posts. */
  readonly events: number;
  /** Of those, the ones whose webhook arrived (matched by alert and status). */
  readonly delivered: number;
  /** The phase's last post and last arrival (epoch ms). */
  readonly lastPostMs: number;
  readonly lastArrivalMs: number;
  /** POST /api/v0/tsdb latency from each post's planned start (open loop). */
  readonly post: LatencySummary;
  /** The server's CPU from the phase's first post until its webhooks had all arrived. */
  readonly cpu: CpuWindow;
}

/** Everything part 4 measured. */
export interface WebhookResult {
  readonly cold: PhaseFigures;
  readonly steady: PhaseFigures;
  readonly outage: PhaseFigures;
  /** How long the sink answered 503, and when it answered 200 again (epoch ms). */
  readonly outageS: number;
  readonly recoveredAtMs: number;
  /** 503 answers the sink gave, and the keys that got at least one. */
  readonly refused: number;
  readonly refusedKeys: number;
  /** Of those keys, the ones answered 200 by the end. */
  readonly refusedThenDelivered: number;
  /** Webhooks answered 200 in the first second after the sink came back (the backlog going out). */
  readonly recoveryBurst: number;
  /** Refused keys that arrived more than 5 s after the sink came back: waiting on a retry's time. */
  readonly waitedForRetry: number;
  /** 200 answers for a key already answered 200 (a repeat: should be none without a kill). */
  readonly repeats: number;
  /** Webhooks without the idempotency header, or whose cause post was not found (should be none). */
  readonly unmatched: number;
  readonly postsPerPhase: number;
  readonly connections: number;
  /** The server child's pid (it names its profiles) and the steady phase on the monotonic clock. */
  readonly serverPid: number;
  readonly steadyWindow: ClockWindow;
}

// As part 2: 100 keep-alive connections, 10 hosts to each.
const CONNECTIONS = 100;
const API_KEY = 'bench-webhook-key-0123456789';
const EVENT = /^alert (?:open|change|close|renotify): \w+ monitor "(.*)" (\S+) (\S+) \(alert (\S+)\)$/;
/** Slack on `statusChangedAt` (whole seconds of the server's Date.now) against epochMs. */
const CLOCK_SLACK_MS = 50;
/** How long a phase may take to have every webhook after its last post (retries: 10 s, then 30 s). */
const SETTLE_LIMIT_MS = 180_000;

/** A post: when it was sent (epoch ms) and its pass (0 is the cold pass). */
interface Cause {
  readonly sentMs: number;
  readonly pass: number;
}

interface Logged {
  readonly atMs: number;
  readonly cause: Cause;
}

interface Arrival {
  readonly atMs: number;
  readonly alertKey: string;
  readonly cause: Cause;
  readonly flip: boolean;
}

/** Runs part 4 and stops the server child and the sink. */
export async function runWebhook(o: WebhookOptions): Promise<WebhookResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saba-monitor-webhook-'));
  try {
    const fleet = await buildOnTmpfs(join(dir, 'catalog.sqlite'), o.shape, 'default');
    const hosts = fleet.hostIds.length;
    const hostOf = new Map(fleet.hostIds.map((id, h) => [id as string, h]));
    const sent: Cause[][] = fleet.hostIds.map(() => []);
    // The host's latest post sent before `limitMs`; a host posts once a minute, so it is the cause.
    const causeBefore = (host: string | undefined, limitMs: number): Cause | undefined => {
      const list = host === undefined ? undefined : sent[hostOf.get(host) ?? -1];
      for (let i = (list?.length ?? 0) - 1; i >= 0; i--) {
        const c = list?.[i] as Cause;
        if (c.sentMs < limitMs) return c;
      }
      return undefined;
    };
    // Per alert and status ("<alertId> CRITICAL"), the log lines not yet matched to a webhook.
    const logged = new Map<string, Logged[]>();
    let loggedCount = 0;
    let flipsLogged = 0;
    let unmatched = 0;
    const onLine = (line: string, atMs: number): void => {
      const m = EVENT.exec(line);
      if (m === null) return;
      const cause = causeBefore(m[2], atMs);
      if (cause === undefined) {
        unmatched++;
        return;
      }
      loggedCount++;
      if (m[1] === 'flip') flipsLogged++;
      const k = `${m[4]} ${m[3]}`;
      const list = logged.get(k);
      if (list === undefined) logged.set(k, [{ atMs, cause }]);
      else list.push({ atMs, cause });
    };
    const arrivals = new Map<string, Arrival>();
    const refusedKeys = new Set<string>();
    let refused = 0;
    let repeats = 0;
    const onRequest = (r: SinkRequest): void => {
      if (r.status === 503) {
        refused++;
        refusedKeys.add(r.key);
        return;
      }
      if (arrivals.has(r.key)) {
        repeats++;
        return;
      }
      let p: {
        host?: { id: string };
        alert?: { id: string; status: string; statusChangedAt: number; monitorName: string };
      };
      try {
        p = JSON.parse(r.body);
      } catch {
        p = {};
      }
      // The event's second on the server's clock finds its post: the payload carries no post time.
      const cause = p.alert && causeBefore(p.host?.id, (p.alert.statusChangedAt + 1) * 1000 + CLOCK_SLACK_MS);
      if (r.key === '' || p.alert === undefined || cause === undefined) {
        unmatched++;
        return;
      }
      const alertKey = `${p.alert.id} ${p.alert.status.toUpperCase()}`;
      arrivals.set(r.key, { atMs: r.atMs, alertKey, cause, flip: p.alert.monitorName === 'flip' });
    };
    const sink = await startWebhookSink(onRequest);
    const server = await startSabaChild(dir, API_KEY, onLine, o.serverNodeArgs);
    const client = new KeepAliveClient(server.url, CONNECTIONS, {
      'x-api-key': API_KEY,
      'content-type': 'application/json',
    });
    try {
      // Through the API, as a user would: the channel joins the default notification group.
      await client.ok('POST', '/api/v0/channels', JSON.stringify({ type: 'webhook', name: 'bench', url: sink.url }));
      let lastSentMs = 0;
      const send = async (h: number, pass: number): Promise<void> => {
        const body = hostBatch(o.shape, fleet.hostIds[h] as string, h, pass, Math.floor(Date.now() / 1000));
        lastSentMs = epochMs();
        (sent[h] as Cause[]).push({ sentMs: lastSentMs, pass });
        await client.ok('POST', '/api/v0/tsdb', body);
      };
      // Flip events up to `pass`: the cold pass opens one for every host posting high, then every post flips.
      const flipsUpTo = (pass: number): number => {
        let n = 0;
        for (let h = 0; h < hosts; h++) if (flipValue(h, 0) > 0) n++;
        return n + hosts * pass;
      };
      // Waits until the flips up to `pass` are logged and every logged event's webhook has arrived.
      const settle = async (pass: number): Promise<void> => {
        const deadline = Date.now() + SETTLE_LIMIT_MS;
        const done = () => flipsLogged >= flipsUpTo(pass) && arrivals.size >= loggedCount;
        while (!done() && Date.now() < deadline) await sleep(50);
        // Stragglers of the other monitors' averages.
        await sleep(1_000);
        while (!done() && Date.now() < deadline) await sleep(50);
      };
      const phase = async (first: number, count: number, intervalMs: number, lastPass: number) => {
        const end = startCpuWindow(server.pid);
        const post = await openLoop(count, intervalMs, (i) => send(i % hosts, first + Math.floor(i / hosts)));
        await settle(lastPass);
        return { post: post.latency.summary(), cpu: end(), lastPostMs: lastSentMs };
      };
      const cold = await phase(0, hosts, (o.coldPassS * 1000) / hosts, 0);
      const fromUs = monotonicUs();
      const steady = await phase(1, hosts * o.minutes, 60_000 / hosts, o.minutes);
      const steadyWindow = { fromUs, toUs: monotonicUs() };
      const recoveredAtMs = epochMs() + o.outageS * 1000;
      sink.failUntil(recoveredAtMs);
      const outage = await phase(1 + o.minutes, hosts * o.minutes, 60_000 / hosts, 2 * o.minutes);
      const phaseOf = (pass: number) => (pass === 0 ? 0 : pass <= o.minutes ? 1 : 2);
      // Counted before matching, which takes the matched lines out of `logged`.
      const events = [0, 0, 0];
      for (const l of [...logged.values()].flat()) {
        const i = phaseOf(l.cause.pass);
        events[i] = (events[i] ?? 0) + 1;
      }
      const figures = [cold, steady, outage].map((p, i) =>
        phaseFigures(
          [...arrivals.values()].filter((a) => phaseOf(a.cause.pass) === i),
          events[i] as number,
          logged,
          p,
        ),
      ) as [PhaseFigures, PhaseFigures, PhaseFigures];
      return {
        cold: figures[0],
        steady: figures[1],
        outage: figures[2],
        outageS: o.outageS,
        recoveredAtMs,
        refused,
        refusedKeys: refusedKeys.size,
        refusedThenDelivered: [...refusedKeys].filter((k) => arrivals.has(k)).length,
        recoveryBurst: [...arrivals.values()].filter((a) => a.atMs >= recoveredAtMs && a.atMs < recoveredAtMs + 1000)
          .length,
        waitedForRetry: [...refusedKeys].filter((k) => (arrivals.get(k)?.atMs ?? 0) > recoveredAtMs + 5000).length,
        repeats,
        unmatched,
        postsPerPhase: hosts * o.minutes,
        connections: CONNECTIONS,
        serverPid: server.pid,
        steadyWindow,
      };
    } finally {
      client.close();
      await server.stop();
      await sink.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One phase's figures from its arrivals; matching an arrival to its log line (by alert and
 * status, unique per event here) takes the line out of `logged`.
 */
function phaseFigures(
  arrivals: readonly Arrival[],
  events: number,
  logged: Map<string, Logged[]>,
  p: { post: LatencySummary; cpu: CpuWindow; lastPostMs: number },
): PhaseFigures {
  const delivery = new LatencyRecorder();
  const flip = new LatencyRecorder();
  const engine = new LatencyRecorder();
  const hop = new LatencyRecorder();
  let delivered = 0;
  let lastArrivalMs = 0;
  for (const a of arrivals) {
    delivery.record(a.atMs - a.cause.sentMs);
    if (a.flip) flip.record(a.atMs - a.cause.sentMs);
    lastArrivalMs = Math.max(lastArrivalMs, a.atMs);
    const line = logged.get(a.alertKey)?.shift();
    if (line === undefined) continue;
    delivered++;
    engine.record(line.atMs - a.cause.sentMs);
    hop.record(a.atMs - line.atMs);
  }
  const summary = (r: LatencyRecorder) => (r.count > 0 ? r.summary() : undefined);
  return {
    delivery: summary(delivery),
    flip: summary(flip),
    engine: summary(engine),
    hop: summary(hop),
    events,
    delivered,
    lastPostMs: p.lastPostMs,
    lastArrivalMs,
    post: p.post,
    cpu: p.cpu,
  };
}

// Part 2 of the monitor benchmark: the delay from a metric post to the alert event, through a
// real server child over HTTP. The child's catalog is prepared with the fleet plus one
// monitor that flips on every post; its 1,000 hosts post agent batches spread evenly over each
// minute (open loop, tools/loadgen). Delay = the moment the server's line for the event arrived
// here − the moment the POST that caused it was sent, on one clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLoop } from '../../../../tools/loadgen/drive.ts';
import { KeepAliveClient } from '../../../../tools/loadgen/keep-alive-client.ts';
import { LatencyRecorder, type LatencySummary } from '../../../../tools/loadgen/latency.ts';
import { type CpuWindow, startCpuWindow } from '../../../../tools/loadgen/process-cpu.ts';
import { type FleetShape, flipValue, hostBatch } from './fleet.ts';
import { buildOnTmpfs } from './fleet-catalog.ts';
import { epochMs, startSabaChild } from './saba-child.ts';

/** How part 2 runs. */
export interface DelayOptions {
  /** The fleet; `flip` should be on, so that every post changes one alert. */
  readonly shape: FleetShape;
  /** The first pass (every host once, every series judged cold) is sent over this many seconds. */
  readonly coldPassS: number;
  /** Measured minutes, each host posting once a minute at its own offset. */
  readonly minutes: number;
}

/** Everything part 2 measured. */
export interface DelayResult {
  /** Delays of events caused by posts of the measured minutes. */
  readonly measured: LatencySummary;
  /** Of those, the flip monitor's alone (one per post). */
  readonly flip: LatencySummary;
  /** Delays of events caused by the cold pass (first judgement of every series). */
  readonly cold: LatencySummary | undefined;
  readonly eventsByKind: ReadonlyMap<string, number>;
  /** Events that named a host this run never posted for (should be none). */
  readonly unmatched: number;
  /** POST latency, from each post's planned start (open loop). */
  readonly post: LatencySummary;
  /** The server's CPU over the measured minutes. */
  readonly cpu: CpuWindow;
  readonly posts: number;
  readonly connections: number;
}

// 100 keep-alive connections, as in the server bench: 10 hosts share one, as behind a proxy.
const CONNECTIONS = 100;
const API_KEY = 'bench-monitor-key-0123456789';
const EVENT = /^alert (open|change|close|renotify): host monitor "([^"]*)" (\S+) /;

/** Runs part 2 and stops the server child. */
export async function runDelay(o: DelayOptions): Promise<DelayResult> {
  const dir = mkdtempSync(join(tmpdir(), 'saba-monitor-delay-'));
  try {
    const fleet = await buildOnTmpfs(join(dir, 'catalog.sqlite'), o.shape, 'default');
    const hostOf = new Map(fleet.hostIds.map((id, h) => [id as string, h]));
    // Per host, what it sent: [sent at (epoch ms), pass]; pass 0 is the cold pass.
    const sent: [number, number][][] = fleet.hostIds.map(() => []);
    const measured = new LatencyRecorder();
    const flip = new LatencyRecorder();
    const cold = new LatencyRecorder();
    const eventsByKind = new Map<string, number>();
    let unmatched = 0;
    let flipsSeen = 0;
    const onLine = (line: string, at: number): void => {
      const m = EVENT.exec(line);
      if (m === null) return;
      const h = hostOf.get(m[3] as string);
      const list = h === undefined ? undefined : sent[h];
      // The post that caused it is the host's latest one sent before the event arrived.
      let cause: [number, number] | undefined;
      for (const s of list ?? []) if (s[0] <= at) cause = s;
      if (cause === undefined) {
        unmatched++;
        return;
      }
      const delay = at - cause[0];
      if (m[2] === 'flip') flipsSeen++;
      if (cause[1] === 0) {
        cold.record(delay);
        return;
      }
      measured.record(delay);
      if (m[2] === 'flip') flip.record(delay);
      eventsByKind.set(m[1] as string, (eventsByKind.get(m[1] as string) ?? 0) + 1);
    };
    const server = await startSabaChild(dir, API_KEY, onLine);
    const client = new KeepAliveClient(server.url, CONNECTIONS, {
      'x-api-key': API_KEY,
      'content-type': 'application/json',
    });
    try {
      const hosts = fleet.hostIds.length;
      const send = async (h: number, pass: number): Promise<void> => {
        const body = hostBatch(o.shape, fleet.hostIds[h] as string, h, pass, Math.floor(Date.now() / 1000));
        (sent[h] as [number, number][]).push([epochMs(), pass]);
        await client.ok('POST', '/api/v0/tsdb', body);
      };
      // Flip events each pass causes: one per host whose flip value is high, or that was high before.
      const flipsUpTo = (pass: number): number => {
        let n = 0;
        for (let h = 0; h < hosts; h++) {
          for (let p = 0; p <= pass; p++) if (flipValue(h, p) > 0 || p > 0) n++;
        }
        return n;
      };
      const settle = async (pass: number): Promise<void> => {
        const want = flipsUpTo(pass);
        const deadline = Date.now() + 120_000;
        while (flipsSeen < want && Date.now() < deadline) await sleep(50);
        await sleep(1_000);
      };
      await openLoop(hosts, (o.coldPassS * 1000) / hosts, (i) => send(i, 0));
      // The cold pass's judgements finish before the measured minutes start.
      await settle(0);
      const end = startCpuWindow(server.pid);
      const post = await openLoop(hosts * o.minutes, 60_000 / hosts, (i) => send(i % hosts, 1 + Math.floor(i / hosts)));
      await settle(o.minutes);
      const cpu = end();
      return {
        measured: measured.summary(),
        flip: flip.summary(),
        cold: cold.count > 0 ? cold.summary() : undefined,
        eventsByKind,
        unmatched,
        post: post.latency.summary(),
        cpu,
        posts: hosts * o.minutes,
        connections: CONNECTIONS,
      };
    } finally {
      client.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The metric collection loop: a tick at start, then at second 0 of every minute (spec §15.3).
//
// The official agent samples CPU, disk and interface counters at tick T and again at T+60 s and
// posts them, with the gauges and plugin values read at T, all stamped T. Here each tick takes
// one sample, and the batch of the previous tick is completed with the rates of the interval
// that started at it: the same values and times, with half the /proc reads and no sleeping
// collector per minute.

import type { MetricPluginConfig } from '@saba/agent-config';
import type { HostMetricValue } from '@saba/client';
import { type Clock, sleep } from '../clock.ts';
import type { SystemCollector } from '../collectors/system-collector.ts';
import type { Logger } from '../log.ts';
import { collectPlugin, type PluginValue } from '../plugins/metric-plugin.ts';

/** Where values go and which host they belong to. */
export interface CollectDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly collector: SystemCollector;
  readonly plugins: readonly MetricPluginConfig[];
  readonly diagnostic: boolean;
  readonly hostId: string;
  /** Host id of a plugin's custom identifier; undefined when unknown (its values are dropped). */
  readonly hostIdOf: (customIdentifier: string) => string | undefined;
  /** Queues one batch of values stamped `timeSec`. */
  readonly enqueue: (timeSec: number, values: HostMetricValue[]) => Promise<void>;
}

/** A tick whose gauges and plugin values wait for the rates of the interval it started. */
interface PendingTick {
  readonly timeSec: number;
  readonly gauges: Record<string, number>;
  readonly plugins: Promise<HostMetricValue[]>;
}

/** Runs collection ticks until `signal` aborts, then completes and queues the last batch. */
export class CollectLoop {
  readonly #deps: CollectDeps;
  #pending: PendingTick | undefined;

  constructor(deps: CollectDeps) {
    this.#deps = deps;
  }

  /** Ticks now and then at every minute boundary until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const { clock } = this.#deps;
    while (!signal.aborted) {
      await this.tick(clock.nowMs());
      await sleep(clock.minuteMs - (clock.nowMs() % clock.minuteMs), signal);
    }
  }

  /** Takes one sample at `nowMs` and queues the batch of the previous tick. */
  async tick(nowMs: number): Promise<void> {
    const { collector, log } = this.#deps;
    let sample: Awaited<ReturnType<SystemCollector['sample']>>;
    try {
      sample = await collector.sample(nowMs);
    } catch (e) {
      log.error('metrics', `collecting system metrics failed: ${(e as Error).message}`);
      return;
    }
    const timeSec = Math.floor(nowMs / 1000);
    const gauges = { ...sample.gauges, ...(this.#deps.diagnostic ? diagnosticValues() : {}) };
    const previous = this.#pending;
    this.#pending = { timeSec, gauges, plugins: this.#runPlugins(timeSec) };
    if (previous !== undefined) await this.#complete(previous, sample.rates ?? {});
  }

  /** On stop: samples once more so the last tick's batch is queued with the rates so far. */
  async finish(): Promise<void> {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    let rates: Record<string, number> = {};
    try {
      rates = (await this.#deps.collector.sample(this.#deps.clock.nowMs())).rates ?? {};
    } catch {
      // the gauges and plugin values are still worth queuing
    }
    await this.#complete(pending, rates);
  }

  async #complete(tick: PendingTick, rates: Record<string, number>): Promise<void> {
    const { hostId } = this.#deps;
    const values: HostMetricValue[] = [];
    for (const source of [tick.gauges, rates]) {
      for (const name in source) {
        const value = source[name] as number;
        // NaN and ±Inf are never sent (the official agent drops them too); JSON cannot carry them.
        if (Number.isFinite(value)) values.push({ hostId, name, time: tick.timeSec, value });
      }
    }
    for (const v of await tick.plugins) values.push(v);
    await this.#deps.enqueue(tick.timeSec, values);
  }

  async #runPlugins(timeSec: number): Promise<HostMetricValue[]> {
    const { plugins, log, hostId, hostIdOf } = this.#deps;
    const runs = plugins.map(async (p) => {
      const target = p.customIdentifier === undefined ? hostId : hostIdOf(p.customIdentifier);
      if (target === undefined) return [];
      let values: PluginValue[];
      try {
        values = await collectPlugin(p, timeSec, (line) => log.debug(`plugin ${p.name}`, line));
      } catch (e) {
        log.warn('metrics', `plugin ${p.name} failed: ${(e as Error).message}`);
        return [];
      }
      return values.map((v) => ({ hostId: target, name: v.name, time: v.time ?? timeSec, value: v.value }));
    });
    return (await Promise.all(runs)).flat();
  }
}

/** `custom.agent.*` of diagnostic mode (spec §18.3), from Node's counterparts of Go's figures. */
function diagnosticValues(): Record<string, number> {
  const m = process.memoryUsage();
  return {
    'custom.agent.memory.alloc': m.heapUsed,
    'custom.agent.memory.sys': m.rss,
    'custom.agent.memory.heapAlloc': m.heapUsed,
    'custom.agent.memory.heapSys': m.heapTotal,
    // Go's goroutine count has no twin in Node; the live handles and requests are the nearest.
    'custom.agent.runtime.goroutine_num': process.getActiveResourcesInfo().length,
  };
}

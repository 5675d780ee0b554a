// Part 3 of the monitor benchmark: Prometheus 2.42 (Debian) evaluating the same kind of work.
// It scrapes the fleet's values from an HTTP endpoint served here (text format, one scrape a
// second, each scrape a new "minute" of the same breach pattern) and evaluates one rule group
// of one alerting rule per metric, each over that metric's series on every host, every second.
// Its own metrics say how long each evaluation took.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processCpu } from '../../../../tools/loadgen/process-cpu.ts';
import { freePort, killOnExit, PROMETHEUS_BIN, scrapeMetrics } from '../../../../tools/prometheus-peer/server.ts';
import {
  attemptsOf,
  durationOf,
  type FleetShape,
  hostName,
  METRIC_NAMES,
  promName,
  valueAt,
  WARNING,
} from './fleet.ts';

/** Everything part 3 measured. */
export interface PrometheusRulesResult {
  readonly version: string;
  readonly series: number;
  readonly rules: number;
  /** Rule group evaluations in the window. */
  readonly evaluations: number;
  /** Mean of one group evaluation over the window (prometheus_rule_group_duration_seconds sum/count). */
  readonly groupMeanMs: number;
  /** prometheus_rule_group_last_duration_seconds, read once a second over the window. */
  readonly lastDurationsMs: readonly number[];
  /** The group duration summary's quantiles at the end (Prometheus's own window). */
  readonly groupQuantilesMs: ReadonlyMap<string, number>;
  /** Mean of one rule's evaluation (prometheus_rule_evaluation_duration_seconds sum/count). */
  readonly ruleMeanMs: number;
  readonly firing: number;
  readonly pending: number;
  /** Prometheus's CPU over the window, every thread: scraping and storing 20k samples/s included. */
  readonly cpuS: number;
  readonly windowS: number;
}

/** The rule file: rule k judges metric k on every host, as the Saba monitor on metric k does. */
export function ruleFile(shape: FleetShape): string {
  const lines = ['groups:', '  - name: bench', '    interval: 1s', '    rules:'];
  for (let k = 0; k < shape.metrics; k++) {
    const name = promName(METRIC_NAMES[k] as string);
    const d = durationOf(k);
    // Saba averages the newest d points; at one scrape a second that is the last d seconds.
    const value = d === 1 ? name : `avg_over_time(${name}[${d * 1000 - 500}ms])`;
    lines.push(`      - alert: m${k}`, `        expr: ${value} > ${WARNING}`);
    // maxCheckAttempts 3: bad on three evaluations in a row, i.e. for 2 s at one a second.
    const attempts = attemptsOf(0, k);
    if (attempts > 1) lines.push(`        for: ${attempts - 1}s`);
  }
  return `${lines.join('\n')}\n`;
}

/** The scrape page for scrape number `tick`: every metric of every host. */
function exposition(shape: FleetShape, tick: number): string {
  const parts: string[] = [];
  for (let k = 0; k < shape.metrics; k++) {
    const name = promName(METRIC_NAMES[k] as string);
    parts.push(`# TYPE ${name} gauge`);
    for (let h = 0; h < shape.hosts; h++) parts.push(`${name}{host="${hostName(h)}"} ${valueAt(h, k, tick)}`);
  }
  return `${parts.join('\n')}\n`;
}

function sumOfPrefix(m: ReadonlyMap<string, number>, prefix: string): number {
  let s = 0;
  for (const [k, v] of m) if (k === prefix || k.startsWith(`${prefix}{`)) s += v;
  return s;
}

async function query(url: string, q: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
  return Number(body.data?.result?.[0]?.value[1] ?? 0);
}

/** Runs part 3: Prometheus evaluates `shape`'s rules for `warmupS`, then is measured for `windowS`. */
export async function runPrometheusRules(
  shape: FleetShape,
  warmupS: number,
  windowS: number,
): Promise<PrometheusRulesResult> {
  const version = /version (\S+)/.exec(execFileSync(PROMETHEUS_BIN, ['--version'], { encoding: 'utf8' }))?.[1];
  const dir = mkdtempSync(join(tmpdir(), 'saba-monitor-prom-'));
  let tick = 0;
  const exporter: Server = createServer((_req, res) => {
    const body = exposition(shape, tick++);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body);
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'rules.yml'), ruleFile(shape));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      `rule_files: ['${join(dir, 'rules.yml')}']`,
      'scrape_configs:',
      '  - job_name: bench',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  killOnExit(child);
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    log += s;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const iterations = async (): Promise<number> =>
      sumOfPrefix(await scrapeMetrics(url), 'prometheus_rule_group_iterations_total');
    const deadline = Date.now() + 60_000 + warmupS * 1000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited:\n${log.slice(-2000)}`);
      if ((await iterations().catch(() => 0)) >= warmupS) break;
      if (Date.now() > deadline) throw new Error(`prometheus evaluated too few rule groups:\n${log.slice(-2000)}`);
      await sleep(200);
    }
    const series = await query(url, 'count({job="bench",host!="",__name__!~"ALERTS.*"})');
    const a = await scrapeMetrics(url);
    const cpu0 = processCpu(child.pid ?? -1);
    const t0 = performance.now();
    const lastDurationsMs: number[] = [];
    for (let i = 0; i < windowS; i++) {
      await sleep(1_000);
      const m = await scrapeMetrics(url);
      lastDurationsMs.push(1000 * sumOfPrefix(m, 'prometheus_rule_group_last_duration_seconds'));
    }
    const b = await scrapeMetrics(url);
    const cpu1 = processCpu(child.pid ?? -1);
    const wallS = (performance.now() - t0) / 1000;
    const delta = (name: string) => sumOfPrefix(b, name) - sumOfPrefix(a, name);
    const evaluations = delta('prometheus_rule_group_duration_seconds_count');
    const groupQuantilesMs = new Map<string, number>();
    for (const [k, v] of b) {
      const q = /^prometheus_rule_group_duration_seconds\{quantile="([^"]+)"\}$/.exec(k);
      if (q !== null) groupQuantilesMs.set(q[1] as string, v * 1000);
    }
    return {
      version: version ?? 'unknown',
      series,
      rules: shape.metrics,
      evaluations,
      groupMeanMs: (1000 * delta('prometheus_rule_group_duration_seconds_sum')) / evaluations,
      lastDurationsMs,
      groupQuantilesMs,
      ruleMeanMs:
        (1000 * delta('prometheus_rule_evaluation_duration_seconds_sum')) /
        delta('prometheus_rule_evaluation_duration_seconds_count'),
      firing: await query(url, 'count(ALERTS{alertstate="firing"})'),
      pending: await query(url, 'count(ALERTS{alertstate="pending"})'),
      cpuS: cpu1.user - cpu0.user + (cpu1.system - cpu0.system),
      windowS: wallS,
    };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => exporter.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

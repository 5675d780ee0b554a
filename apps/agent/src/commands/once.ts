// `saba-agent once`: collects one minute of everything and prints what would be posted; posts nothing.
import { hostname } from 'node:os';
import { loadConfig } from '@saba/agent-config';
import type { HostMetricValue } from '@saba/client';
import type { AgentArgs } from '../cli/args.ts';
import { sleep } from '../clock.ts';
import { detectCloud } from '../cloud/detect.ts';
import { SystemCollector } from '../collectors/system-collector.ts';
import { buildHostInput } from '../host/host-input.ts';
import { createLogger } from '../log.ts';
import { collectGraphDefs } from '../plugins/graph-meta.ts';
import { collectPlugin } from '../plugins/metric-plugin.ts';
import { collectHostSpec } from '../spec/host-spec.ts';
import { clockFromEnv } from './clock-env.ts';

/** Prints the host spec, one batch of metric values and the plugins' graph definitions as JSON. */
export async function runOnce(args: AgentArgs): Promise<number> {
  const { config, warnings } = await loadConfig(args.conf, args.overrides, { requireApikey: false });
  const log = createLogger(config);
  for (const w of warnings) log.warn('config', w);
  const clock = clockFromEnv();
  const [spec, cloud] = await Promise.all([
    collectHostSpec(config.interfaces.ignore === undefined ? {} : { interfacesIgnore: config.interfaces.ignore }),
    detectCloud({ platform: config.cloudPlatform }),
  ]);
  const collector = new SystemCollector({
    filesystems: config.filesystems,
    disks: config.disks,
    interfaces: config.interfaces,
  });
  const startMs = clock.nowMs();
  const time = Math.floor(startMs / 1000);
  log.info('once', `collecting for ${clock.minuteMs / 1000} s (rates need two samples a minute apart)`);
  const first = await collector.sample(startMs);
  const plugins = (
    await Promise.all(config.metricPlugins.map((p) => collectPlugin(p, time, (l) => log.debug(`plugin ${p.name}`, l))))
  ).flat();
  await sleep(clock.minuteMs);
  const second = await collector.sample(clock.nowMs());
  const metrics: Omit<HostMetricValue, 'hostId'>[] = [];
  for (const source of [first.gauges, second.rates ?? {}]) {
    for (const [name, value] of Object.entries(source)) if (Number.isFinite(value)) metrics.push({ name, time, value });
  }
  for (const v of plugins) metrics.push({ name: v.name, time: v.time ?? time, value: v.value });
  const output = {
    host: buildHostInput(hostname(), config, spec, cloud),
    metrics,
    graphDefs: await collectGraphDefs(config.metricPlugins, (l) => log.debug('graph-defs', l)),
  };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

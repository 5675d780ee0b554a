// Metric plugins ([plugin.metrics.X]): run each collection tick, parse `name value epoch` lines (spec §17.1).
import type { MetricPluginConfig } from '@saba/agent-config';
import { runCommand } from './command.ts';

/** One value a metric plugin printed, already prefixed with `custom.`; `time` only with use_plugin_timestamp. */
export interface PluginValue {
  name: string;
  value: number;
  time?: number;
}

/** metrics/plugin.go pluginPrefix: every plugin metric is posted under `custom.`. */
export const PLUGIN_PREFIX = 'custom.';

/** Env var telling a plugin to print its graph definitions (metrics/plugin.go pluginConfigurationEnvName). */
export const PLUGIN_META_ENV = 'MACKEREL_AGENT_PLUGIN_META';

// Mackerel's documented metric name charset (custom-metrics docs). The Go agent does not check it and lets the
// server reject the whole batch, which then retries 60 times; dropping the one bad line loses less.
const NAME_PATTERN = /^[-a-zA-Z0-9_.]+$/;

// Go's strconv.ParseFloat in decimal form. Hex floats and Go's `inf`/`nan` words are not accepted: inf and NaN
// would be dropped anyway (command.go enqueueLoop never sends them), and hex floats do not occur in practice.
const FLOAT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// With use_plugin_timestamp, timestamps further than 15 min from the tick are dropped (spec §17.1).
const PLUGIN_TIMESTAMP_WINDOW_SEC = 15 * 60;

/** Tests a configured pattern the way Go's MatchString does (unanchored), safe for /g and /y regexps. */
function matches(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/**
 * Parses metric plugin stdout per spec §17.1 (whitespace split, < 3 fields ignored, bad floats skipped, NaN/±Inf
 * dropped, name charset, include/exclude on the un-prefixed name, plugin timestamps kept only within ±15 min of
 * nowSec when usePluginTimestamp).
 */
export function parseMetricOutput(stdout: string, plugin: MetricPluginConfig, nowSec: number): PluginValue[] {
  // metrics/plugin.go collectValues stores into a map, so a repeated name keeps its last value.
  const byKey = new Map<string, PluginValue>();
  for (const line of stdout.split('\n')) {
    // strings.Fields: any run of whitespace separates, leading/trailing whitespace ignored.
    const fields = line.split(/\s+/).filter((f) => f !== '');
    if (fields.length < 3) continue;
    const [name, rawValue, rawTime] = fields as [string, string, string];

    // collectValues applies include first, then exclude; matching both means excluded.
    if (plugin.includePattern && !matches(plugin.includePattern, name)) continue;
    if (plugin.excludePattern && matches(plugin.excludePattern, name)) continue;
    if (!NAME_PATTERN.test(name)) continue;
    if (!FLOAT_PATTERN.test(rawValue)) continue;
    const value = Number(rawValue);
    // Out-of-range literals such as 1e400 become ±Inf here; Go returns ErrRange. Either way nothing is sent.
    if (!Number.isFinite(value)) continue;

    const entry: PluginValue = { name: PLUGIN_PREFIX + name, value };
    let key = entry.name;
    if (plugin.usePluginTimestamp) {
      if (!/^[+-]?\d+$/.test(rawTime)) continue;
      const time = Number(rawTime);
      if (Math.abs(time - nowSec) > PLUGIN_TIMESTAMP_WINDOW_SEC) continue;
      entry.time = time;
      key = `${entry.name}\t${time}`;
    }
    byKey.delete(key); // keep output order of the surviving (last) line
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Runs a metric plugin once for a collection tick (MACKEREL_AGENT_PLUGIN_META set to ""), logging stderr via `log`. */
export async function collectPlugin(
  plugin: MetricPluginConfig,
  nowSec: number,
  log: (line: string) => void,
): Promise<PluginValue[]> {
  // The empty value (not unset) is what collectValues passes, so a plugin can tell "values" from "meta" mode.
  const result = await runCommand(plugin, { [PLUGIN_META_ENV]: '' });
  if (result.stderr !== '') log(`plugin ${plugin.name} wrote to stderr: ${JSON.stringify(result.stderr)}`);
  if (result.error !== undefined) {
    log(`plugin ${plugin.name} failed (skipping its metrics): ${result.error}`);
    return [];
  }
  // The exit status is ignored: collectValues parses whatever stdout holds.
  return parseMetricOutput(result.stdout, plugin, nowSec);
}

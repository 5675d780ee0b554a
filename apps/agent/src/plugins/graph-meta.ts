// Plugin meta: a metric plugin run with MACKEREL_AGENT_PLUGIN_META=1 prints its graph definitions (spec §17.2).
// Facts from metrics/plugin.go loadPluginMeta and makeGraphDefsParam.

import type { MetricPluginConfig } from '@saba/agent-config';
import type { GraphDefInput } from '@saba/client';
import { runCommand } from './command.ts';
import { PLUGIN_META_ENV, PLUGIN_PREFIX } from './metric-plugin.ts';

// loadPluginMeta's pluginMetaHeadlineReg; the capture holds the `key=value` words.
const HEADER_PATTERN = /^#\s*mackerel-agent-plugin\b(.*)/;

/** The one meta schema version the agent understands; a header without `version` means this one. */
const SUPPORTED_VERSION = '1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Go's encoding/json matches struct fields case-insensitively when there is no exact key. */
function field(obj: { [key: string]: Json }, name: string): Json | undefined {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(obj)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field, "" when absent or null (Go's zero value); undefined when the type is wrong. */
function stringField(obj: { [key: string]: Json }, name: string): string | undefined {
  const v = field(obj, name);
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : undefined;
}

/**
 * The first JSON value of `text`: json.Decoder.Decode reads one value and ignores what follows, so a plugin may
 * print more after its meta. Returns undefined when no complete value parses.
 */
function decodeFirstJson(text: string): Json | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  let end = text.length;
  if (text[start] === '{' || text[start] === '[') {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  try {
    return JSON.parse(text.slice(start, end)) as Json;
  } catch {
    return undefined;
  }
}

/** Parses the output of a plugin run with MACKEREL_AGENT_PLUGIN_META=1 into graph definitions (spec §17.2); undefined when the output is not plugin meta. */
export function parseGraphMeta(stdout: string): GraphDefInput[] | undefined {
  // bufio ReadString('\n'): without a newline the header line is incomplete and the output is rejected.
  const newline = stdout.indexOf('\n');
  if (newline < 0) return undefined;
  const header = HEADER_PATTERN.exec(stdout.slice(0, newline));
  if (!header) return undefined;

  const words = new Map<string, string>();
  for (const word of (header[1] ?? '').split(/\s+/)) {
    if (word === '') continue;
    // strings.Split(field, "="): key is before the first `=`, value between the first and second.
    const parts = word.split('=');
    words.set(parts[0] ?? '', parts[1] ?? '');
  }
  if ((words.get('version') ?? SUPPORTED_VERSION) !== SUPPORTED_VERSION) return undefined;

  const meta = decodeFirstJson(stdout.slice(newline + 1));
  // Decoding `null` into the pluginMeta struct is not an error: it just yields no graphs.
  if (meta === null) return [];
  if (!isObject(meta)) return undefined;
  const graphs = field(meta, 'graphs');
  if (graphs === undefined || graphs === null) return [];
  if (!isObject(graphs)) return undefined;

  const defs: GraphDefInput[] = [];
  for (const [key, graph] of Object.entries(graphs)) {
    if (graph === null) {
      defs.push({ name: PLUGIN_PREFIX + key, displayName: '', unit: 'float', metrics: [] });
      continue;
    }
    if (!isObject(graph)) return undefined;
    const label = stringField(graph, 'label');
    const unit = stringField(graph, 'unit');
    const metrics = field(graph, 'metrics');
    if (label === undefined || unit === undefined) return undefined;
    if (metrics !== undefined && metrics !== null && !Array.isArray(metrics)) return undefined;

    const def: GraphDefInput = {
      name: PLUGIN_PREFIX + key,
      displayName: label,
      unit: unit === '' ? 'float' : unit,
      metrics: [],
    };
    for (const metric of metrics ?? []) {
      if (metric === null) {
        def.metrics.push({ name: `${PLUGIN_PREFIX}${key}.`, displayName: '', isStacked: false });
        continue;
      }
      if (!isObject(metric)) return undefined;
      const name = stringField(metric, 'name');
      const metricLabel = stringField(metric, 'label');
      const stacked = field(metric, 'stacked');
      if (name === undefined || metricLabel === undefined) return undefined;
      if (stacked !== undefined && stacked !== null && typeof stacked !== 'boolean') return undefined;
      def.metrics.push({
        name: `${PLUGIN_PREFIX}${key}.${name}`,
        displayName: metricLabel,
        isStacked: stacked === true,
      });
    }
    defs.push(def);
  }
  return defs;
}

/** Runs every metric plugin in meta mode and collects their graph definitions. */
export async function collectGraphDefs(
  plugins: readonly MetricPluginConfig[],
  log: (line: string) => void,
): Promise<GraphDefInput[]> {
  const perPlugin = await Promise.all(
    plugins.map(async (plugin) => {
      const result = await runCommand(plugin, { [PLUGIN_META_ENV]: '1' });
      if (result.error !== undefined) {
        log(
          `plugin ${plugin.name}: meta run failed: ${result.error}, exit=${result.exitCode} stderr=${JSON.stringify(result.stderr)}`,
        );
        return [];
      }
      const defs = parseGraphMeta(result.stdout);
      // Most plugins print no meta at all; the Go agent logs that at debug level and carries on.
      if (defs === undefined) {
        log(`plugin ${plugin.name}: no usable graph definitions in its meta output`);
        return [];
      }
      return defs;
    }),
  );
  return perPlugin.flat();
}

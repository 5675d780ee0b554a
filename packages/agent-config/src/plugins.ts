// `[plugin.metrics.<name>]`, `[plugin.checks.<name>]` and `[plugin.metadata.<name>]` (spec §16, §17).
// Facts from the official agent: command/user/env/timeout_seconds parsing is config/config.go
// (CommandConfig.parse, Env.ConvertToStrings); the 30 s default is cmdutil/cmdutil.go; check_interval
// is clamped to 1–60 minutes with default 1 in checks/checker.go (Interval); execution_interval has
// default and minimum 10 in metadata/metadata.go (Interval); the memo cut at 250 characters and the
// prevent_alert_auto_close rule are buildCheckPlugin in config/config.go, with its warning texts.
import type { CheckPluginConfig, CommandConfig, MetadataPluginConfig, MetricPluginConfig } from './config.ts';
import { DEFAULT_TIMEOUT_SECONDS } from './config.ts';
import { parseMinutes } from './duration.ts';
import { isTable, nearest, type TableReader } from './table-reader.ts';

/** The plugins read so far, by name; a later file replaces a plugin of the same kind and name. */
export interface PluginMaps {
  readonly metrics: Map<string, MetricPluginConfig>;
  readonly checks: Map<string, CheckPluginConfig>;
  readonly metadata: Map<string, MetadataPluginConfig>;
}

const KINDS = ['metrics', 'checks', 'metadata'] as const;
const COMMAND_KEYS = ['command', 'user', 'env', 'timeout_seconds'];
// The official PluginConfig is one struct for all three kinds, so a key of another kind is decoded
// (and ignored) rather than reported by its configtest; we accept it too and only warn.
const KIND_KEYS: Readonly<Record<(typeof KINDS)[number], readonly string[]>> = {
  metrics: ['custom_identifier', 'include_pattern', 'exclude_pattern', 'use_plugin_timestamp'],
  checks: [
    'notification_interval',
    'check_interval',
    'max_check_attempts',
    'custom_identifier',
    'prevent_alert_auto_close',
    'action',
    'memo',
  ],
  metadata: ['execution_interval'],
};
const ALL_PLUGIN_KEYS = [...new Set(Object.values(KIND_KEYS).flat())];

const MEMO_MAX_CHARS = 250;
// Mackerel accepts maxCheckAttempts 1–10 (spec §6); the official agent sends any int32 as is.
const MAX_CHECK_ATTEMPTS = 10;

/** Reads the `[plugin]` table into `into`, pushing warnings; throws ConfigError on unusable values. */
export function readPlugins(plugin: TableReader, into: PluginMaps, warnings: string[]): void {
  for (const kind of Object.keys(plugin.raw)) {
    const section = (KINDS as readonly string[]).includes(kind) ? plugin.table(kind) : undefined;
    if (section === undefined) {
      reportUnknownKind(plugin, kind);
      continue;
    }
    for (const name of Object.keys(section.raw)) {
      const t = section.table(name);
      if (t === undefined) continue;
      if (name.includes('.')) throw section.error(JSON.stringify(name), 'plugin names must not contain dots');
      const k = kind as (typeof KINDS)[number];
      if (k === 'metrics') into.metrics.set(name, readMetric(t, name));
      else if (k === 'checks') into.checks.set(name, readCheck(t, name, warnings));
      else into.metadata.set(name, readMetadata(t, name));
      for (const other of ALL_PLUGIN_KEYS) {
        if (!KIND_KEYS[k].includes(other) && t.raw[other] !== undefined) {
          warnings.push(`${t.file}: ${t.keyPath(other)} applies only to other plugin kinds; ignored`);
        }
      }
      t.accept(...ALL_PLUGIN_KEYS);
      t.finish();
    }
    section.finish();
  }
}

// `[plugin.metric.foo]` is reported per plugin with the kind it probably meant, as the official
// configtest does (config/validate.go, defaulting to metrics).
function reportUnknownKind(plugin: TableReader, kind: string): void {
  plugin.accept(kind);
  const guess = nearest(kind, KINDS) ?? 'metrics';
  const v = plugin.raw[kind];
  const names = isTable(v) ? Object.keys(v) : [];
  if (names.length === 0) plugin.reportUnknown(plugin.keyPath(kind), `plugin.${guess}`);
  for (const name of names) plugin.reportUnknown(`${plugin.keyPath(kind)}.${name}`, `plugin.${guess}.${name}`);
}

/** Reads command, user, env and timeout_seconds; undefined when `command` is absent. */
export function readCommand(t: TableReader): CommandConfig | undefined {
  t.accept(...COMMAND_KEYS);
  const raw = t.value('command');
  let command: string | readonly string[];
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') {
    if (raw.trim() === '') throw t.error('command', 'must not be empty');
    command = raw;
  } else if (Array.isArray(raw) && raw.length > 0 && raw.every((a) => typeof a === 'string')) {
    command = raw as string[];
  } else {
    throw t.error('command', 'should be a string or a non-empty array of strings');
  }
  const user = t.string('user');
  const timeout = t.integer('timeout_seconds');
  if (timeout !== undefined && timeout < 0) throw t.error('timeout_seconds', `must not be negative, got ${timeout}`);
  return {
    command,
    ...(user !== undefined && user !== '' ? { user } : {}),
    env: readEnv(t),
    timeoutSeconds: timeout === undefined || timeout === 0 ? DEFAULT_TIMEOUT_SECONDS : timeout,
  };
}

function readEnv(t: TableReader): Record<string, string> {
  const env: Record<string, string> = {};
  const table = t.table('env');
  if (table === undefined) return env;
  for (const [rawKey, v] of Object.entries(table.raw)) {
    table.accept(rawKey);
    if (typeof v !== 'string') throw table.error(rawKey, 'expected a string value');
    if (rawKey.includes('=')) throw table.error(rawKey, 'an env name must not contain "="');
    // Like Env.ConvertToStrings: names are trimmed of spaces (only spaces) and empty names are skipped.
    const k = rawKey.replace(/^ +| +$/g, '');
    if (k !== '') env[k] = v;
  }
  return env;
}

function requireCommand(t: TableReader): CommandConfig {
  const cmd = readCommand(t);
  if (cmd === undefined) throw t.error('command', 'is required (a string or an array of strings)');
  return cmd;
}

function optionalString(t: TableReader, k: string): string | undefined {
  const v = t.string(k);
  return v === '' ? undefined : v;
}

function minutes(t: TableReader, k: string): number | undefined {
  const v = t.value(k);
  return v === undefined ? undefined : t.parse(k, v, parseMinutes);
}

function readMetric(t: TableReader, name: string): MetricPluginConfig {
  const customIdentifier = optionalString(t, 'custom_identifier');
  const includePattern = t.regexp('include_pattern');
  const excludePattern = t.regexp('exclude_pattern');
  return {
    name,
    ...requireCommand(t),
    ...(customIdentifier !== undefined ? { customIdentifier } : {}),
    ...(includePattern !== undefined ? { includePattern } : {}),
    ...(excludePattern !== undefined ? { excludePattern } : {}),
    usePluginTimestamp: t.bool('use_plugin_timestamp') ?? false,
  };
}

function readCheck(t: TableReader, name: string, warnings: string[]): CheckPluginConfig {
  const cmd = requireCommand(t);
  const notification = minutes(t, 'notification_interval');
  const interval = minutes(t, 'check_interval');
  const checkIntervalMinutes = interval === undefined ? 1 : Math.min(60, Math.max(1, interval));
  if (interval !== undefined && interval !== checkIntervalMinutes) {
    warnings.push(
      `${t.file}: ${t.keyPath('check_interval')} ${interval} is out of 1–60 minutes; using ${checkIntervalMinutes}`,
    );
  }
  let attempts = t.integer('max_check_attempts');
  if (attempts !== undefined && (attempts < 1 || attempts > MAX_CHECK_ATTEMPTS)) {
    const clamped = Math.min(MAX_CHECK_ATTEMPTS, Math.max(1, attempts));
    warnings.push(`${t.file}: ${t.keyPath('max_check_attempts')} ${attempts} is out of 1–10; using ${clamped}`);
    attempts = clamped;
  }
  const prevent = t.bool('prevent_alert_auto_close') ?? false;
  if (prevent && attempts !== undefined && attempts > 1) {
    attempts = 1;
    warnings.push(
      `'plugin.checks.${name}.max_check_attempts' is set to 1 (Unavailable with 'prevent_alert_auto_close')`,
    );
  }
  let memo = t.string('memo');
  if (memo !== undefined && Array.from(memo).length > MEMO_MAX_CHARS) {
    warnings.push(`'plugin.checks.${name}.memo' size exceeds 250 characters`);
    memo = Array.from(memo).slice(0, MEMO_MAX_CHARS).join('');
  }
  const customIdentifier = optionalString(t, 'custom_identifier');
  const actionTable = t.table('action');
  const action = actionTable === undefined ? undefined : readCommand(actionTable);
  if (actionTable !== undefined) {
    if (action === undefined) warnings.push(`${t.file}: ${actionTable.path} has no command; ignored`);
    actionTable.finish();
  }
  return {
    name,
    ...cmd,
    ...(notification !== undefined ? { notificationIntervalMinutes: notification } : {}),
    checkIntervalMinutes,
    ...(attempts !== undefined ? { maxCheckAttempts: attempts } : {}),
    ...(customIdentifier !== undefined ? { customIdentifier } : {}),
    preventAlertAutoClose: prevent,
    ...(action !== undefined ? { action } : {}),
    ...(memo !== undefined && memo !== '' ? { memo } : {}),
  };
}

function readMetadata(t: TableReader, name: string): MetadataPluginConfig {
  const cmd = requireCommand(t);
  const interval = minutes(t, 'execution_interval');
  return { name, ...cmd, executionIntervalMinutes: interval === undefined ? 10 : Math.max(10, interval) };
}

import { BadDataError, type JsonObject, objectBody } from '@saba/model';
import { anomalyDetectionKind } from './anomaly-detection.ts';
import type { ConfigurableType, Monitor, MonitorConfig } from './config.ts';
import { connectivityKind } from './connectivity.ts';
import { expressionKind } from './expression.ts';
import { externalKind } from './external.ts';
import { hostKind } from './host.ts';
import type { KindContext, MonitorKind } from './kind.ts';
import { queryKind } from './query.ts';
import { serviceKind } from './service.ts';

const KINDS: readonly MonitorKind[] = [
  hostKind,
  connectivityKind,
  serviceKind,
  externalKind,
  expressionKind,
  anomalyDetectionKind,
  queryKind,
];

/** Every monitor type the API creates, by its `type`, in the order of spec §8.2. */
export const MONITOR_KINDS: ReadonlyMap<ConfigurableType, MonitorKind> = new Map(KINDS.map((k) => [k.type, k]));

const TYPE_LIST = KINDS.map((k) => `"${k.type}"`).join(', ');

/**
 * Validates a create (no `previous`) or PUT body into settings, by its `type`. On PUT the type
 * must be the stored one (spec §8.1). Loading a stored monitor passes no `ctx`.
 */
export function parseMonitor(input: unknown, ctx: KindContext | undefined, previous?: MonitorConfig): MonitorConfig {
  const o = objectBody(input, 'a monitor: {"type": ..., "name": ..., ...}');
  const type = o.type;
  if (type === undefined || type === null) throw new BadDataError(`"type" is required: one of ${TYPE_LIST}`);
  if (type === 'check') {
    throw new BadDataError("check monitors are made by agents' check reports, not through the API");
  }
  const kind = typeof type === 'string' ? MONITOR_KINDS.get(type as ConfigurableType) : undefined;
  if (kind === undefined) throw new BadDataError(`"type" must be one of ${TYPE_LIST}, got ${JSON.stringify(type)}`);
  if (previous !== undefined && previous.type !== type) {
    throw new BadDataError(`"type" cannot be changed (the monitor is "${previous.type}")`);
  }
  return kind.parse(o, ctx, previous);
}

/** A monitor as the API answers it: `id` first, then its kind's fields. */
export function monitorToJson(m: Monitor): JsonObject {
  const kind = MONITOR_KINDS.get(m.type);
  // Unreachable while MonitorConfig and MONITOR_KINDS list the same types; a bug if it happens.
  if (kind === undefined) throw new Error(`no monitor kind for type "${m.type}"`);
  return { id: m.id, ...kind.toJson(m) };
}

/** A monitor as stored: type and name apart, the rest of its API JSON as the body. */
export interface MonitorRow {
  readonly type: ConfigurableType;
  readonly name: string;
  readonly body: { readonly [k: string]: unknown };
}

/** Settings in the stored shape (see loadMonitor for the way back). */
export function monitorRow(config: MonitorConfig): MonitorRow {
  const kind = MONITOR_KINDS.get(config.type);
  if (kind === undefined) throw new Error(`no monitor kind for type "${config.type}"`);
  const { type: _type, name: _name, ...body } = kind.toJson(config);
  return { type: config.type, name: config.name, body };
}

/** The monitors every organization starts with (spec features §2.4): one connectivity monitor. */
export function defaultMonitors(): MonitorConfig[] {
  return [parseMonitor({ type: 'connectivity' }, undefined)];
}

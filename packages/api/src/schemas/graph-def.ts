import type { GraphDef, GraphDefMetric } from '@saba/catalog';
import { BadDataError, type JsonObject, optionalString, requiredString } from '@saba/model';

/** Spec §4.3: the whole graph name; `*` and `#` are whole wildcard segments. */
const GRAPH_NAME = /^custom(\.([-a-zA-Z0-9_]+|[*#]))+$/;
const METRIC_SEGMENT = /^([-a-zA-Z0-9_]+|[*#])$/;
/** The units Mackerel knows, plus the agent's aliases (spec features §1.6). */
const UNITS = new Set([
  'float',
  'integer',
  'percentage',
  'seconds',
  'milliseconds',
  'bytes',
  'bytes/sec',
  'bits/sec',
  'iops',
  's',
  'ms',
  'bps',
]);

function countHash(name: string): number {
  return name.split('.').filter((s) => s === '#').length;
}

function parseMetric(v: unknown, graph: string, where: string): GraphDefMetric {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadDataError(`${where} must be an object`);
  const o = v as JsonObject;
  const name = requiredString(o, 'name', `${where}.`);
  if (!name.startsWith(`${graph}.`) || !METRIC_SEGMENT.test(name.slice(graph.length + 1))) {
    throw new BadDataError(
      `${where}.name "${name}" must be "${graph}.<segment>" with one segment of [-a-zA-Z0-9_], "*" or "#"`,
    );
  }
  if (countHash(name) > 1) throw new BadDataError(`${where}.name "${name}" has more than one "#"`);
  const stacked = o.isStacked;
  if (stacked !== undefined && stacked !== null && typeof stacked !== 'boolean') {
    throw new BadDataError(`${where}.isStacked must be a boolean`);
  }
  const displayName = optionalString(o, 'displayName', `${where}.`) ?? '';
  return { name, displayName, isStacked: stacked === true };
}

/** Validates one graph definition of `POST /api/v0/graph-defs/create`. */
export function parseGraphDef(v: unknown, i: number): GraphDef {
  const where = `item ${i}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadDataError(`${where} must be an object`);
  const o = v as JsonObject;
  const name = requiredString(o, 'name', `${where}.`);
  if (!GRAPH_NAME.test(name))
    throw new BadDataError(`${where}.name "${name}" must match ^custom(\\.([-a-zA-Z0-9_]+|[*#]))+$`);
  if (countHash(name) > 1) throw new BadDataError(`${where}.name "${name}" has more than one "#"`);
  // Go clients send "" for a unit left unset (GraphDefsParam.Unit has no omitempty): the default too.
  const unit = optionalString(o, 'unit', `${where}.`) || 'float';
  if (!UNITS.has(unit)) throw new BadDataError(`${where}.unit "${unit}" is not one of ${[...UNITS].join(', ')}`);
  const metrics = o.metrics;
  if (!Array.isArray(metrics)) throw new BadDataError(`${where}.metrics must be an array`);
  return {
    name,
    displayName: optionalString(o, 'displayName', `${where}.`) ?? '',
    unit,
    metrics: metrics.map((m, j) => parseMetric(m, name, `${where}.metrics[${j}]`)),
  };
}

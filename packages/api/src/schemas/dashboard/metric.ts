// The one number a value widget shows (spec api §12 Metric). As for graphs, expressions and
// queries are checked only for being text (the API may not import the query engine).
import type { JsonObject } from '@saba/model';
import { fail, isObject, requiredText, stringOr } from './fields.ts';
import { refuseUnknown, type UnknownRef } from './graph.ts';

/** A host metric (`loadavg5`). */
export interface HostMetric {
  readonly type: 'host';
  readonly hostId: string;
  readonly name: string;
}

/** A service metric. */
export interface ServiceMetric {
  readonly type: 'service';
  readonly serviceName: string;
  readonly name: string;
}

/** A graph expression that must give one series. */
export interface ExpressionMetric {
  readonly type: 'expression';
  readonly expression: string;
}

/** A PromQL query that must give one series. */
export interface QueryMetric {
  readonly type: 'query';
  readonly query: string;
  readonly legend: string;
}

/** A metric a value widget may be given. */
export type Metric = HostMetric | ServiceMetric | ExpressionMetric | QueryMetric;

/** The metric types a write may name. */
const METRIC_TYPES = ['host', 'service', 'expression', 'query'];

/** Validates a value widget's `metric`. */
export function parseMetric(v: unknown, where: string): Metric {
  if (v === undefined || v === null) fail(where, 'metric', 'is required for a value widget');
  if (!isObject(v)) fail(where, 'metric', 'must be an object');
  switch (v.type) {
    case 'host':
      return {
        type: 'host',
        hostId: requiredText(v, 'hostId', where, 'metric.hostId'),
        name: requiredText(v, 'name', where, 'metric.name'),
      };
    case 'service':
      return {
        type: 'service',
        serviceName: requiredText(v, 'serviceName', where, 'metric.serviceName'),
        name: requiredText(v, 'name', where, 'metric.name'),
      };
    case 'expression':
      return { type: 'expression', expression: requiredText(v, 'expression', where, 'metric.expression') };
    case 'query':
      return {
        type: 'query',
        query: requiredText(v, 'query', where, 'metric.query'),
        legend: stringOr(v, 'legend', where, '', 'metric.legend'),
      };
    case 'unknown':
      return refuseUnknown(where, 'metric.type');
    default:
      return fail(
        where,
        'metric.type',
        `must be one of ${METRIC_TYPES.join(', ')}, got ${JSON.stringify(v.type ?? null)}`,
      );
  }
}

/** The metric as the API answers it. */
export function metricToJson(m: Metric | UnknownRef): JsonObject {
  switch (m.type) {
    case 'host':
      return { type: 'host', hostId: m.hostId, name: m.name };
    case 'service':
      return { type: 'service', serviceName: m.serviceName, name: m.name };
    case 'expression':
      return { type: 'expression', expression: m.expression };
    case 'query':
      return { type: 'query', query: m.query, legend: m.legend };
    case 'unknown':
      return { type: 'unknown' };
  }
}

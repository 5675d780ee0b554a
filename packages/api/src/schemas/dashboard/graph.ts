// What a graph widget draws (spec api §12 Graph). Expressions are checked only for being text:
// the API may not import the query engine (.dependency-cruiser.cjs, api-does-not-import-engines),
// so a malformed expression or PromQL query is stored and shows its error when drawn.
import type { JsonObject } from '@saba/model';
import { parseRoleFullname } from '../names.ts';
import { fail, isObject, requiredText, stringOr } from './fields.ts';

/** A host's graph (`loadavg`, `custom.foo`). */
export interface HostGraph {
  readonly type: 'host';
  readonly hostId: string;
  readonly name: string;
}

/** A graph of every host of a role; `roleFullname` is `service:role`. */
export interface RoleGraph {
  readonly type: 'role';
  readonly roleFullname: string;
  readonly name: string;
  readonly isStacked: boolean;
}

/** A service metric's graph. */
export interface ServiceGraph {
  readonly type: 'service';
  readonly serviceName: string;
  readonly name: string;
}

/** A graph expression (spec features §3). */
export interface ExpressionGraph {
  readonly type: 'expression';
  readonly expression: string;
}

/** A PromQL query with a legend template. */
export interface QueryGraph {
  readonly type: 'query';
  readonly query: string;
  readonly legend: string;
}

/** What is answered in place of a graph or metric whose host, service or role is gone; never accepted. */
export interface UnknownRef {
  readonly type: 'unknown';
}

/** A graph a widget may be given. */
export type Graph = HostGraph | RoleGraph | ServiceGraph | ExpressionGraph | QueryGraph;

/** The graph types a write may name. */
const GRAPH_TYPES = ['host', 'role', 'service', 'expression', 'query'];

/** Refuses `unknown`, which reads answer and writes may not send back. */
export function refuseUnknown(where: string, field: string): never {
  return fail(
    where,
    field,
    'is "unknown": that is answered for a reference whose host, service or role was deleted; give a graph that exists',
  );
}

/** Validates a graph widget's `graph`. */
export function parseGraph(v: unknown, where: string): Graph {
  if (v === undefined || v === null) fail(where, 'graph', 'is required for a graph widget');
  if (!isObject(v)) fail(where, 'graph', 'must be an object');
  switch (v.type) {
    case 'host':
      return {
        type: 'host',
        hostId: requiredText(v, 'hostId', where, 'graph.hostId'),
        name: requiredText(v, 'name', where, 'graph.name'),
      };
    case 'role': {
      const role = parseRoleFullname(v.roleFullname, `${where}"graph.roleFullname"`);
      const stacked = v.isStacked ?? false;
      if (typeof stacked !== 'boolean') fail(where, 'graph.isStacked', 'must be a boolean');
      return {
        type: 'role',
        roleFullname: `${role.service}:${role.role}`,
        name: requiredText(v, 'name', where, 'graph.name'),
        isStacked: stacked,
      };
    }
    case 'service':
      return {
        type: 'service',
        serviceName: requiredText(v, 'serviceName', where, 'graph.serviceName'),
        name: requiredText(v, 'name', where, 'graph.name'),
      };
    case 'expression':
      return { type: 'expression', expression: requiredText(v, 'expression', where, 'graph.expression') };
    case 'query':
      return {
        type: 'query',
        query: requiredText(v, 'query', where, 'graph.query'),
        legend: stringOr(v, 'legend', where, '', 'graph.legend'),
      };
    case 'unknown':
      return refuseUnknown(where, 'graph.type');
    default:
      return fail(
        where,
        'graph.type',
        `must be one of ${GRAPH_TYPES.join(', ')}, got ${JSON.stringify(v.type ?? null)}`,
      );
  }
}

/** The graph as the API answers it. */
export function graphToJson(g: Graph | UnknownRef): JsonObject {
  switch (g.type) {
    case 'host':
      return { type: 'host', hostId: g.hostId, name: g.name };
    case 'role':
      return { type: 'role', roleFullname: g.roleFullname, name: g.name, isStacked: g.isStacked };
    case 'service':
      return { type: 'service', serviceName: g.serviceName, name: g.name };
    case 'expression':
      return { type: 'expression', expression: g.expression };
    case 'query':
      return { type: 'query', query: g.query, legend: g.legend };
    case 'unknown':
      return { type: 'unknown' };
  }
}

// A graph widget's display options (spec api §12, features §5.1): a fixed y-axis, one labelled
// horizontal line, and which series a host or service graph shows.
import type { JsonObject } from '@saba/model';
import { charCount, fail, isObject, optionalList, optionalNumber, optionalObject, requiredNumber } from './fields.ts';
import type { Graph } from './graph.ts';

/** Fixes the y-axis; an unset end is automatic (the default starts at 0). */
export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
}

/** A horizontal line drawn across the graph at `value`. */
export interface ReferenceLine {
  readonly label: string;
  readonly value: number;
}

/** The options of a graph widget besides its graph and range. */
export interface GraphOptions {
  readonly valueRange?: ValueRange;
  readonly referenceLines: readonly ReferenceLine[];
  /** Series to show (host and service graphs only); unset shows every series. */
  readonly legendList?: readonly string[];
}

/** Mackerel's limits: one reference line, labels up to 32 characters. */
const MAX_REFERENCE_LINES = 1;
const MAX_LABEL = 32;

/** Validates `valueRange`, `referenceLines` and `legendList` of a graph widget drawing `graph`. */
export function parseGraphOptions(o: JsonObject, graph: Graph, where: string): GraphOptions {
  const valueRange = parseValueRange(o, where);
  const legendList = parseLegendList(o, graph, where);
  return {
    ...(valueRange !== undefined ? { valueRange } : {}),
    referenceLines: parseReferenceLines(o, where),
    ...(legendList !== undefined ? { legendList } : {}),
  };
}

/** The options as the API answers them: referenceLines always (`[]` when unset), the others when set. */
export function graphOptionsToJson(g: GraphOptions): JsonObject {
  return {
    ...(g.valueRange !== undefined ? { valueRange: { ...g.valueRange } } : {}),
    referenceLines: g.referenceLines.map((l) => ({ label: l.label, value: l.value })),
    ...(g.legendList !== undefined ? { legendList: [...g.legendList] } : {}),
  };
}

function parseValueRange(o: JsonObject, where: string): ValueRange | undefined {
  const v = optionalObject(o, 'valueRange', where);
  if (v === undefined) return undefined;
  const min = optionalNumber(v, 'min', where, 'valueRange.min');
  const max = optionalNumber(v, 'max', where, 'valueRange.max');
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined && max !== undefined && min > max) {
    fail(where, 'valueRange', `has "min" ${min} above "max" ${max}`);
  }
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function parseReferenceLines(o: JsonObject, where: string): ReferenceLine[] {
  const list = optionalList(o, 'referenceLines', where);
  if (list.length > MAX_REFERENCE_LINES) {
    fail(where, 'referenceLines', `may hold at most ${MAX_REFERENCE_LINES} line, got ${list.length}`);
  }
  return list.map((v, i) => {
    const path = `referenceLines[${i}]`;
    if (!isObject(v)) fail(where, path, 'must be an object {"label", "value"}');
    const label = v.label;
    if (typeof label !== 'string') fail(where, `${path}.label`, 'must be a string');
    if (label.trim() === '') fail(where, `${path}.label`, 'must not be blank');
    if (charCount(label) > MAX_LABEL) {
      fail(where, `${path}.label`, `must be at most ${MAX_LABEL} characters, got ${charCount(label)}`);
    }
    const value = requiredNumber(v, 'value', where, `${path}.value`);
    if (value < 0) fail(where, `${path}.value`, `must be 0 or more, got ${value}`);
    return { label, value };
  });
}

// An empty list is unset: it would hide every series, which no one means.
function parseLegendList(o: JsonObject, graph: Graph, where: string): string[] | undefined {
  const list = optionalList(o, 'legendList', where);
  if (list.length === 0) return undefined;
  if (graph.type !== 'host' && graph.type !== 'service') {
    fail(where, 'legendList', `is only for host and service graphs, not ${graph.type} graphs`);
  }
  return list.map((v, i) => {
    if (typeof v !== 'string' || v === '') fail(where, `legendList[${i}]`, 'must be a series name');
    return v;
  });
}

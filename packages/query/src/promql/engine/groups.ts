/*
 * The groups of an aggregation (`by` or `without` labels), numbered once per query and addressed
 * by slot at each step, with the scratch space a step folds its samples into. Range queries
 * evaluate an aggregation at every step over mostly the same series, so what can be worked out
 * once per series is: the group key per input label object, and the group per input position.
 */
import type { Labels } from '@saba/model';
import type { AggregateExpr } from '../ast.ts';
import { keyOf, projectLabels, type Sample } from './values.ts';

/** Per-slot running state of the folded operators (aggregate.ts `fold`), index = slot. */
export interface FoldState {
  readonly count: Float64Array;
  /** The sum (sum, avg), the running mean (stddev, stdvar) or the extreme (min, max). */
  readonly acc: Float64Array;
  /** The compensation (sum, avg) or the sum of squared deviations (stddev, stdvar). */
  readonly aux: Float64Array;
  /** avg's running mean once its sum would overflow (its compensation stays in aux). */
  readonly mean: Float64Array;
  /** 1 where avg has turned to the running mean. */
  readonly incremental: Uint8Array;
}

/** One step's groups. */
export interface StepGroups {
  /** Each sample's slot, in its first `samples.length` entries. */
  readonly slotOf: Int32Array;
  /** Each slot's labels; slots are numbered in the order their groups' first samples came in. */
  readonly labels: Labels[];
  /** Fold state for at least `labels.length` slots, left as the last step left it. */
  readonly state: FoldState;
}

/**
 * The groups one aggregation has met in one query, numbered in the order they first came in, and
 * the step's scratch. A selected series keeps its label object from step to step, so a range query
 * over 200 series builds 200 group keys, not 200 per step (they were most of `sum by`'s time,
 * docs/benchmarks.md "query_range").
 */
interface Grouping {
  /** Group number per input label object. */
  readonly byLabels: WeakMap<Labels, number>;
  /** Group number per group key, for label objects not met before. */
  readonly byKey: Map<string, number>;
  /** Each group's labels, by number. */
  readonly labels: Labels[];
  /** Per group: the step (`steps`) that last met it, and its slot in that step. */
  readonly seenAt: number[];
  readonly slot: number[];
  /**
   * The last step's input label objects and their groups, by position. A selector answers its
   * series in the same order at every step, so most look-ups are one comparison here instead of
   * one in `byLabels` (the WeakMap look-ups took twice as long: ~4 ms against ~2 over a day of
   * 200 series at one step a minute).
   */
  readonly lastLabels: Labels[];
  readonly lastGroup: number[];
  /** Steps evaluated so far. */
  steps: number;
  /**
   * Scratch sized for the largest step so far, reused from step to step: allocating six typed
   * arrays per step cost ~2.5 µs, ~3.6 ms over a day at one step a minute.
   */
  slotOf: Int32Array;
  state: FoldState;
}

// Keyed by the syntax node, so a grouping goes with its query. An aggregation node is never
// evaluated inside itself, so one step's use of the scratch ends before the next step begins.
const groupings = new WeakMap<AggregateExpr, Grouping>();

/** The labels of the group that `labels` falls in. */
export function groupLabels(e: AggregateExpr, labels: Labels): Labels {
  return projectLabels(labels, e.grouping, !e.without);
}

/** Numbers the groups of `samples` for one evaluation of `e`. */
export function stepGroups(e: AggregateExpr, samples: readonly Sample[]): StepGroups {
  let g = groupings.get(e);
  if (g === undefined) {
    g = {
      byLabels: new WeakMap(),
      byKey: new Map(),
      labels: [],
      seenAt: [],
      slot: [],
      lastLabels: [],
      lastGroup: [],
      steps: 0,
      slotOf: new Int32Array(0),
      state: foldState(0),
    };
    groupings.set(e, g);
  }
  // A step has at most one slot per sample.
  if (g.slotOf.length < samples.length) {
    const size = Math.max(samples.length, 2 * g.slotOf.length);
    g.slotOf = new Int32Array(size);
    g.state = foldState(size);
  }
  const step = ++g.steps;
  const labels: Labels[] = [];
  for (let i = 0; i < samples.length; i++) {
    const sampleLabels = (samples[i] as Sample).labels;
    let n: number;
    if (g.lastLabels[i] === sampleLabels) n = g.lastGroup[i] as number;
    else {
      n = groupNumber(e, g, sampleLabels);
      g.lastLabels[i] = sampleLabels;
      g.lastGroup[i] = n;
    }
    if (g.seenAt[n] !== step) {
      g.seenAt[n] = step;
      g.slot[n] = labels.length;
      labels.push(g.labels[n] as Labels);
    }
    g.slotOf[i] = g.slot[n] as number;
  }
  return { slotOf: g.slotOf, labels, state: g.state };
}

function groupNumber(e: AggregateExpr, g: Grouping, labels: Labels): number {
  let n = g.byLabels.get(labels);
  if (n === undefined) {
    const projected = groupLabels(e, labels);
    const key = keyOf(projected);
    n = g.byKey.get(key);
    if (n === undefined) {
      n = g.labels.length;
      g.byKey.set(key, n);
      g.labels.push(projected);
      g.seenAt.push(0);
      g.slot.push(0);
    }
    g.byLabels.set(labels, n);
  }
  return n;
}

function foldState(size: number): FoldState {
  return {
    count: new Float64Array(size),
    acc: new Float64Array(size),
    aux: new Float64Array(size),
    mean: new Float64Array(size),
    incremental: new Uint8Array(size),
  };
}

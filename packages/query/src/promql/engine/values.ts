// The values the evaluator passes between nodes at one evaluation time, and the label edits every
// stage needs (name dropping, signatures for matching and grouping).
import { type Label, type Labels, METRIC_NAME } from '@saba/model';
import { PromqlError } from '../querytest/engine.ts';

/** One element of an instant vector; `t` is set only where a selector read it (for `timestamp()`). */
export interface Sample {
  labels: Labels;
  value: number;
  t?: number;
}

/** One series of a range vector at one evaluation time: the samples in its window. */
export interface RangeSeries {
  labels: Labels;
  ts: number[];
  vs: number[];
}

/** A range vector with the window it was read over (rate's extrapolation needs the bounds). */
export interface RangeValue {
  kind: 'matrix';
  series: RangeSeries[];
  /** The window's exclusive start and inclusive end, in ms. */
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
}

/** What a node evaluates to at one time. */
export type Value =
  | { kind: 'scalar'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'vector'; samples: Sample[] }
  | RangeValue;

/** The labels without `__name__`. */
export function dropName(labels: Labels): Labels {
  let out = dropped.get(labels);
  if (out === undefined) {
    out = labels.some((l) => l.name === METRIC_NAME) ? labels.filter((l) => l.name !== METRIC_NAME) : labels;
    dropped.set(labels, out);
  }
  return out;
}

/**
 * Label sets are never changed once made, so what is derived from one is remembered by its
 * identity: a series keeps its label object from step to step, and so, through this cache, does
 * `rate(x)`'s nameless result. With the key cache below, a range query over 200 series builds 200
 * keys, not 200 per step (they were a tenth of `rate`'s time, docs/benchmarks.md "query_range").
 */
const dropped = new WeakMap<Labels, Labels>();
const keys = new WeakMap<Labels, string>();

/** The labels with `name` set to `value` (removed when `value` is empty), kept sorted. */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = labels.filter((l) => l.name !== name);
  if (value !== '') {
    out.push({ name, value });
    out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return out;
}

/** Only the named labels (`on`, `by`), or all but them (`ignoring`, `without`, which also drop the name). */
export function projectLabels(labels: Labels, names: readonly string[], keep: boolean): Labels {
  if (keep) return labels.filter((l) => names.includes(l.name));
  return labels.filter((l) => l.name !== METRIC_NAME && !names.includes(l.name));
}

/** A string key of a label set (what maps group and match by). */
export function keyOf(labels: Labels): string {
  let key = keys.get(labels);
  if (key === undefined) {
    key = '';
    for (const l of labels) key += `${l.name}\xff${l.value}\xfe`;
    keys.set(labels, key);
  }
  return key;
}

/** Renders labels as Prometheus's `labels.Labels.String()` does, for error messages. */
export function labelsString(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}

/** The metric name of a label set, or ''. */
export function metricName(labels: Labels): string {
  for (const l of labels) if (l.name === METRIC_NAME) return l.value;
  return '';
}

/** Throws Prometheus's error when two samples of a vector have the same labels (after dropping names, say). */
export function assertUniqueLabels(samples: readonly Sample[]): void {
  if (samples.length < 2) return;
  const seen = new Set<string>();
  for (const s of samples) {
    const k = keyOf(s.labels);
    if (seen.has(k)) throw new PromqlError('eval', 'vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
}

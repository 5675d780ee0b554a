// A role graph draws one metric of every host of a role (features §1.7). Over 30 hosts the lines
// stop being readable, so the graph shows a summary instead: the sum for a stacked metric (what
// the hosts add up to), else the maximum, minimum and average of the hosts at each time.
import type { MetricPoint } from '../../api/types.ts';
import { type AlignedData, alignSeries } from '../graphs/align.ts';

/** Above this many hosts a role graph is simplified unless "Show all hosts" is on (features §1.7). */
export const SIMPLIFY_OVER = 30;

/** What a role graph draws: aligned columns with a label and stacking per series. */
export interface RoleChart {
  readonly data: AlignedData;
  readonly labels: readonly string[];
  readonly stacked: readonly boolean[];
  /** True when the hosts were summarized into sum or max/min/average. */
  readonly simplified: boolean;
}

/** A host with its legend label and its points of the metric. */
export interface HostPoints {
  readonly label: string;
  readonly points: readonly MetricPoint[];
}

/**
 * Per row, the sum of the values present (`sum`), or their maximum, minimum and average
 * (`spread`); a row where no host has a value stays a gap (null), so lines break as the hosts' do.
 */
export function summarize(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  kind: 'sum' | 'spread',
): Array<Array<number | null>> {
  const length = columns[0]?.length ?? 0;
  const out: Array<Array<number | null>> = kind === 'sum' ? [[]] : [[], [], []];
  for (let row = 0; row < length; row++) {
    let n = 0;
    let sum = 0;
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (const c of columns) {
      const v = c[row];
      if (v == null) continue;
      n++;
      sum += v;
      if (v > max) max = v;
      if (v < min) min = v;
    }
    if (kind === 'sum') (out[0] as Array<number | null>).push(n === 0 ? null : sum);
    else {
      (out[0] as Array<number | null>).push(n === 0 ? null : max);
      (out[1] as Array<number | null>).push(n === 0 ? null : min);
      (out[2] as Array<number | null>).push(n === 0 ? null : sum / n);
    }
  }
  return out;
}

/**
 * The role graph of one metric: a series per host that has points (hosts without any are left
 * out of the legend), stacked when the metric stacks; over SIMPLIFY_OVER hosts and unless
 * `showAll`, the summary of `summarize` instead.
 */
export function roleChart(hosts: readonly HostPoints[], stacked: boolean, step: number, showAll: boolean): RoleChart {
  const withData = hosts.filter((h) => h.points.length > 0);
  const data = alignSeries(
    withData.map((h) => h.points),
    step,
  );
  if (showAll || withData.length <= SIMPLIFY_OVER) {
    return { data, labels: withData.map((h) => h.label), stacked: withData.map(() => stacked), simplified: false };
  }
  const n = withData.length;
  if (stacked) {
    return {
      data: { times: data.times, columns: summarize(data.columns, 'sum') },
      labels: [`sum of ${n} hosts`],
      stacked: [true],
      simplified: true,
    };
  }
  return {
    data: { times: data.times, columns: summarize(data.columns, 'spread') },
    labels: [`max of ${n} hosts`, `min of ${n} hosts`, `average of ${n} hosts`],
    stacked: [false, false, false],
    simplified: true,
  };
}

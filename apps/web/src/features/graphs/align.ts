// Turns per-metric point lists into the columns a uPlot chart draws: one shared time axis and one
// value column per series, with stacked series summed bottom to top.
import type { MetricPoint } from '../../api/types.ts';

/** A shared time axis (epoch seconds, ascending) and one value column per series, null where it has no point. */
export interface AlignedData {
  readonly times: number[];
  readonly columns: Array<Array<number | null>>;
}

/**
 * Joins the series on a grid of `step` seconds (a value's time rounded down to it, a later value
 * in the same slot winning). Where no series has a value for more than one step, a row of nulls
 * goes in the gap, so lines break there instead of drawing across an outage.
 */
export function alignSeries(series: ReadonlyArray<readonly MetricPoint[]>, step: number): AlignedData {
  const slots = new Map<number, Array<number | null>>();
  series.forEach((points, i) => {
    for (const p of points) {
      const t = Math.floor(p.time / step) * step;
      let row = slots.get(t);
      if (row === undefined) {
        row = new Array<number | null>(series.length).fill(null);
        slots.set(t, row);
      }
      row[i] = p.value;
    }
  });
  const sorted = [...slots.keys()].sort((a, b) => a - b);
  const times: number[] = [];
  const columns: Array<Array<number | null>> = series.map(() => []);
  let prev: number | undefined;
  for (const t of sorted) {
    if (prev !== undefined && t - prev > step) {
      times.push(prev + step);
      for (const c of columns) c.push(null);
    }
    times.push(t);
    const row = slots.get(t) as Array<number | null>;
    row.forEach((v, i) => {
      columns[i]?.push(v);
    });
    prev = t;
  }
  return { times, columns };
}

/**
 * The columns as drawn: each stacked series is the running sum of the stacked series up to it
 * (a missing value adding nothing, a row where all are missing staying a gap); lines are as they are.
 */
export function stackColumns(
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
  stacked: readonly boolean[],
): Array<Array<number | null>> {
  const out = columns.map((c) => [...c]);
  const length = columns[0]?.length ?? 0;
  for (let row = 0; row < length; row++) {
    let any = false;
    for (let i = 0; i < columns.length; i++) if (stacked[i] && columns[i]?.[row] != null) any = true;
    let sum = 0;
    for (let i = 0; i < columns.length; i++) {
      if (!stacked[i]) continue;
      sum += columns[i]?.[row] ?? 0;
      (out[i] as Array<number | null>)[row] = any ? sum : null;
    }
  }
  return out;
}

// Where annotation bands go on a chart: each band is the part of its time range inside the
// chart's window, as fractions of the plot's width (so it needs no re-placing when the chart
// is resized), with its title on the first of a few label lanes where it does not cover another.

/** A time range to mark on a chart, with what hovering or focusing it shows. */
export interface ChartBand {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Epoch seconds; `from` = `to` marks an instant. */
  readonly from: number;
  readonly to: number;
}

/** A band placed on a chart: `left` and `width` as fractions of the plot's width, and its label lane. */
export interface PlacedBand extends ChartBand {
  readonly left: number;
  readonly width: number;
  readonly lane: number;
}

/** Label lanes stacked at the top of the plot; a fourth overlapping label shares the first lane. */
export const LANES = 3;
/** A title takes about this share of a 600 px plot (a dozen characters): labels closer than that overlap. */
const LABEL_SHARE = 0.15;

/** The bands that show in [from, to], clipped to it, ordered by start, with a lane each. */
export function placeBands(bands: readonly ChartBand[], from: number, to: number): PlacedBand[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const laneEnds = new Array<number>(LANES).fill(Number.NEGATIVE_INFINITY);
  return [...bands]
    .filter((b) => b.to >= from && b.from <= to)
    .sort((a, b) => a.from - b.from || a.to - b.to || (a.id < b.id ? -1 : 1))
    .map((b) => {
      const left = (Math.max(b.from, from) - from) / span;
      const width = (Math.min(b.to, to) - Math.max(b.from, from)) / span;
      const free = laneEnds.findIndex((end) => end <= left);
      const lane = Math.max(free, 0);
      laneEnds[lane] = left + Math.max(width, LABEL_SHARE);
      return { ...b, left, width, lane };
    });
}

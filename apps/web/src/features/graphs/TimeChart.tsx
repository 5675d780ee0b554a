import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { type ChartColours, chartColours, useTheme } from '../../app/theme.ts';
import type { AlignedData } from './align.ts';
import { stackColumns } from './align.ts';
import type { ChartBand } from './bands.ts';
import { mountBands } from './ChartBands.tsx';
import { formatValue } from './units.ts';

/** What one chart draws: aligned columns, a label and stacking per series, the unit and the x range. */
export interface ChartInput {
  readonly data: AlignedData;
  readonly labels: readonly string[];
  readonly stacked: readonly boolean[];
  readonly unit: string;
  /** The x range in epoch seconds: the whole requested window, even where there is no data. */
  readonly from: number;
  readonly to: number;
  /** The canvas height in px (default 200): dashboard widgets fill their grid cells. */
  readonly height?: number;
  /** A fixed y-axis range (dashboard valueRange); a missing bound is automatic. */
  readonly yRange?: { readonly min?: number; readonly max?: number };
  /** Horizontal lines drawn with their label (dashboard referenceLines). */
  readonly referenceLines?: ReadonlyArray<{ readonly label: string; readonly value: number }>;
}

const HEIGHT = 200;

/** The y range: the widget's fixed bounds where given, otherwise from 0 (or below) to a little over the top. */
function yRangeOf(input: ChartInput, min: number, max: number): [number, number] {
  const lines = (input.referenceLines ?? []).map((l) => l.value);
  const top = Math.max(max, ...lines);
  const lo = input.yRange?.min ?? Math.min(0, min);
  const hi = input.yRange?.max ?? (top > 0 ? top * 1.08 : 1);
  return [lo, hi > lo ? hi : lo + 1];
}

/** Draws each reference line across the plot, dashed, with its label above it at the left. */
function drawReferenceLines(u: uPlot, input: ChartInput, colours: ChartColours): void {
  const ctx = u.ctx;
  for (const line of input.referenceLines ?? []) {
    const y = Math.round(u.valToPos(line.value, 'y', true));
    if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) continue;
    ctx.save();
    ctx.strokeStyle = colours.axis;
    ctx.fillStyle = colours.axis;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.font = colours.font.replace(/^(\d+)px/, (_m, px: string) => `${Number(px) * devicePixelRatio}px`);
    ctx.fillText(line.label, u.bbox.left + 4 * devicePixelRatio, y - 4 * devicePixelRatio);
    ctx.restore();
  }
}
/** Stacked areas at this opacity (hex alpha 0x59 ≈ 0.35) keep the lines of the other series readable. */
const FILL_ALPHA = '59';

/** The last value of a column: what the legend shows while the pointer is off the chart. */
function latest(column: ReadonlyArray<number | null> | undefined): number | null {
  if (column === undefined) return null;
  for (let i = column.length - 1; i >= 0; i--) if (column[i] != null) return column[i] as number;
  return null;
}

/** Room for the longest label of the y axis: about 7.5 px a character at 12 px, plus the tick and gaps. */
function axisWidth(_u: uPlot, values: string[] | null): number {
  const longest = values === null ? 4 : Math.max(4, ...values.map((v) => v.length));
  return Math.ceil(longest * 7.5) + 24;
}

function fill(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour + FILL_ALPHA : colour;
}

/** uPlot's options for `input` in `colours`; a drag across the plot calls `onZoom` with the dragged range. */
function chartOptions(
  input: ChartInput,
  colours: ChartColours,
  width: number,
  onZoom: ((from: number, to: number) => void) | undefined,
): uPlot.Options {
  const { labels, stacked, unit, data } = input;
  const series: uPlot.Series[] = [
    {
      value: (_u, v) =>
        v === null
          ? 'latest'
          : new Date(v * 1000).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }),
    },
  ];
  const bands: uPlot.Band[] = [];
  let below = -1;
  labels.forEach((label, i) => {
    const colour = colours.series[i % colours.series.length] as string;
    series.push({
      label,
      stroke: colour,
      width: 1.5,
      ...(stacked[i] ? { fill: fill(colour) } : {}),
      // The legend shows each series' own value, not the stacked sum it is drawn at.
      value: (_u, _v, _si, idx) => formatValue(idx === null ? latest(data.columns[i]) : data.columns[i]?.[idx], unit),
      points: { show: false },
    });
    if (stacked[i]) {
      // Each stacked area fills down to the one below it, not to zero over it.
      if (below >= 0) bands.push({ series: [i + 1, below + 1] });
      below = i;
    }
  });
  const axis = {
    stroke: colours.axis,
    font: colours.font,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.grid, width: 1 },
  };
  return {
    width,
    height: input.height ?? HEIGHT,
    series,
    bands,
    scales: {
      x: { time: true, range: () => [input.from, input.to] },
      y: { range: (_u, min, max) => yRangeOf(input, min, max) },
    },
    axes: [axis, { ...axis, size: axisWidth, values: (_u, splits) => splits.map((v) => formatValue(v, unit)) }],
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    hooks: {
      draw: [(u) => drawReferenceLines(u, input, colours)],
      setSelect: [
        (u) => {
          if (u.select.width < 2 || onZoom === undefined) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          onZoom(from, to);
        },
      ],
    },
  };
}

/** Draws `input` into `el` with the current theme's colours; the caller destroys the chart. */
export function drawChart(el: HTMLElement, input: ChartInput, onZoom?: (from: number, to: number) => void): uPlot {
  const width = el.clientWidth > 0 ? el.clientWidth : 600;
  const drawn = stackColumns(input.data.columns, input.stacked);
  return new uPlot(chartOptions(input, chartColours(), width, onZoom), [input.data.times, ...drawn], el);
}

/** A time-series chart on canvas (uPlot): follows its container's width and the theme; drag to zoom. */
export function TimeChart(props: {
  input: ChartInput;
  onZoom?: (from: number, to: number) => void;
  /** Annotation bands drawn over the plot (features §1.7). */
  bands?: readonly ChartBand[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onZoom = useRef(props.onZoom);
  onZoom.current = props.onZoom;
  const [theme] = useTheme();
  // New points or bands (a live minute's refresh) wait while a drag is under way: a redraw would drop it.
  const dragging = useRef(false);
  const held = useRef({ input: props.input, bands: props.bands });
  const [, release] = useState(0);
  if (!dragging.current) held.current = { input: props.input, bands: props.bands };
  const { input, bands } = held.current;
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return undefined;
    const chart = drawChart(el, input, (from, to) => onZoom.current?.(from, to));
    const resize = new ResizeObserver(() => {
      if (el.clientWidth > 0 && el.clientWidth !== chart.width)
        chart.setSize({ width: el.clientWidth, height: input.height ?? HEIGHT });
    });
    resize.observe(el);
    const unband = bands?.length ? mountBands(chart, bands, input.from, input.to) : undefined;
    const press = () => {
      dragging.current = true;
    };
    // uPlot ends its drag on the document's mouseup; this runs after it, on the window.
    const lift = () => {
      if (!dragging.current) return;
      dragging.current = false;
      release((n) => n + 1);
    };
    chart.over.addEventListener('mousedown', press);
    window.addEventListener('mouseup', lift);
    return () => {
      chart.over.removeEventListener('mousedown', press);
      window.removeEventListener('mouseup', lift);
      unband?.();
      resize.disconnect();
      chart.destroy();
    };
  }, [input, bands, theme]);
  // The legend under the canvas is a table of the series and their values, which screen readers read.
  return <div class="chart" ref={ref} />;
}

// The browser side of ui.bench.ts: draws one chart of `series` × `points` with the UI's own chart
// code and reports how long uPlot took, from its construction to its first draw.
import { alignSeries } from '../features/graphs/align.ts';
import { type ChartInput, drawChart } from '../features/graphs/TimeChart.tsx';

declare global {
  interface Window {
    /** Milliseconds to draw one chart, and how many of its canvas pixels are painted. */
    sabaChartBench: (series: number, points: number) => Promise<{ ms: number; ink: number }>;
  }
}

window.sabaChartBench = async (seriesCount, points) => {
  const el = document.createElement('div');
  el.style.width = '1200px';
  document.body.append(el);
  const end = 1_700_000_000;
  const series = Array.from({ length: seriesCount }, (_, s) =>
    Array.from({ length: points }, (_, i) => ({
      time: end - (points - i) * 60,
      value: 50 + 40 * Math.sin(i / 50 + s) + s + Math.random() * 5,
    })),
  );
  const input: ChartInput = {
    data: alignSeries(series, 60),
    labels: series.map((_, s) => `series ${s}`),
    stacked: series.map(() => false),
    unit: 'float',
    from: end - points * 60,
    to: end,
  };
  const started = performance.now();
  const chart = drawChart(el, input);
  // uPlot draws in a microtask its constructor queued; this await runs after it.
  await Promise.resolve();
  const ms = performance.now() - started;
  const canvas = el.querySelector('canvas') as HTMLCanvasElement;
  const px = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) ink++;
  chart.destroy();
  el.remove();
  return { ms, ink };
};

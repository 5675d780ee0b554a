import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MetricPoint } from '../../api/types.ts';
import type { GraphSpec } from '../host/graph-groups.ts';
import { alignSeries } from './align.ts';
import type { ChartBand } from './bands.ts';
import type { Limiter } from './limiter.ts';
import { fetchingWindow, stepFor } from './ranges.ts';
import { type ChartInput, TimeChart } from './TimeChart.tsx';

/** Reads one metric's points in [from, to] of whatever the graph belongs to (a host, a service). */
export type MetricReader = (metric: string, from: number, to: number, signal: AbortSignal) => Promise<MetricPoint[]>;

/**
 * One graph of a host's or a service's metrics: fetches each series through the page's limiter
 * with `read` and draws them. `source` names what `read` reads (`host:<id>`, `service:<name>`):
 * the graph fetches again when it changes, not when the page makes a new `read` function.
 */
export function GraphCard(props: {
  source: string;
  read: MetricReader;
  spec: GraphSpec;
  from: number;
  to: number;
  limit: Limiter;
  onZoom: (from: number, to: number) => void;
  /** Annotation bands of the host's services (features §1.7). */
  bands?: readonly ChartBand[];
}) {
  const { source, read, spec, from, to, limit } = props;
  // The points with the window they were fetched for, so a chart never pairs new bounds with old data.
  const [fetched, setFetched] = useState<{ points: MetricPoint[][]; from: number; to: number } | undefined>(undefined);
  const [error, setError] = useState('');
  const names = spec.series.map((s) => s.metric).join('\n');
  useEffect(() => {
    const ac = new AbortController();
    Promise.all(spec.series.map((s) => limit(() => read(s.metric, from, to, ac.signal)))).then(
      (points) => {
        setFetched({ points, from, to });
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
    // `read` is left out on purpose: `source` says what it reads (see the doc above).
  }, [source, names, from, to, limit]);
  const input = useMemo((): ChartInput | undefined => {
    if (fetched === undefined || fetched.points.every((p) => p.length === 0)) return undefined;
    return {
      data: alignSeries(fetched.points, stepFor(fetched.to - fetched.from)),
      labels: spec.series.map((s) => s.label),
      stacked: spec.series.map((s) => s.stacked),
      unit: spec.unit,
      from: fetched.from,
      to: fetched.to,
    };
  }, [fetched, spec]);
  const titleId = `graph-${source}-${spec.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const busy = fetchingWindow(fetched, { from, to }, error);
  return (
    <section class="graph-card" aria-labelledby={titleId} aria-busy={busy} data-graph={spec.key}>
      <h3 id={titleId} title={spec.key}>
        {spec.title}
      </h3>
      {error !== '' ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : fetched === undefined ? (
        <p class="chart-placeholder muted">Loading…</p>
      ) : input === undefined ? (
        <p class="chart-placeholder muted">No data in this range.</p>
      ) : (
        <TimeChart input={input} onZoom={props.onZoom} {...(props.bands ? { bands: props.bands } : {})} />
      )}
    </section>
  );
}

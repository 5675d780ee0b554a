import { useEffect, useMemo, useState } from 'preact/hooks';
import { type DashboardGraph, expressionGraph, roleHosts } from '../../api/dashboards.ts';
import { hostMetric, listGraphDefs, metricNames } from '../../api/hosts.ts';
import { rangeQuery } from '../../api/prometheus.ts';
import { serviceMetric, serviceMetricNames } from '../../api/services.ts';
import type { MetricPoint } from '../../api/types.ts';
import { chartSeries } from '../explore/prom-result.ts';
import { alignSeries } from '../graphs/align.ts';
import type { Limiter } from '../graphs/limiter.ts';
import { stepFor } from '../graphs/ranges.ts';
import { type ChartInput, TimeChart } from '../graphs/TimeChart.tsx';
import { hostLabel } from '../hosts/host-filter.ts';
import { filterLegend, pickGraph, roleGraphSeries } from './graph-pick.ts';

/** What a graph widget draws once fetched: a label, stacking and points per series, and the unit. */
interface Drawn {
  readonly labels: string[];
  readonly stacked: boolean[];
  readonly points: MetricPoint[][];
  readonly unit: string;
}

/** Fetches the series of `graph` over [from, to], each metric request through the page's limiter. */
async function fetchGraph(
  graph: DashboardGraph,
  legendList: readonly string[] | undefined,
  from: number,
  to: number,
  limit: Limiter,
  signal: AbortSignal,
): Promise<Drawn> {
  const none: Drawn = { labels: [], stacked: [], points: [], unit: 'float' };
  switch (graph.type) {
    case 'host': {
      const [names, defs] = await Promise.all([metricNames(graph.hostId, signal), listGraphDefs(signal)]);
      const spec = pickGraph(names, defs, graph.name);
      if (spec === undefined) return none;
      const s = filterLegend(spec, legendList).series;
      const points = await Promise.all(s.map((x) => limit(() => hostMetric(graph.hostId, x.metric, from, to, signal))));
      return { labels: s.map((x) => x.label), stacked: s.map((x) => x.stacked), points, unit: spec.unit };
    }
    case 'role': {
      const [hosts, defs] = await Promise.all([roleHosts(graph.roleFullname, signal), listGraphDefs(signal)]);
      const specs = await Promise.all(
        hosts.map(async (h) => ({
          id: h.id,
          label: hostLabel(h),
          spec: pickGraph(await limit(() => metricNames(h.id, signal)), defs, graph.name),
        })),
      );
      const s = roleGraphSeries(specs, graph.isStacked);
      const points = await Promise.all(s.map((x) => limit(() => hostMetric(x.hostId, x.metric, from, to, signal))));
      const unit = specs.find((x) => x.spec !== undefined)?.spec?.unit ?? 'float';
      return { labels: s.map((x) => x.label), stacked: s.map((x) => x.stacked), points, unit };
    }
    case 'service': {
      const spec = pickGraph(await serviceMetricNames(graph.serviceName, signal), [], graph.name);
      if (spec === undefined) return none;
      const s = filterLegend(spec, legendList).series;
      const points = await Promise.all(
        s.map((x) => limit(() => serviceMetric(graph.serviceName, x.metric, from, to, signal))),
      );
      return { labels: s.map((x) => x.label), stacked: s.map((x) => x.stacked), points, unit: spec.unit };
    }
    case 'expression': {
      const series = await limit(() => expressionGraph(graph.expression, from, to, signal));
      return {
        labels: series.map((x) => (x.source !== '' && x.source !== x.name ? `${x.name} (${x.source})` : x.name)),
        stacked: series.map((x) => x.isStacked),
        points: series.map((x) => x.points),
        unit: 'float',
      };
    }
    case 'query': {
      // The step the chart aligns on, and a start on its grid, so each point has its own slot.
      const step = stepFor(to - from);
      const data = await limit(() => rangeQuery(graph.query, Math.floor(from / step) * step, to, step, signal));
      if (data.resultType !== 'matrix') throw new Error(`the query gives a ${data.resultType}; a graph needs series`);
      const s = chartSeries(data.result, graph.legend);
      return { labels: s.labels, stacked: s.labels.map(() => false), points: s.points, unit: 'float' };
    }
    default:
      return none;
  }
}

/** A graph widget's body: the chart in the widget's window, or why there is none. */
export function GraphWidget(props: {
  graph: DashboardGraph;
  legendList?: readonly string[] | undefined;
  valueRange?: { readonly min?: number; readonly max?: number } | undefined;
  referenceLines?: ReadonlyArray<{ readonly label: string; readonly value: number }> | undefined;
  from: number;
  to: number;
  height: number;
  limit: Limiter;
  onZoom?: ((from: number, to: number) => void) | undefined;
}) {
  const { graph, from, to, limit } = props;
  const [fetched, setFetched] = useState<(Drawn & { from: number; to: number }) | undefined>(undefined);
  const [error, setError] = useState('');
  const key = JSON.stringify([graph, props.legendList ?? []]);
  useEffect(() => {
    if (graph.type === 'unknown') return undefined;
    const ac = new AbortController();
    fetchGraph(graph, props.legendList, from, to, limit, ac.signal).then(
      (d) => {
        setFetched({ ...d, from, to });
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [key, from, to, limit]);
  const input = useMemo((): ChartInput | undefined => {
    if (fetched === undefined || fetched.points.every((p) => p.length === 0)) return undefined;
    return {
      data: alignSeries(fetched.points, stepFor(fetched.to - fetched.from)),
      labels: fetched.labels,
      stacked: fetched.stacked,
      unit: fetched.unit,
      from: fetched.from,
      to: fetched.to,
      height: props.height,
      ...(props.valueRange !== undefined ? { yRange: props.valueRange } : {}),
      ...(props.referenceLines !== undefined ? { referenceLines: props.referenceLines } : {}),
    };
  }, [fetched, props.height, JSON.stringify([props.valueRange, props.referenceLines])]);
  if (graph.type === 'unknown')
    return <p class="widget-notice">The host, role or service of this graph was deleted.</p>;
  if (error !== '') return <p class="error">{error}</p>;
  if (fetched === undefined) return <p class="chart-placeholder muted">Loading…</p>;
  if (input === undefined) return <p class="chart-placeholder muted">No data in this range.</p>;
  return <TimeChart input={input} {...(props.onZoom !== undefined ? { onZoom: props.onZoom } : {})} />;
}

import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { type RoleMetrics, roleMetrics } from '../../api/services.ts';
import type { ChartBand } from '../graphs/bands.ts';
import type { Limiter } from '../graphs/limiter.ts';
import { fetchingWindow, stepFor } from '../graphs/ranges.ts';
import { type ChartInput, TimeChart } from '../graphs/TimeChart.tsx';
import type { GraphSpec } from '../host/graph-groups.ts';
import { roleChart } from './role-series.ts';

/**
 * One graph group of a role: every metric of the group for every host of the role in one request,
 * one metric drawn at a time (chosen in the card) with a series per host, or their summary over 30.
 */
export function RoleGraphCard(props: {
  service: string;
  role: string;
  spec: GraphSpec;
  from: number;
  to: number;
  limit: Limiter;
  showAll: boolean;
  bands: readonly ChartBand[];
  onSelect: (from: number, to: number) => void;
}) {
  const { service, role, spec, from, to, limit } = props;
  const [fetched, setFetched] = useState<{ answer: RoleMetrics; from: number; to: number } | undefined>(undefined);
  const [error, setError] = useState('');
  const [metric, setMetric] = useState(spec.series[0]?.metric ?? '');
  const pickId = useId();
  const names = spec.series.map((s) => s.metric);
  const key = names.join('\n');
  useEffect(() => {
    const ac = new AbortController();
    limit(() => roleMetrics(service, role, names, from, to, ac.signal)).then(
      (answer) => {
        setFetched({ answer, from, to });
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [service, role, key, from, to, limit]);
  const series = spec.series.find((s) => s.metric === metric) ?? spec.series[0];
  const chart = useMemo(() => {
    if (fetched === undefined || series === undefined) return undefined;
    const byHost = fetched.answer.metrics[series.metric] ?? {};
    const hosts = fetched.answer.hosts.map((h) => ({ label: h.displayName ?? h.name, points: byHost[h.id] ?? [] }));
    return roleChart(hosts, series.stacked, stepFor(fetched.to - fetched.from), props.showAll);
  }, [fetched, series, props.showAll]);
  const input = useMemo((): ChartInput | undefined => {
    if (chart === undefined || fetched === undefined || chart.labels.length === 0) return undefined;
    return { ...chart, unit: spec.unit, from: fetched.from, to: fetched.to };
  }, [chart, fetched, spec.unit]);
  const titleId = `role-graph-${spec.key}`;
  const busy = fetchingWindow(fetched, { from, to }, error);
  return (
    <section class="graph-card" aria-labelledby={titleId} aria-busy={busy} data-graph={spec.key}>
      <h3 id={titleId} title={spec.key}>
        {spec.title}
      </h3>
      {spec.series.length > 1 && (
        <label class="metric-pick" for={pickId}>
          Metric
          <select id={pickId} value={series?.metric} onChange={(e) => setMetric(e.currentTarget.value)}>
            {spec.series.map((s) => (
              <option key={s.metric} value={s.metric}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {error !== '' ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : fetched === undefined ? (
        <p class="chart-placeholder muted">Loading…</p>
      ) : input === undefined ? (
        <p class="chart-placeholder muted">No data in this range.</p>
      ) : (
        <>
          <TimeChart input={input} onZoom={props.onSelect} bands={props.bands} />
          {chart?.simplified && (
            <p class="simplified-note">
              Over 30 hosts: {series?.stacked ? 'their sum' : 'their maximum, minimum and average'} is shown.
            </p>
          )}
        </>
      )}
    </section>
  );
}

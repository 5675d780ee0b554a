import { useEffect, useState } from 'preact/hooks';
import { type DashboardMetric, expressionGraph } from '../../api/dashboards.ts';
import { latestValues } from '../../api/hosts.ts';
import { instantQuery } from '../../api/prometheus.ts';
import { serviceMetric } from '../../api/services.ts';
import { singleValue } from '../explore/prom-result.ts';
import { type FormatRule, formatWidgetValue, matchedRule } from './value-format.ts';

/** How far back a service metric or an expression is read for its last value: a day, as tsdb/latest looks. */
const LOOKBACK_SEC = 86_400;

/** The latest value of `metric`, or undefined when there is none. */
async function latest(metric: DashboardMetric, signal: AbortSignal): Promise<number | undefined> {
  const now = Math.floor(Date.now() / 1000);
  switch (metric.type) {
    case 'host':
      return (await latestValues([metric.hostId], [metric.name], signal))[metric.hostId]?.[metric.name]?.value;
    case 'service': {
      const points = await serviceMetric(metric.serviceName, metric.name, now - LOOKBACK_SEC, now, signal);
      return points[points.length - 1]?.value;
    }
    case 'expression': {
      const series = await expressionGraph(metric.expression, now - LOOKBACK_SEC, now, signal);
      if (series.length > 1) throw new Error(`the expression gives ${series.length} series; a value needs one`);
      const points = series[0]?.points ?? [];
      return points[points.length - 1]?.value;
    }
    case 'query':
      // Evaluated now, as Prometheus's instant query looks back 5 minutes for each series' last sample.
      return singleValue(await instantQuery(metric.query, undefined, signal));
    default:
      return undefined;
  }
}

/** A value widget's body: the number, its suffix, and its format rule's name when the rule holds. */
export function ValueWidget(props: {
  metric: DashboardMetric;
  fractionSize?: number | undefined;
  suffix?: string | undefined;
  formatRules?: readonly FormatRule[] | undefined;
  tick: number;
}) {
  const { metric } = props;
  const [value, setValue] = useState<number | undefined | null>(null);
  const [error, setError] = useState('');
  const key = JSON.stringify(metric);
  useEffect(() => {
    if (metric.type === 'unknown') return undefined;
    const ac = new AbortController();
    latest(metric, ac.signal).then(
      (v) => {
        setValue(v);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [key, props.tick]);
  if (metric.type === 'unknown') return <p class="widget-notice">The host or service of this value was deleted.</p>;
  if (error !== '') return <p class="error">{error}</p>;
  if (value === null) return <p class="muted">Loading…</p>;
  if (value === undefined) return <p class="muted">No data.</p>;
  const rule = matchedRule(value, props.formatRules ?? []);
  return (
    <div class={`value-body${rule !== undefined ? ' value-alert' : ''}`}>
      <output class="value-number">{formatWidgetValue(value, props.fractionSize, props.suffix)}</output>
      {rule !== undefined && (
        <span class="value-rule">
          <span class="shape shape-triangle" aria-hidden="true" /> {rule.name || `${rule.operator} ${rule.threshold}`}
        </span>
      )}
    </div>
  );
}

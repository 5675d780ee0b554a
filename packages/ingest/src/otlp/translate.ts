// A decoded OTLP request -> labelled samples, as Prometheus 3.x's OTLP receiver translates it
// (docs/otlp.md has the whole table). Per data point the labels are, later ones winning:
//   1. the point's attributes, escaped (keys that escape alike are merged, values joined by `;`);
//   2. every resource attribute not already named by step 1 (promote_all_resource_attributes);
//   3. the scope: otel_scope_name, otel_scope_version, otel_scope_schema_url, otel_scope_<attr>;
//   4. job = [service.namespace/]service.name, instance = service.instance.id;
//   5. __name__ (and le or quantile), and __saba_labeled__="1" (decision 0013).
// A point that cannot be stored is counted as rejected with a reason, for OTLP's partial success.
import {
  BadDataError,
  LABELED_LABEL,
  LABELED_VALUE,
  type Labels,
  LimitError,
  labelsFromRecord,
  METRIC_NAME,
  STALE_NAN,
} from '@saba/model';
import { attributeValue, formatFloat, labelName, metricName, type NameKind } from './names.ts';
import {
  type KeyValue,
  type Metric,
  type MetricsRequest,
  NO_RECORDED_VALUE,
  type PointBase,
  type ResourceMetrics,
  type ScopeMetrics,
} from './request.ts';

/** One sample to store. */
export interface Sample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

/** What a request translates to: samples, and the data points that were refused and why. */
export interface Translation {
  readonly samples: Sample[];
  rejectedPoints: number;
  /** Distinct reasons, at most MAX_REASONS of them. */
  readonly reasons: string[];
}

const MAX_REASONS = 5;

/** Translates a decoded request. Throws BadDataError when an attribute claims the reserved label, LimitError past `maxSamples`. */
export function translate(req: MetricsRequest, maxSamples: number): Translation {
  const out: Translation = { samples: [], rejectedPoints: 0, reasons: [] };
  for (const rm of req.resources) {
    const resource = resourceLabels(rm);
    for (const sm of rm.scopes) {
      const scope = scopeLabels(sm);
      for (const m of sm.metrics) {
        translateMetric(m, resource, scope, out);
        if (out.samples.length > maxSamples) {
          throw new LimitError(`the request holds more than ${maxSamples} samples; send smaller batches`);
        }
      }
    }
  }
  return out;
}

interface ResourceLabels {
  /** Every resource attribute as a label, by escaped name (the first of a name wins). */
  readonly promoted: ReadonlyMap<string, string>;
  /** job and instance. */
  readonly identity: ReadonlyMap<string, string>;
}

function resourceLabels(rm: ResourceMetrics): ResourceLabels {
  const promoted = new Map<string, string>();
  for (const kv of sortByKey(rm.attributes)) {
    // A resource attribute whose key cannot be a label name is left out rather than refusing every point.
    const name = checkedName(kv.key);
    if (name !== '' && !promoted.has(name)) promoted.set(name, attributeValue(kv.value));
  }
  const identity = new Map<string, string>();
  const attr = (key: string) => {
    let found: KeyValue | undefined;
    for (const kv of rm.attributes) if (kv.key === key) found = kv;
    return found === undefined ? undefined : attributeValue(found.value);
  };
  const service = attr('service.name');
  if (service !== undefined) {
    const ns = attr('service.namespace');
    identity.set('job', ns === undefined ? service : `${ns}/${service}`);
  }
  const instance = attr('service.instance.id');
  if (instance !== undefined) identity.set('instance', instance);
  return { promoted, identity };
}

function scopeLabels(sm: ScopeMetrics): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (sm.name === '') return out;
  out.set('otel_scope_name', sm.name);
  out.set('otel_scope_version', sm.version);
  out.set('otel_scope_schema_url', sm.schemaUrl);
  for (const kv of sm.attributes) {
    const name = checkedName(`otel_scope_${kv.key}`);
    if (name !== '') out.set(name, attributeValue(kv.value));
  }
  return out;
}

/** The escaped label name of `key`; the reserved mark is refused outright (decision 0013). */
function checkedName(key: string): string {
  const name = labelName(key);
  if (name === LABELED_LABEL)
    throw new BadDataError(`attribute ${JSON.stringify(key)} names the reserved label ${LABELED_LABEL}`);
  return name;
}

function sortByKey(kvs: readonly KeyValue[]): KeyValue[] {
  return [...kvs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function reject(out: Translation, points: number, reason: string): void {
  out.rejectedPoints += points;
  if (out.reasons.length < MAX_REASONS && !out.reasons.includes(reason)) out.reasons.push(reason);
}

function kindOf(m: Metric): NameKind | undefined {
  const d = m.data;
  if (d === undefined) return undefined;
  if (d.type === 'sum') return d.monotonic ? 'counter' : 'non_monotonic_counter';
  return d.type;
}

function translateMetric(
  m: Metric,
  resource: ResourceLabels,
  scope: ReadonlyMap<string, string>,
  out: Translation,
): void {
  const d = m.data;
  const kind = kindOf(m);
  if (d === undefined || kind === undefined) {
    reject(out, 0, `metric ${JSON.stringify(m.name)} has no data of a known type`);
    return;
  }
  const name = metricName(m.name, m.unit, kind);
  if (name === '') {
    reject(out, d.points.length, `metric name ${JSON.stringify(m.name)} has no character a Prometheus name can hold`);
    return;
  }
  // Delta is stored as sent (Prometheus's otlp-native-delta-ingestion); only an unset temporality is refused.
  if (d.type !== 'gauge' && d.type !== 'summary' && d.temporality !== 1 && d.temporality !== 2) {
    reject(out, d.points.length, `invalid temporality and type combination for metric ${JSON.stringify(m.name)}`);
    return;
  }
  const push = (base: Map<string, string>, series: string, t: number, v: number, extra?: [string, string]) => {
    const record: Record<string, string> = Object.fromEntries(base);
    record[METRIC_NAME] = series;
    if (extra !== undefined) record[extra[0]] = extra[1];
    record[LABELED_LABEL] = LABELED_VALUE;
    out.samples.push({ labels: labelsFromRecord(record), t, v });
  };
  switch (d.type) {
    case 'gauge':
    case 'sum':
      for (const p of d.points) {
        const base = pointLabels(p, resource, scope, m.name, out);
        if (base !== undefined) push(base, name, p.timeMs, stale(p) ? STALE_NAN : p.value);
      }
      return;
    case 'histogram':
      for (const p of d.points) {
        const base = pointLabels(p, resource, scope, m.name, out);
        if (base === undefined) continue;
        const none = stale(p);
        if (p.sum !== undefined) push(base, `${name}_sum`, p.timeMs, none ? STALE_NAN : p.sum);
        push(base, `${name}_count`, p.timeMs, none ? STALE_NAN : p.count);
        // Buckets are cumulative in Prometheus; OTLP's counts are per bucket, one more than bounds.
        let cumulative = 0;
        const n = Math.min(p.explicitBounds.length, p.bucketCounts.length);
        for (let i = 0; i < n; i++) {
          cumulative += p.bucketCounts[i] as number;
          const le = formatFloat(p.explicitBounds[i] as number);
          push(base, `${name}_bucket`, p.timeMs, none ? STALE_NAN : cumulative, ['le', le]);
        }
        push(base, `${name}_bucket`, p.timeMs, none ? STALE_NAN : p.count, ['le', '+Inf']);
      }
      return;
    case 'exponential_histogram':
      // Prometheus makes a native histogram of it; Saba has none yet, so count and sum are kept.
      for (const p of d.points) {
        const base = pointLabels(p, resource, scope, m.name, out);
        if (base === undefined) continue;
        const none = stale(p);
        if (p.sum !== undefined) push(base, `${name}_sum`, p.timeMs, none ? STALE_NAN : p.sum);
        push(base, `${name}_count`, p.timeMs, none ? STALE_NAN : p.count);
      }
      return;
    case 'summary':
      for (const p of d.points) {
        const base = pointLabels(p, resource, scope, m.name, out);
        if (base === undefined) continue;
        const none = stale(p);
        push(base, `${name}_sum`, p.timeMs, none ? STALE_NAN : p.sum);
        push(base, `${name}_count`, p.timeMs, none ? STALE_NAN : p.count);
        for (const q of p.quantiles) {
          push(base, name, p.timeMs, none ? STALE_NAN : q.value, ['quantile', formatFloat(q.quantile)]);
        }
      }
      return;
  }
}

function stale(p: PointBase): boolean {
  return (p.flags & NO_RECORDED_VALUE) !== 0;
}

/** Steps 1-4 of the labels of one point; undefined (and counted) when an attribute key cannot be a label name. */
function pointLabels(
  p: PointBase,
  resource: ResourceLabels,
  scope: ReadonlyMap<string, string>,
  metric: string,
  out: Translation,
): Map<string, string> | undefined {
  const l = new Map<string, string>();
  for (const kv of sortByKey(p.attributes)) {
    const name = checkedName(kv.key);
    if (name === '') {
      reject(
        out,
        1,
        `attribute key ${JSON.stringify(kv.key)} of metric ${JSON.stringify(metric)} is not a valid label name`,
      );
      return undefined;
    }
    const value = attributeValue(kv.value);
    const had = l.get(name);
    l.set(name, had === undefined ? value : `${had};${value}`);
  }
  for (const [name, value] of resource.promoted) if (!l.has(name)) l.set(name, value);
  for (const [name, value] of scope) l.set(name, value);
  for (const [name, value] of resource.identity) l.set(name, value);
  return l;
}

// `POST /api/v0/tsdb` bodies (spec mackerel-api.md §4.1): a bare array of
// `{"hostId", "name", "time", "value"}`, many hosts mixed in one request.
import type { HostId } from '@saba/model';
import { checkNameTimeValue, fieldError, itemObject, type MetricValue, metricArray } from './metric-value.ts';

/** One posted host metric value, once checked. */
export interface HostMetricValue extends MetricValue {
  readonly hostId: HostId;
}

/** A checked host metric body. */
export interface HostMetrics {
  /** The body itself (checked in place, not copied). */
  readonly items: readonly HostMetricValue[];
  /** The distinct host ids, in order of first appearance. */
  readonly hostIds: readonly HostId[];
}

/**
 * Checks every item of a host metric body in one pass, copying nothing, and throws
 * BadDataError (LimitError past `maxItems`) naming the first bad item and field.
 */
export function parseHostMetrics(body: unknown, maxItems: number): HostMetrics {
  const items = metricArray(body, maxItems);
  const hostIds = new Set<HostId>();
  let last = '';
  for (let i = 0; i < items.length; i++) {
    const item = itemObject(items[i], i);
    const hostId = item.hostId;
    if (typeof hostId !== 'string' || hostId.length === 0) throw fieldError(i, 'hostId', 'must be a non-empty string');
    // An agent posts its host's values together, so most items repeat the previous id and skip the Set.
    if (hostId !== last) {
      hostIds.add(hostId as HostId);
      last = hostId;
    }
    checkNameTimeValue(item, i);
  }
  return { items: items as readonly HostMetricValue[], hostIds: [...hostIds] };
}

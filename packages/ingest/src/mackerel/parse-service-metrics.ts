// `POST /api/v0/services/<service>/tsdb` bodies (spec mackerel-api.md §5): a bare array of
// `{"name", "time", "value"}`, the same name charset and time rules as host metrics.
import { checkNameTimeValue, itemObject, type MetricValue, metricArray } from './metric-value.ts';

/**
 * Checks every item of a service metric body in one pass, copying nothing; returns the body
 * itself, or throws BadDataError (LimitError past `maxItems`) naming the first bad item and field.
 */
export function parseServiceMetrics(body: unknown, maxItems: number): readonly MetricValue[] {
  const items = metricArray(body, maxItems);
  for (let i = 0; i < items.length; i++) checkNameTimeValue(itemObject(items[i], i), i);
  return items as readonly MetricValue[];
}

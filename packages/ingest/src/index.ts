export { HOST_LABEL, hostSeriesLabels, SERVICE_LABEL, serviceSeriesLabels } from '@saba/model';
export {
  DEFAULT_REF_CACHE_ENTRIES,
  type HostLookup,
  MackerelIngest,
  type MackerelIngestOptions,
  type StoredHostMetrics,
  type StoredServiceMetrics,
} from './mackerel/ingest.ts';
export { DEFAULT_MAX_ITEMS, MAX_METRIC_NAME_LENGTH, METRIC_NAME_PATTERN } from './mackerel/metric-value.ts';

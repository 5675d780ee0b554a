// The labels a Mackerel metric is stored under. The API's read side builds its matchers from
// the same names, so a host metric written here is the one `GET /hosts/<id>/metrics` finds.
import type { HostId } from './ids.ts';
import { type Labels, labelsFromRecord, METRIC_NAME } from './labels.ts';

/** The label that holds the host id of a host metric. */
export const HOST_LABEL = 'host';

/** The label that holds the service name of a service metric. */
export const SERVICE_LABEL = 'service';

/** The series of host metric `name` of host `hostId`: `{__name__: name, host: hostId}`. */
export function hostSeriesLabels(hostId: HostId, name: string): Labels {
  return labelsFromRecord({ [METRIC_NAME]: name, [HOST_LABEL]: hostId });
}

/** The series of service metric `name` of service `service`: `{__name__: name, service: service}`. */
export function serviceSeriesLabels(service: string, name: string): Labels {
  return labelsFromRecord({ [METRIC_NAME]: name, [SERVICE_LABEL]: service });
}

/**
 * The reserved label every labelled series carries (OTLP and Prometheus remote_write), with the
 * value LABELED_VALUE, and no Mackerel host or service series does: a labelled series named
 * `loadavg5` with a `host` label stays apart from the Mackerel metric (decision 0013).
 */
export const LABELED_LABEL = '__saba_labeled__';

/** The value of LABELED_LABEL. */
export const LABELED_VALUE = '1';

// The API calls of the service pages and graph annotations: public API v0 endpoints, and Saba's
// role metric endpoints (docs/role-metrics.md), which answer every host of a role at once.
import { ApiError, apiGet, apiSend, query } from './client.ts';
import type { MetricPoint } from './types.ts';

/** A graph annotation (spec api §13, docs/graph-annotations.md); no `roles` means the whole service. */
export interface GraphAnnotation {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly from: number;
  readonly to: number;
  readonly service: string;
  readonly roles?: readonly string[];
}

/** What POST and PUT take: an annotation without its id. */
export type AnnotationInput = Omit<GraphAnnotation, 'id'>;

/** A host of a role as the role metric endpoint lists it. */
export interface RoleHost {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
}

/** `GET .../roles/<role>/metrics`: the role's hosts, and points by metric name then host id. */
export interface RoleMetrics {
  readonly hosts: readonly RoleHost[];
  readonly metrics: Readonly<Record<string, Readonly<Record<string, readonly MetricPoint[]>>>>;
}

/** The server takes at most 50 names a request (MAX_ROLE_METRIC_NAMES). */
const NAMES_PER_REQUEST = 50;

const svcPath = (service: string) => `/api/v0/services/${encodeURIComponent(service)}`;
const rolePath = (service: string, role: string) => `${svcPath(service)}/roles/${encodeURIComponent(role)}`;

/** The names of every metric posted to the service. */
export async function serviceMetricNames(service: string, signal?: AbortSignal): Promise<string[]> {
  return (await apiGet<{ names: string[] }>(`${svcPath(service)}/metric-names`, signal)).names;
}

/** One service metric's points in [from, to]; none when it was never posted (the API's 404). */
export async function serviceMetric(
  service: string,
  name: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<MetricPoint[]> {
  const q = query([
    ['name', name],
    ['from', from],
    ['to', to],
  ]);
  try {
    return (await apiGet<{ metrics: MetricPoint[] }>(`${svcPath(service)}/metrics${q}`, signal)).metrics;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** The names of every metric the role's live hosts have posted. */
export async function roleMetricNames(service: string, role: string, signal?: AbortSignal): Promise<string[]> {
  return (await apiGet<{ names: string[] }>(`${rolePath(service, role)}/metric-names`, signal)).names;
}

/** The points of `names` for every live host of the role in [from, to], 50 names a request. */
export async function roleMetrics(
  service: string,
  role: string,
  names: readonly string[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<RoleMetrics> {
  const parts: RoleMetrics[] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_REQUEST) {
    const q = query([
      ...names.slice(i, i + NAMES_PER_REQUEST).map((n) => ['name', n] as const),
      ['from', from],
      ['to', to],
    ]);
    parts.push(await apiGet<RoleMetrics>(`${rolePath(service, role)}/metrics${q}`, signal));
  }
  return {
    hosts: parts[0]?.hosts ?? [],
    metrics: Object.assign({}, ...parts.map((p) => p.metrics)) as RoleMetrics['metrics'],
  };
}

/** The service's annotations (its roles' included) that intersect [from, to]. */
export async function listAnnotations(
  service: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<GraphAnnotation[]> {
  const q = query([
    ['service', service],
    ['from', from],
    ['to', to],
  ]);
  return (await apiGet<{ graphAnnotations: GraphAnnotation[] }>(`/api/v0/graph-annotations${q}`, signal))
    .graphAnnotations;
}

/** Creates an annotation. */
export function createAnnotation(input: AnnotationInput): Promise<GraphAnnotation> {
  return apiSend<GraphAnnotation>('POST', '/api/v0/graph-annotations', input);
}

/** Replaces an annotation (every field: left-out roles mean the whole service). */
export function updateAnnotation(id: string, input: AnnotationInput): Promise<GraphAnnotation> {
  return apiSend<GraphAnnotation>('PUT', `/api/v0/graph-annotations/${encodeURIComponent(id)}`, input);
}

/** Deletes an annotation. */
export async function deleteAnnotation(id: string): Promise<void> {
  await apiSend('DELETE', `/api/v0/graph-annotations/${encodeURIComponent(id)}`);
}

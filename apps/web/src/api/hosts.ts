// The API calls of the host pages, each one public API v0 endpoint (STYLE habit 7: no back door).
import { ApiError, apiGet, apiSend, query } from './client.ts';
import {
  type Alert,
  type GraphDef,
  HOST_STATUSES,
  type Host,
  type HostStatus,
  type LatestValues,
  type MetricPoint,
  type Service,
} from './types.ts';

/** The bulk endpoints take at most 30 hosts (spec §2.1). */
const BULK = 30;
/** Open alerts are listed 100 a page; ten pages is more than any page about one host shows. */
const MAX_ALERT_PAGES = 10;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every host that is not retired, whatever its status (the API's default leaves out maintenance and poweroff). */
export async function listHosts(signal?: AbortSignal): Promise<Host[]> {
  const q = query(HOST_STATUSES.map((s) => ['status', s] as const));
  return (await apiGet<{ hosts: Host[] }>(`/api/v0/hosts${q}`, signal)).hosts;
}

/** One host, retired or not. */
export async function getHost(id: string, signal?: AbortSignal): Promise<Host> {
  return (await apiGet<{ host: Host }>(`/api/v0/hosts/${encodeURIComponent(id)}`, signal)).host;
}

/** The organization's services with their roles. */
export async function listServices(signal?: AbortSignal): Promise<Service[]> {
  return (await apiGet<{ services: Service[] }>('/api/v0/services', signal)).services;
}

/** The latest values of `names` (wildcards allowed) for the hosts `ids`. */
export async function latestValues(
  ids: readonly string[],
  names: readonly string[],
  signal?: AbortSignal,
): Promise<LatestValues> {
  const q = query([...ids.map((id) => ['hostId', id] as const), ...names.map((n) => ['name', n] as const)]);
  return (await apiGet<{ tsdbLatest: LatestValues }>(`/api/v0/tsdb/latest${q}`, signal)).tsdbLatest;
}

/** The names of every metric the host has posted. */
export async function metricNames(id: string, signal?: AbortSignal): Promise<string[]> {
  return (await apiGet<{ names: string[] }>(`/api/v0/hosts/${encodeURIComponent(id)}/metric-names`, signal)).names;
}

/** One metric's points in [from, to]; none when the host never posted it (the API's 404). */
export async function hostMetric(
  id: string,
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
    return (await apiGet<{ metrics: MetricPoint[] }>(`/api/v0/hosts/${encodeURIComponent(id)}/metrics${q}`, signal))
      .metrics;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

/** The organization's custom graph definitions. */
export async function listGraphDefs(signal?: AbortSignal): Promise<GraphDef[]> {
  return (await apiGet<{ graphDefs: GraphDef[] }>('/api/v0/graph-defs', signal)).graphDefs;
}

/** The open alerts, following the pages. */
export async function openAlerts(signal?: AbortSignal): Promise<Alert[]> {
  const out: Alert[] = [];
  let next = '';
  for (let i = 0; i < MAX_ALERT_PAGES; i++) {
    const page = await apiGet<{ alerts: Alert[]; nextId?: string }>(
      `/api/v0/alerts${query([['nextId', next]])}`,
      signal,
    );
    out.push(...page.alerts);
    if (page.nextId === undefined) break;
    next = page.nextId;
  }
  return out;
}

/** Sets the status of hosts, 30 a request. */
export async function setHostStatus(ids: readonly string[], status: HostStatus): Promise<void> {
  if (ids.length === 1) {
    await apiSend('POST', `/api/v0/hosts/${encodeURIComponent(ids[0] as string)}/status`, { status });
    return;
  }
  for (const c of chunks(ids, BULK)) await apiSend('POST', '/api/v0/hosts/bulk-update-statuses', { ids: c, status });
}

/** Retires hosts, 30 a request; this cannot be undone (features §1.3). */
export async function retireHosts(ids: readonly string[]): Promise<void> {
  if (ids.length === 1) {
    await apiSend('POST', `/api/v0/hosts/${encodeURIComponent(ids[0] as string)}/retire`, {});
    return;
  }
  for (const c of chunks(ids, BULK)) await apiSend('POST', '/api/v0/hosts/bulk-retire', { ids: c });
}

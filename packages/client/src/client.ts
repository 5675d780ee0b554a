// The Mackerel API v0 calls Saba's agent (spec §15.5) and the saba CLI (mkr's commands) make, typed.
// Answers the CLI only prints are left as plain JSON objects: it shows them as the server sent them.
import { Transport, type TransportOptions } from './transport.ts';
import type {
  CheckReport,
  FindHostsParams,
  GraphAnnotation,
  GraphDefInput,
  Host,
  HostCreateInput,
  HostInput,
  HostMetricValue,
  HostStatus,
  MetricValue,
  Page,
} from './types.ts';

/** A JSON object as the server sent it. */
export type JsonObject = Record<string, unknown>;

/** Every status: the agent's host lookups by custom identifier ask for all four (spec §15.2). */
const ALL_STATUSES: readonly HostStatus[] = ['working', 'standby', 'maintenance', 'poweroff'];

/** A typed client of the Mackerel API v0 endpoints. */
export class MackerelClient {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  /** GET /api/v0/hosts?customIdentifier=…&status=(all four): the hosts carrying that identifier. */
  async findHostsByCustomIdentifier(customIdentifier: string): Promise<Host[]> {
    const q = new URLSearchParams({ customIdentifier });
    for (const s of ALL_STATUSES) q.append('status', s);
    const body = (await this.transport.request('GET', `/api/v0/hosts?${q}`)) as { hosts: Host[] };
    return body.hosts;
  }

  /** POST /api/v0/hosts: registers a host and returns its id. */
  async createHost(input: HostInput): Promise<string> {
    const body = (await this.transport.request('POST', '/api/v0/hosts', input)) as { id: string };
    return body.id;
  }

  /** GET /api/v0/hosts/<id>. */
  async getHost(hostId: string): Promise<Host> {
    const body = (await this.transport.request('GET', `/api/v0/hosts/${enc(hostId)}`)) as { host: Host };
    return body.host;
  }

  /** PUT /api/v0/hosts/<id>: replaces the host spec (roles are only added). */
  async updateHost(hostId: string, input: HostInput): Promise<void> {
    await this.transport.request('PUT', `/api/v0/hosts/${enc(hostId)}`, input);
  }

  /** POST /api/v0/hosts/<id>/status. */
  async updateHostStatus(hostId: string, status: HostStatus): Promise<void> {
    await this.transport.request('POST', `/api/v0/hosts/${enc(hostId)}/status`, { status });
  }

  /** POST /api/v0/hosts/<id>/retire with the body `null`, as the Go client sends it. */
  async retireHost(hostId: string): Promise<void> {
    await this.transport.request('POST', `/api/v0/hosts/${enc(hostId)}/retire`, null);
  }

  /** POST /api/v0/tsdb. */
  async postHostMetrics(values: readonly HostMetricValue[]): Promise<void> {
    await this.transport.request('POST', '/api/v0/tsdb', values);
  }

  /** POST /api/v0/graph-defs/create. */
  async createGraphDefs(defs: readonly GraphDefInput[]): Promise<void> {
    await this.transport.request('POST', '/api/v0/graph-defs/create', defs);
  }

  /** POST /api/v0/monitoring/checks/report. */
  async postCheckReports(reports: readonly CheckReport[]): Promise<void> {
    await this.transport.request('POST', '/api/v0/monitoring/checks/report', { reports });
  }

  /** PUT /api/v0/hosts/<id>/metadata/<namespace>. */
  async putHostMetadata(hostId: string, namespace: string, value: unknown): Promise<void> {
    await this.transport.request('PUT', `/api/v0/hosts/${enc(hostId)}/metadata/${enc(namespace)}`, value);
  }
}

/** Calls the CLI makes; the agent never loads more than the class above needs. */
export class MackerelCliClient extends MackerelClient {
  /** GET /api/v0/hosts with mkr's filters (no status filter: the server's default of working and standby). */
  async findHosts(p: FindHostsParams): Promise<Host[]> {
    const q = new URLSearchParams();
    if (p.name !== undefined && p.name !== '') q.set('name', p.name);
    if (p.service !== undefined && p.service !== '') q.set('service', p.service);
    for (const r of p.roles ?? []) q.append('role', r);
    for (const s of p.statuses ?? []) q.append('status', s);
    if (p.customIdentifier !== undefined) q.set('customIdentifier', p.customIdentifier);
    const qs = q.size === 0 ? '' : `?${q}`;
    const body = (await this.transport.request('GET', `/api/v0/hosts${qs}`)) as { hosts: Host[] };
    return body.hosts;
  }

  /** POST /api/v0/hosts with a standard host's fields; returns its id. */
  async createStandardHost(input: HostCreateInput): Promise<string> {
    const body = (await this.transport.request('POST', '/api/v0/hosts', input)) as { id: string };
    return body.id;
  }

  /** PUT /api/v0/hosts/<id>/role-fullnames: replaces the host's roles. */
  async updateHostRoleFullnames(hostId: string, roleFullnames: readonly string[]): Promise<void> {
    await this.transport.request('PUT', `/api/v0/hosts/${enc(hostId)}/role-fullnames`, { roleFullnames });
  }

  /** GET /api/v0/hosts/<id>/metric-names. */
  async listHostMetricNames(hostId: string): Promise<string[]> {
    const body = (await this.transport.request('GET', `/api/v0/hosts/${enc(hostId)}/metric-names`)) as {
      names: string[];
    };
    return body.names;
  }

  /** GET /api/v0/services/<name>/metric-names. */
  async listServiceMetricNames(service: string): Promise<string[]> {
    const path = `/api/v0/services/${enc(service)}/metric-names`;
    const body = (await this.transport.request('GET', path)) as { names: string[] };
    return body.names;
  }

  /** GET /api/v0/hosts/<id>/metrics?name=&from=&to=: the series' {time, value} points. */
  async fetchHostMetricValues(hostId: string, name: string, from: number, to: number): Promise<JsonObject[]> {
    const q = new URLSearchParams({ name, from: String(from), to: String(to) });
    const body = (await this.transport.request('GET', `/api/v0/hosts/${enc(hostId)}/metrics?${q}`)) as {
      metrics: JsonObject[];
    };
    return body.metrics;
  }

  /** GET /api/v0/services/<name>/metrics?name=&from=&to=. */
  async fetchServiceMetricValues(service: string, name: string, from: number, to: number): Promise<JsonObject[]> {
    const q = new URLSearchParams({ name, from: String(from), to: String(to) });
    const body = (await this.transport.request('GET', `/api/v0/services/${enc(service)}/metrics?${q}`)) as {
      metrics: JsonObject[];
    };
    return body.metrics;
  }

  /** GET /api/v0/tsdb/latest?hostId=…&name=…: host id -> metric name -> {time, value} or null. */
  async fetchLatestMetricValues(hostIds: readonly string[], names: readonly string[]): Promise<JsonObject> {
    const q = new URLSearchParams();
    for (const h of hostIds) q.append('hostId', h);
    for (const n of names) q.append('name', n);
    const body = (await this.transport.request('GET', `/api/v0/tsdb/latest?${q}`)) as { tsdbLatest: JsonObject };
    return body.tsdbLatest;
  }

  /** POST /api/v0/services/<name>/tsdb. */
  async postServiceMetrics(service: string, values: readonly MetricValue[]): Promise<void> {
    await this.transport.request('POST', `/api/v0/services/${enc(service)}/tsdb`, values);
  }

  /** GET /api/v0/services. */
  async listServices(): Promise<JsonObject[]> {
    const body = (await this.transport.request('GET', '/api/v0/services')) as { services: JsonObject[] };
    return body.services;
  }

  /** GET /api/v0/org. */
  async getOrg(): Promise<JsonObject> {
    return (await this.transport.request('GET', '/api/v0/org')) as JsonObject;
  }

  /** GET /api/v0/channels. */
  async listChannels(): Promise<JsonObject[]> {
    const body = (await this.transport.request('GET', '/api/v0/channels')) as { channels: JsonObject[] };
    return body.channels;
  }

  /** GET /api/v0/monitors. */
  async listMonitors(): Promise<JsonObject[]> {
    const body = (await this.transport.request('GET', '/api/v0/monitors')) as { monitors: JsonObject[] };
    return body.monitors;
  }

  /** POST /api/v0/monitors; returns the created monitor with its id. */
  async createMonitor(monitor: JsonObject): Promise<JsonObject> {
    return (await this.transport.request('POST', '/api/v0/monitors', monitor)) as JsonObject;
  }

  /** PUT /api/v0/monitors/<id>: replaces the monitor's settings; returns it. */
  async updateMonitor(monitorId: string, monitor: JsonObject): Promise<JsonObject> {
    return (await this.transport.request('PUT', `/api/v0/monitors/${enc(monitorId)}`, monitor)) as JsonObject;
  }

  /** DELETE /api/v0/monitors/<id>; returns the deleted monitor. */
  async deleteMonitor(monitorId: string): Promise<JsonObject> {
    return (await this.transport.request('DELETE', `/api/v0/monitors/${enc(monitorId)}`)) as JsonObject;
  }

  /** GET /api/v0/dashboards. */
  async listDashboards(): Promise<JsonObject[]> {
    const body = (await this.transport.request('GET', '/api/v0/dashboards')) as { dashboards: JsonObject[] };
    return body.dashboards;
  }

  /** GET /api/v0/dashboards/<id>. */
  async getDashboard(dashboardId: string): Promise<JsonObject> {
    return (await this.transport.request('GET', `/api/v0/dashboards/${enc(dashboardId)}`)) as JsonObject;
  }

  /** POST /api/v0/dashboards; returns the created dashboard. */
  async createDashboard(dashboard: JsonObject): Promise<JsonObject> {
    return (await this.transport.request('POST', '/api/v0/dashboards', dashboard)) as JsonObject;
  }

  /** PUT /api/v0/dashboards/<id>; returns the stored dashboard. */
  async updateDashboard(dashboardId: string, dashboard: JsonObject): Promise<JsonObject> {
    return (await this.transport.request('PUT', `/api/v0/dashboards/${enc(dashboardId)}`, dashboard)) as JsonObject;
  }

  /** GET /api/v0/alerts[?withClosed=true][&nextId=…]: one page. */
  async listAlerts(withClosed: boolean, nextId?: string): Promise<Page<JsonObject>> {
    const q = new URLSearchParams();
    if (withClosed) q.set('withClosed', 'true');
    if (nextId !== undefined) q.set('nextId', nextId);
    const qs = q.size === 0 ? '' : `?${q}`;
    const body = (await this.transport.request('GET', `/api/v0/alerts${qs}`)) as {
      alerts: JsonObject[];
      nextId?: string;
    };
    return { items: body.alerts, ...(body.nextId !== undefined ? { nextId: body.nextId } : {}) };
  }

  /** POST /api/v0/alerts/<id>/close with a reason; returns the closed alert. */
  async closeAlert(alertId: string, reason: string): Promise<JsonObject> {
    return (await this.transport.request('POST', `/api/v0/alerts/${enc(alertId)}/close`, { reason })) as JsonObject;
  }

  /** GET /api/v0/alerts/<id>/logs[?nextId=…]: one page of the alert's status history. */
  async alertLogs(alertId: string, nextId?: string): Promise<Page<JsonObject>> {
    const qs = nextId === undefined ? '' : `?${new URLSearchParams({ nextId })}`;
    const path = `/api/v0/alerts/${enc(alertId)}/logs${qs}`;
    const body = (await this.transport.request('GET', path)) as { logs: JsonObject[]; nextId?: string };
    return { items: body.logs, ...(body.nextId !== undefined ? { nextId: body.nextId } : {}) };
  }

  /** GET /api/v0/users. */
  async listUsers(): Promise<JsonObject[]> {
    const body = (await this.transport.request('GET', '/api/v0/users')) as { users: JsonObject[] };
    return body.users;
  }

  /** GET /api/v0/graph-annotations?service=&from=&to=. */
  async findGraphAnnotations(service: string, from: number, to: number): Promise<GraphAnnotation[]> {
    const q = new URLSearchParams({ service, from: String(from), to: String(to) });
    const body = (await this.transport.request('GET', `/api/v0/graph-annotations?${q}`)) as {
      graphAnnotations: GraphAnnotation[];
    };
    return body.graphAnnotations;
  }

  /** POST /api/v0/graph-annotations; returns the stored annotation. */
  async createGraphAnnotation(a: GraphAnnotation): Promise<GraphAnnotation> {
    return (await this.transport.request('POST', '/api/v0/graph-annotations', a)) as GraphAnnotation;
  }

  /** PUT /api/v0/graph-annotations/<id>; returns the stored annotation. */
  async updateGraphAnnotation(id: string, a: GraphAnnotation): Promise<GraphAnnotation> {
    return (await this.transport.request('PUT', `/api/v0/graph-annotations/${enc(id)}`, a)) as GraphAnnotation;
  }

  /** DELETE /api/v0/graph-annotations/<id>; returns the deleted annotation. */
  async deleteGraphAnnotation(id: string): Promise<GraphAnnotation> {
    return (await this.transport.request('DELETE', `/api/v0/graph-annotations/${enc(id)}`)) as GraphAnnotation;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

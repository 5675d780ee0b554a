// The Mackerel API v0 calls Saba's agent makes (spec §15.5), typed. The CLI adds its own as it lands.
import { Transport, type TransportOptions } from './transport.ts';
import type { CheckReport, GraphDefInput, Host, HostInput, HostMetricValue, HostStatus } from './types.ts';

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

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

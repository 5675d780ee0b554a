// The JSON shapes of Mackerel API v0 that Saba's own clients (agent, CLI) send and read.
// Field names are the wire names; optional fields are omitted, never sent as undefined.

/** Host status values (spec §2.5). */
export type HostStatus = 'working' | 'standby' | 'maintenance' | 'poweroff';

/** One network interface as the agent reports it (spec §2.3). */
export interface InterfaceSpec {
  name: string;
  macAddress?: string;
  ipv4Addresses?: string[];
  ipv6Addresses?: string[];
}

/** The `meta` object of a host: the agent's host spec, sent verbatim (spec §2.3). */
export interface HostMeta {
  'agent-name'?: string;
  'agent-version'?: string;
  'agent-revision'?: string;
  kernel?: Record<string, string>;
  cpu?: Record<string, string>[];
  memory?: Record<string, string>;
  block_device?: Record<string, Record<string, string>>;
  filesystem?: Record<string, FilesystemSpec>;
  cloud?: CloudSpec;
}

/** One entry of `meta.filesystem`, keyed by the df "Filesystem" column. */
export interface FilesystemSpec {
  kb_size: number;
  kb_used: number;
  kb_available: number;
  percent_used: string;
  mount: string;
}

/** `meta.cloud`: the provider name and its metadata strings. */
export interface CloudSpec {
  provider: string;
  metadata: Record<string, string>;
}

/** The body of POST /api/v0/hosts and PUT /api/v0/hosts/<id> (spec §2.2). */
export interface HostInput {
  name: string;
  displayName?: string;
  customIdentifier?: string;
  memo?: string;
  meta: HostMeta;
  interfaces: InterfaceSpec[] | null;
  roleFullnames: string[];
  checks: { name: string; memo?: string }[];
}

/** The host object as GET /api/v0/hosts/<id> returns it (the fields Saba's clients read). */
export interface Host {
  id: string;
  name: string;
  displayName?: string;
  customIdentifier?: string;
  status: HostStatus;
  memo: string;
  roles: Record<string, string[]>;
  isRetired: boolean;
  createdAt: number;
  meta: HostMeta;
  interfaces?: InterfaceSpec[];
}

/** One host metric value of POST /api/v0/tsdb (`time` in epoch seconds). */
export interface HostMetricValue {
  hostId: string;
  name: string;
  time: number;
  value: number;
}

/** A graph definition of POST /api/v0/graph-defs/create (spec §4.3). */
export interface GraphDefInput {
  name: string;
  displayName?: string;
  unit?: string;
  metrics: { name: string; displayName?: string; isStacked: boolean }[];
}

/** Check monitoring statuses (spec §6). */
export type CheckStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** One report of POST /api/v0/monitoring/checks/report (spec §6). */
export interface CheckReport {
  source: { type: 'host'; hostId: string };
  name: string;
  status: CheckStatus;
  message: string;
  occurredAt: number;
  notificationInterval?: number;
  maxCheckAttempts?: number;
}

/** GET /api/v0/hosts filters (spec §2.4); every field may be left out. */
export interface FindHostsParams {
  name?: string;
  service?: string;
  roles?: readonly string[];
  statuses?: readonly string[];
  customIdentifier?: string;
}

/** The body of POST /api/v0/hosts as mkr's `create` sends it: no meta, interfaces or checks. */
export interface HostCreateInput {
  name: string;
  displayName?: string;
  customIdentifier?: string;
  memo?: string;
  meta: HostMeta;
  roleFullnames: string[];
}

/** One service metric value of POST /api/v0/services/<name>/tsdb (`time` in epoch seconds). */
export interface MetricValue {
  name: string;
  time: number;
  value: number;
}

/** A graph annotation (spec §4.4); `id` is set on what the server returns. */
export interface GraphAnnotation {
  id?: string;
  title: string;
  description?: string;
  from: number;
  to: number;
  service: string;
  roles?: string[];
}

/** One page of GET /api/v0/alerts or /alerts/<id>/logs: the items and the id to continue from. */
export interface Page<T> {
  items: T[];
  nextId?: string;
}

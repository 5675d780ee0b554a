// The JSON shapes of the API v0 answers the web UI reads (spec mackerel-api.md), the fields it uses.
// @saba/client has the agent's shapes, but its index pulls in its node:http transport.

/** Host status values (spec §2.5), in the order the UI lists them. */
export const HOST_STATUSES = ['working', 'standby', 'maintenance', 'poweroff'] as const;

/** One host status. */
export type HostStatus = (typeof HOST_STATUSES)[number];

/** Alert status values (spec §9.1), in the order of severity the UI lists them. */
export const ALERT_STATUSES = ['CRITICAL', 'WARNING', 'UNKNOWN', 'OK'] as const;

/** One alert status. */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One network interface as the agent reports it. */
export interface HostInterface {
  readonly name: string;
  readonly macAddress?: string;
  readonly ipv4Addresses?: readonly string[];
  readonly ipv6Addresses?: readonly string[];
}

/** One `meta.filesystem` entry, keyed by the df "Filesystem" column. */
export interface FilesystemSpec {
  readonly kb_size?: number;
  readonly kb_used?: number;
  readonly kb_available?: number;
  readonly percent_used?: string;
  readonly mount?: string;
}

/** The agent's host spec in `meta` (spec §2.3); anything may be missing on hosts posted by hand. */
export interface HostMeta {
  readonly 'agent-version'?: string;
  readonly 'agent-name'?: string;
  readonly kernel?: Readonly<Record<string, string>>;
  readonly cpu?: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly memory?: Readonly<Record<string, string>>;
  readonly block_device?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly filesystem?: Readonly<Record<string, FilesystemSpec>>;
  readonly cloud?: { readonly provider?: string; readonly metadata?: Readonly<Record<string, unknown>> };
}

/** A host as `GET /api/v0/hosts` and `GET /api/v0/hosts/<id>` answer it. */
export interface Host {
  readonly id: string;
  readonly name: string;
  readonly displayName?: string;
  readonly status: HostStatus;
  readonly memo: string;
  /** Role names by service name. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  readonly isRetired: boolean;
  readonly createdAt: number;
  readonly meta: HostMeta;
  readonly interfaces?: readonly HostInterface[];
}

/** A service of `GET /api/v0/services`. */
export interface Service {
  readonly name: string;
  readonly memo: string;
  readonly roles: readonly string[];
}

/** One metric of a graph definition. */
export interface GraphDefMetric {
  readonly name: string;
  readonly displayName: string;
  readonly isStacked: boolean;
}

/** A custom graph definition of `GET /api/v0/graph-defs` (spec §4.3). */
export interface GraphDef {
  readonly name: string;
  readonly displayName: string;
  readonly unit: string;
  readonly metrics: readonly GraphDefMetric[];
}

/** One point of `GET /api/v0/hosts/<id>/metrics`: epoch seconds and a value. */
export interface MetricPoint {
  readonly time: number;
  readonly value: number;
}

/** The latest values of `GET /api/v0/tsdb/latest`, by host id then metric name. */
export type LatestValues = Readonly<Record<string, Readonly<Record<string, MetricPoint>>>>;

/** An alert of `GET /api/v0/alerts` (spec §9.1). */
export interface Alert {
  readonly id: string;
  readonly status: AlertStatus;
  readonly monitorId: string;
  readonly type: string;
  readonly hostId?: string;
  readonly value?: number;
  readonly message?: string;
  readonly openedAt: number;
}

/** The signed-in user, as the session endpoint answers it. */
export interface User {
  readonly id: string;
  readonly screenName: string;
  readonly email: string;
  readonly authority: string;
}

/** `GET/POST /api/v0/session`: who is signed in and the token every write must carry. */
export interface Session {
  readonly user: User;
  readonly csrfToken: string;
}

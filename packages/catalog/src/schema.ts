import type { Generated } from 'kysely';

// The tables as Kysely sees them. Column names are the SQL names; rows are mapped to the domain
// types of catalog.ts by each repository. Times are Unix seconds; booleans are 0/1 integers and
// JSON is text in both dialects, so one query text serves SQLite and PostgreSQL alike.

/** `orgs`: tenants. */
export interface OrgsTable {
  id: string;
  name: string;
  display_name: string | null;
  default_host_status: Generated<string>;
  created_at: number;
}

/** `api_keys`: key records; `key_hash` is the SHA-256 hex of the key text. */
export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  permission: string;
  key_hash: string;
  created_at: number;
}

/** `hosts`: one row per host, retired ones included. `meta` and `interfaces` are JSON text. */
export interface HostsTable {
  id: string;
  org_id: string;
  name: string;
  display_name: string | null;
  custom_identifier: string | null;
  size: string;
  status: string;
  memo: string;
  meta: string;
  interfaces: string;
  is_retired: Generated<number>;
  retired_at: number | null;
  created_at: number;
}

/** `services`: per organization. */
export interface ServicesTable {
  org_id: string;
  name: string;
  memo: string;
}

/** `roles`: per service. */
export interface RolesTable {
  org_id: string;
  service: string;
  name: string;
  memo: string;
}

/** `host_roles`: which host has which `service:role`. */
export interface HostRolesTable {
  host_id: string;
  org_id: string;
  service: string;
  role: string;
}

/** `host_checks`: the check names a host announced, in the order given. */
export interface HostChecksTable {
  host_id: string;
  position: number;
  name: string;
  memo: string;
}

/** `metadata`: one document per (org, target, namespace); unused target columns hold ''. */
export interface MetadataTable {
  org_id: string;
  kind: string;
  host_id: string;
  service: string;
  role: string;
  namespace: string;
  json: string;
  updated_at: number;
}

/** `graph_defs`: custom graph definitions; `metrics` is JSON text. */
export interface GraphDefsTable {
  org_id: string;
  name: string;
  display_name: string;
  unit: string;
  metrics: string;
}

/** `check_monitors`: the implicit monitor of each check name. */
export interface CheckMonitorsTable {
  id: string;
  org_id: string;
  name: string;
}

/** `check_states`: the latest report per (host, check name). */
export interface CheckStatesTable {
  org_id: string;
  host_id: string;
  name: string;
  monitor_id: string;
  status: string;
  message: string;
  occurred_at: number;
  notification_interval: number | null;
  max_check_attempts: number | null;
  consecutive_non_ok: number;
  updated_at: number;
  /** 1 when the host's checks list dropped the name while an open alert kept the state (check-prune.ts). */
  is_dropped: Generated<number>;
}

/** `monitors`: monitors made through the API; `body` is the rest of their JSON, as text. */
export interface MonitorsTable {
  id: string;
  org_id: string;
  type: string;
  name: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** `alerts`: open and closed alerts; `series` is JSON text. At most one open per (monitor_id, target). */
export interface AlertsTable {
  id: string;
  org_id: string;
  monitor_id: string;
  type: string;
  target: string;
  host_id: string | null;
  status: string;
  value: number | null;
  message: string | null;
  series: string | null;
  opened_at: number;
  closed_at: number | null;
  reason: string | null;
  memo: Generated<string>;
  status_changed_at: number;
  notified_at: number | null;
}

/** `alert_logs`: each alert's history; `position` counts from 0 in the order written, `status_detail` is JSON text. */
export interface AlertLogsTable {
  id: string;
  alert_id: string;
  org_id: string;
  position: number;
  status: string;
  trigger: string;
  monitor_id: string | null;
  target_value: number | null;
  status_detail: string | null;
  created_at: number;
}

/** `monitor_states`: the evaluation state per (monitor, target); `suppressed` is 0 or 1. */
export interface MonitorStatesTable {
  org_id: string;
  monitor_id: string;
  target: string;
  status: string;
  consecutive: number;
  observed_at: number;
  suppressed: number;
}

/** `downtimes` and `alert_group_settings`: one JSON document per row, as text. */
export interface DocsTable {
  id: string;
  org_id: string;
  body: string;
  created_at: number;
}

/** `alert_groups`: bundles of open alerts per alert group setting; `alert_ids` is JSON text. */
export interface AlertGroupsTable {
  id: string;
  org_id: string;
  setting_id: string;
  status: string;
  alert_ids: string;
  opened_at: number;
  closed_at: number | null;
  status_changed_at: number;
  notified_at: number | null;
}

/** `channels`: notification channels as JSON documents, and when delivery suspended them. */
export interface ChannelsTable extends DocsTable {
  suspended_at: number | null;
}

/** `notification_events`: the outbox of decided notifications, as JSON, until dispatched. */
export interface NotificationEventsTable {
  id: string;
  org_id: string;
  body: string;
  created_at: number;
  dispatched_at: number | null;
}

/** `notification_deliveries`: one per (event, channel), with its attempts. */
export interface NotificationDeliveriesTable {
  id: string;
  org_id: string;
  event_id: string;
  channel_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  last_attempt_at: number | null;
}

/** `graph_annotations`: titled time ranges on a service's graphs; `roles` is JSON text, null for the whole service. */
export interface GraphAnnotationsTable {
  id: string;
  org_id: string;
  service: string;
  roles: string | null;
  title: string;
  description: string;
  from_at: number;
  to_at: number;
  created_at: number;
}

/** `users`: people who sign in; `password_hash` is the API's self-describing scrypt string, never a password. */
export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  screen_name: string;
  password_hash: string;
  authority: string;
  created_at: number;
}

/** `sessions`: signed-in browsers; `token_hash` is the SHA-256 hex of the cookie's token. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

/** `dashboards`: custom dashboards; `body` is their memo and widgets as JSON text. */
export interface DashboardsTable {
  id: string;
  org_id: string;
  url_path: string;
  title: string;
  body: string;
  created_at: number;
  updated_at: number;
}

/** `saba_migrations`: the migrations applied, by name. */
export interface MigrationsTable {
  name: string;
  applied_at: number;
}

/** Every table of the catalog. */
export interface Database {
  orgs: OrgsTable;
  api_keys: ApiKeysTable;
  hosts: HostsTable;
  services: ServicesTable;
  roles: RolesTable;
  host_roles: HostRolesTable;
  host_checks: HostChecksTable;
  metadata: MetadataTable;
  graph_defs: GraphDefsTable;
  check_monitors: CheckMonitorsTable;
  check_states: CheckStatesTable;
  monitors: MonitorsTable;
  alerts: AlertsTable;
  alert_logs: AlertLogsTable;
  monitor_states: MonitorStatesTable;
  downtimes: DocsTable;
  alert_group_settings: DocsTable;
  alert_groups: AlertGroupsTable;
  channels: ChannelsTable;
  notification_groups: DocsTable;
  notification_events: NotificationEventsTable;
  notification_deliveries: NotificationDeliveriesTable;
  graph_annotations: GraphAnnotationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  dashboards: DashboardsTable;
  saba_migrations: MigrationsTable;
}

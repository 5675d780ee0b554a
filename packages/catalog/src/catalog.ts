// The catalog's contract: every repository interface that both drivers (SQLite, PostgreSQL)
// implement and one conformance suite tests (decision 0005). Over 500 lines because it is read as
// one API; a repository whose interface grows past a screen moves to a file of its own beside it.
import type { Alert, AlertGroup, AlertLog, HostId, MonitorState, MonitorType, OrgId, UnixSec } from '@saba/model';

/** Any JSON value, stored and returned verbatim. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** A host's status (spec §2.5): working and standby hosts are monitored; only working ones notify. */
export type HostStatus = 'working' | 'standby' | 'maintenance' | 'poweroff';
/** Every host status, in Mackerel's order. */
export const HOST_STATUSES: readonly HostStatus[] = ['working', 'standby', 'maintenance', 'poweroff'];

/** What an API key may do. */
export type Permission = 'read' | 'write';

/** A tenant. */
export interface Org {
  readonly id: OrgId;
  /** Globally unique, as in Mackerel. */
  readonly name: string;
  readonly displayName: string | null;
  /** The status given to hosts registered without one. */
  readonly defaultHostStatus: HostStatus;
  readonly createdAt: UnixSec;
}

/** An API key's record; the key itself is never stored, only its SHA-256. */
export interface ApiKey {
  readonly id: string;
  readonly orgId: OrgId;
  readonly name: string;
  readonly permission: Permission;
  readonly createdAt: UnixSec;
}

/** A user's role in an organization (spec features §6.1), highest first: owner > manager > collaborator > viewer. */
export type Authority = 'owner' | 'manager' | 'collaborator' | 'viewer';
/** Every authority, highest first. */
export const AUTHORITIES: readonly Authority[] = ['owner', 'manager', 'collaborator', 'viewer'];

/** The signed-in user behind a principal that came with a session cookie. */
export interface PrincipalUser {
  readonly id: string;
  readonly authority: Authority;
}

/** Who is calling: the organization and permission of a valid key, or of a signed-in user. */
export interface Principal {
  readonly orgId: OrgId;
  readonly permission: Permission;
  /** The API key's id; empty when a signed-in user calls (see `user`). */
  readonly keyId: string;
  /** Present only when a signed-in user calls with a session cookie rather than a key. */
  readonly user?: PrincipalUser;
}

/** One role of a host: `service:role`. */
export interface RoleRef {
  readonly service: string;
  readonly role: string;
}

/** A check-monitor name the host runs (announced in host create/update). */
export interface HostCheck {
  readonly name: string;
  readonly memo: string;
}

/** A host as stored. `meta` and `interfaces` are the agent's JSON, verbatim. */
export interface Host {
  readonly id: HostId;
  readonly orgId: OrgId;
  readonly name: string;
  readonly displayName: string | null;
  readonly customIdentifier: string | null;
  readonly size: 'standard' | 'micro';
  readonly status: HostStatus;
  readonly memo: string;
  readonly meta: JsonValue;
  readonly interfaces: JsonValue;
  /** Sorted by service, then role. */
  readonly roles: readonly RoleRef[];
  readonly checks: readonly HostCheck[];
  readonly isRetired: boolean;
  readonly retiredAt: UnixSec | null;
  readonly createdAt: UnixSec;
}

/** The fields of `POST /api/v0/hosts`, already validated (role names trimmed and checked). */
export interface HostCreate {
  readonly name: string;
  readonly displayName: string | null;
  readonly customIdentifier: string | null;
  readonly memo: string;
  readonly meta: JsonValue;
  readonly interfaces: JsonValue;
  readonly roles: readonly RoleRef[];
  readonly checks: readonly HostCheck[];
  /** Absent: the organization's default. */
  readonly status?: HostStatus;
}

/**
 * The fields of `PUT /api/v0/hosts/<id>`. `undefined` keeps the stored value (displayName,
 * memo); customIdentifier `null` clears it; roles are only added; checks replace the list.
 */
export interface HostUpdate {
  readonly name: string;
  readonly displayName: string | undefined;
  readonly customIdentifier: string | null;
  readonly memo: string | undefined;
  readonly meta: JsonValue;
  readonly interfaces: JsonValue;
  readonly roles: readonly RoleRef[];
  readonly checks: readonly HostCheck[];
}

/** `GET /api/v0/hosts` filters (spec §2.4). Retired hosts never match. */
export interface HostFilter {
  readonly service?: string;
  /** Union of these roles within `service`; ignored without `service`. */
  readonly roles?: readonly string[];
  readonly name?: string;
  /** Empty or absent: working and standby. */
  readonly statuses?: readonly HostStatus[];
  readonly customIdentifier?: string;
}

/** What ingest needs to know of a host on every metric post, cheaply. */
export interface HostState {
  readonly id: HostId;
  readonly isRetired: boolean;
}

/**
 * Notification events a write stores in its own transaction, made from what it did, so that no
 * crash can keep a change and lose its notification (spec features §4.3 events).
 */
export type OutboxOf<T> = (done: T) => readonly OutboxEvent[];

/** A host whose status a `setStatus` changed, with the status it had. */
export interface HostStatusChange {
  readonly hostId: HostId;
  readonly previousStatus: HostStatus;
}

/** Hosts of one organization. Every method is scoped to `org`: other organizations' hosts are invisible. */
export interface HostRepo {
  /**
   * Creates a host (auto-creating unknown services and roles) in one transaction, with the
   * outbox events `outbox` makes of its new id; returns the id. ConflictError if
   * `customIdentifier` is taken by a live host.
   */
  create(org: OrgId, input: HostCreate, now: UnixSec, outbox?: OutboxOf<HostId>): Promise<HostId>;
  /** The host, retired or not; undefined if absent. */
  get(org: OrgId, id: HostId): Promise<Host | undefined>;
  /** The oldest live host with this custom identifier (ASCII case-insensitively if asked). */
  getByCustomIdentifier(org: OrgId, customIdentifier: string, caseInsensitive: boolean): Promise<Host | undefined>;
  /** Live hosts matching the filter, oldest first. */
  list(org: OrgId, filter: HostFilter): Promise<Host[]>;
  /** Retired state of each of `ids` that exists in `org`. */
  states(org: OrgId, ids: readonly HostId[]): Promise<Map<HostId, HostState>>;
  /** Applies a PUT (spec §2.2) in one transaction. NotFoundError if absent; BadDataError if retired; ConflictError on a taken customIdentifier. */
  update(org: OrgId, id: HostId, input: HostUpdate): Promise<void>;
  /**
   * Sets the status of every host in `ids`, all or none, with the outbox events `outbox` makes of
   * the hosts whose status changed; returns those. NotFoundError (nothing changed) if any is
   * absent or retired.
   */
  setStatus(
    org: OrgId,
    ids: readonly HostId[],
    status: HostStatus,
    outbox?: OutboxOf<readonly HostStatusChange[]>,
  ): Promise<HostStatusChange[]>;
  /** Replaces the host's whole role set (auto-creating services/roles). NotFoundError if absent or retired. */
  setRoles(org: OrgId, id: HostId, roles: readonly RoleRef[]): Promise<void>;
  /**
   * Retires every host in `ids`, all or none: removes roles, marks retired, and closes the
   * hosts' open alerts silently (status OK, reason "retire host", a log entry of trigger
   * `hostRetire`) and drops evaluation states whose target is one of the hosts. Returns the
   * alerts as closed. `outbox` makes the events stored with it of the hosts that were live, as
   * they were (with their roles). NotFoundError (nothing changed) if any is absent; retiring a
   * retired host is a no-op.
   */
  retire(org: OrgId, ids: readonly HostId[], now: UnixSec, outbox?: OutboxOf<readonly Host[]>): Promise<Alert[]>;
}

/** A service with its role names sorted. */
export interface Service {
  readonly name: string;
  readonly memo: string;
  readonly roles: readonly string[];
}

/** A role of a service. */
export interface Role {
  readonly name: string;
  readonly memo: string;
}

/** Services and their roles. Names are case-sensitive; lists are sorted by name. */
export interface ServiceRepo {
  list(org: OrgId): Promise<Service[]>;
  get(org: OrgId, name: string): Promise<Service | undefined>;
  /** ConflictError if it exists. */
  create(org: OrgId, name: string, memo: string): Promise<Service>;
  /**
   * Deletes the service, its roles, host memberships, metadata and graph annotations, closes the
   * open alerts of service monitors on it (reason "delete service", trigger `serviceDelete`), and
   * applies `cleanup` to what names it, all in one transaction; the alerts of monitors `cleanup`
   * deletes close the same way. Returns the service as it was, every alert as closed and the
   * deleted monitors as they were. NotFoundError (nothing changed) if absent.
   */
  delete(
    org: OrgId,
    name: string,
    now: UnixSec,
    cleanup?: ReferenceCleanup,
  ): Promise<{ service: Service; closed: Alert[]; deletedMonitors: MonitorRecord[] }>;
  /** NotFoundError if the service is absent. */
  listRoles(org: OrgId, service: string): Promise<Role[]>;
  /** NotFoundError if the service is absent; ConflictError if the role exists. */
  createRole(org: OrgId, service: string, name: string, memo: string): Promise<Role>;
  /**
   * Deletes the role, its host memberships and metadata, and applies `cleanup` to what names it,
   * in one transaction; the alerts of monitors `cleanup` deletes close (reason "delete monitor",
   * trigger `monitorDelete`). Returns the role as it was, the alerts as closed and the deleted
   * monitors as they were. NotFoundError (nothing changed) if absent.
   */
  deleteRole(
    org: OrgId,
    service: string,
    name: string,
    now: UnixSec,
    cleanup?: ReferenceCleanup,
  ): Promise<{ role: Role; closed: Alert[]; deletedMonitors: MonitorRecord[] }>;
}

/** What becomes of one stored setting that names a deleted service, role or monitor. */
export type Cleanup<T> = 'keep' | 'delete' | { readonly replace: T };

/**
 * How a service, role or monitor delete rewrites the settings that name it: monitors, downtimes,
 * alert group settings and notification groups. The caller decides, since it knows their schemas
 * (the catalog stores them as JSON it does not read); the catalog applies the decisions in the
 * delete's own transaction, so that no setting is left naming what is gone, and none is changed
 * if the delete fails. Without a cleanup, a delete leaves them as they are.
 */
export interface ReferenceCleanup {
  monitor(m: MonitorRecord): Cleanup<MonitorWrite>;
  /**
   * `deletedMonitors`: ids of the monitors deleted (by `monitor`, or the one a monitor delete
   * deletes), which monitor scopes may name.
   */
  downtime(d: DocRecord, deletedMonitors: ReadonlySet<string>): Cleanup<DocRecord['body']>;
  alertGroupSetting(d: DocRecord, deletedMonitors: ReadonlySet<string>): Cleanup<DocRecord['body']>;
  notificationGroup(d: DocRecord, deletedMonitors: ReadonlySet<string>): Cleanup<DocRecord['body']>;
  /** The outbox events of a monitor deleted (as it was) or rewritten (as it is now), as monitors.delete and replace store them. */
  outbox?: (m: MonitorRecord, action: 'update' | 'delete') => readonly OutboxEvent[];
}

/** What metadata belongs to. */
export type MetadataTarget =
  | { readonly kind: 'host'; readonly hostId: HostId }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'role'; readonly service: string; readonly role: string };

/** One stored metadata document: the JSON text as received, and when it was last written. */
export interface MetadataDoc {
  readonly json: string;
  readonly updatedAt: UnixSec;
}

/** Metadata documents per (target, namespace). The caller checks the target exists and the size. */
export interface MetadataRepo {
  get(org: OrgId, target: MetadataTarget, namespace: string): Promise<MetadataDoc | undefined>;
  /** Namespaces of the target, sorted. */
  list(org: OrgId, target: MetadataTarget): Promise<string[]>;
  /** Inserts or replaces. LimitError (nothing stored) if a new namespace would exceed `maxCount` for the target. */
  put(
    org: OrgId,
    target: MetadataTarget,
    namespace: string,
    json: string,
    now: UnixSec,
    maxCount: number,
  ): Promise<void>;
  /** NotFoundError if absent. */
  delete(org: OrgId, target: MetadataTarget, namespace: string): Promise<void>;
}

/** One metric of a graph definition. */
export interface GraphDefMetric {
  readonly name: string;
  readonly displayName: string;
  readonly isStacked: boolean;
}

/** A custom graph definition (spec §4.3), organization-wide, keyed by name. */
export interface GraphDef {
  readonly name: string;
  readonly displayName: string;
  readonly unit: string;
  readonly metrics: readonly GraphDefMetric[];
}

/** Graph definitions of host custom metrics. */
export interface GraphDefRepo {
  /** Inserts or replaces each by name, all in one transaction. */
  upsert(org: OrgId, defs: readonly GraphDef[]): Promise<void>;
  /** Sorted by name. */
  list(org: OrgId): Promise<GraphDef[]>;
  /** NotFoundError if absent. */
  delete(org: OrgId, name: string): Promise<void>;
}

/** A check report's status. */
export type CheckStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

/** A check report, validated (spec §6). */
export interface CheckReport {
  readonly hostId: HostId;
  readonly name: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly occurredAt: UnixSec;
  readonly notificationInterval: number | null;
  readonly maxCheckAttempts: number | null;
}

/** The implicit monitor of a check name: one per name per organization. */
export interface CheckMonitor {
  readonly id: string;
  readonly name: string;
}

/**
 * The latest state of one check on one host, kept for the monitor stage: the newest report, and
 * how many reports in a row (ending with it) were not OK.
 */
export interface CheckState extends CheckReport {
  readonly monitorId: string;
  readonly consecutiveNonOk: number;
  readonly updatedAt: UnixSec;
}

/** Check monitors and the latest state per (host, check). */
export interface CheckRepo {
  /**
   * Applies reports in order in one transaction, creating check monitors for new names. A report
   * whose occurredAt is not newer than the stored state's is a duplicate or stale and is ignored.
   * Returns how many changed the state.
   */
  report(org: OrgId, reports: readonly CheckReport[], now: UnixSec): Promise<number>;
  /** Check monitors by ascending id, starting after `afterId`. */
  listMonitors(org: OrgId, afterId: string | undefined, limit: number): Promise<CheckMonitor[]>;
  getMonitor(org: OrgId, id: string): Promise<CheckMonitor | undefined>;
  /** States of the host's checks, sorted by name. */
  states(org: OrgId, hostId: HostId): Promise<CheckState[]>;
  /** Every organization's check states with their organization (the engine re-judges unjudged reports at start). */
  listAllStates(): Promise<(CheckState & { readonly orgId: OrgId })[]>;
}

/** A monitor as stored (spec §8): type and name as columns, every other API field as JSON. */
export interface MonitorRecord {
  readonly id: string;
  readonly orgId: OrgId;
  /** Never `check`: check monitors live in CheckRepo. */
  readonly type: Exclude<MonitorType, 'check'>;
  readonly name: string;
  /** The monitor's API JSON without `id`, `type` and `name`, stored and returned verbatim. */
  readonly body: { readonly [k: string]: JsonValue };
  readonly createdAt: UnixSec;
  readonly updatedAt: UnixSec;
}

/** What is written for a monitor: its type (create only), name and the rest of its JSON. */
export interface MonitorWrite {
  readonly type: Exclude<MonitorType, 'check'>;
  readonly name: string;
  readonly body: { readonly [k: string]: JsonValue };
}

/** Monitors created through the API. */
export interface MonitorRepo {
  /** Stores a new monitor with a new id, and the outbox events `outbox` makes of it, in one transaction. */
  create(org: OrgId, input: MonitorWrite, now: UnixSec, outbox?: OutboxOf<MonitorRecord>): Promise<MonitorRecord>;
  get(org: OrgId, id: string): Promise<MonitorRecord | undefined>;
  /** The organization's monitors by type, then name, then id (spec §8.1). */
  list(org: OrgId): Promise<MonitorRecord[]>;
  /** Every organization's monitors (the engine loads them at start), in no particular order. */
  listAll(): Promise<MonitorRecord[]>;
  /**
   * Replaces name and body, with the outbox events `outbox` makes of the result, in one
   * transaction; the type must be the stored one (BadDataError otherwise). NotFoundError if absent.
   */
  replace(
    org: OrgId,
    id: string,
    input: MonitorWrite,
    now: UnixSec,
    outbox?: OutboxOf<MonitorRecord>,
  ): Promise<MonitorRecord>;
  /**
   * Deletes the monitor in one transaction with: its evaluation states; its open alerts closed
   * (status OK, closedAt now, reason `reason`, each with a log entry of trigger `monitorDelete`);
   * `monitorId` set to null on every log entry of its alerts; the outbox events `outbox` makes
   * of the monitor as it was; and `cleanup` applied to what names it, its documents told the
   * monitor is deleted (the alerts of any monitor `cleanup` deletes close the same way). Returns
   * the monitor and the alerts as closed. NotFoundError (nothing changed) if absent.
   */
  delete(
    org: OrgId,
    id: string,
    reason: string,
    now: UnixSec,
    outbox?: OutboxOf<MonitorRecord>,
    cleanup?: ReferenceCleanup,
  ): Promise<{ monitor: MonitorRecord; closed: Alert[] }>;
}

/** Which alerts a list returns (spec §9.1). */
export interface AlertListOptions {
  /** Include closed alerts (default: open ones only). */
  readonly withClosed: boolean;
  /** Only alerts after this one in the list order (the page's `nextId`); NotFoundError if unknown. */
  readonly afterId?: string;
  readonly limit: number;
}

/** Decisions of the monitor engine, applied together or not at all. */
export interface AlertBatch {
  /** New or changed alerts, whole records: inserted, or replacing the stored one of that id. */
  readonly alerts: readonly Alert[];
  /** Entries to append; each names an alert that exists or is in `alerts`. */
  readonly logs: readonly AlertLog[];
  /** Evaluation states to insert or replace by (monitorId, target). */
  readonly states: readonly MonitorState[];
  /** Evaluation states to remove. */
  readonly dropStates: readonly { readonly monitorId: string; readonly target: string }[];
  /** New or changed alert groups, whole records: inserted, or replacing the stored one of that id. */
  readonly groups: readonly AlertGroup[];
  /** Decided notifications, stored in the outbox with the decisions that made them. */
  readonly outbox: readonly OutboxEvent[];
}

/** Alerts, their logs and the monitors' evaluation states. */
export interface AlertRepo {
  get(org: OrgId, id: string): Promise<Alert | undefined>;
  /** Newest first: by openedAt descending, then id descending. */
  list(org: OrgId, options: AlertListOptions): Promise<Alert[]>;
  /** Every organization's open alerts (the engine loads them at start). */
  listOpen(): Promise<Alert[]>;
  /** The alert's log, newest first (by the order written), after `afterId` if given. NotFoundError if the alert is absent. */
  logs(org: OrgId, alertId: string, afterId: string | undefined, limit: number): Promise<AlertLog[]>;
  /** Sets the memo. NotFoundError if absent. */
  setMemo(org: OrgId, id: string, memo: string): Promise<void>;
  /** Applies a batch in one transaction. */
  apply(batch: AlertBatch): Promise<void>;
  /** Every organization's evaluation states (the engine loads them at start). */
  listStates(): Promise<MonitorState[]>;
  /** Every organization's open alert groups (the engine loads them at start). */
  listOpenGroups(): Promise<AlertGroup[]>;
  /** The organization's alert groups, newest first (open ones only unless `withClosed`), at most `limit`. */
  listGroups(org: OrgId, withClosed: boolean, limit: number): Promise<AlertGroup[]>;
}

/** A JSON document with an id: a downtime or an alert group setting, as the API answers it (without `id`). */
export interface DocRecord {
  readonly id: string;
  readonly orgId: OrgId;
  readonly body: { readonly [k: string]: JsonValue };
  readonly createdAt: UnixSec;
}

/** Documents of one kind (downtimes, alert group settings), validated by the caller. */
export interface DocRepo {
  create(org: OrgId, body: { readonly [k: string]: JsonValue }, now: UnixSec): Promise<DocRecord>;
  get(org: OrgId, id: string): Promise<DocRecord | undefined>;
  /** Oldest first, then by id. */
  list(org: OrgId): Promise<DocRecord[]>;
  /** Every organization's documents (the engine loads them at start). */
  listAll(): Promise<DocRecord[]>;
  /** Replaces the body. NotFoundError if absent. */
  replace(org: OrgId, id: string, body: { readonly [k: string]: JsonValue }): Promise<DocRecord>;
  /** Deletes and returns it as it was. NotFoundError if absent. */
  delete(org: OrgId, id: string): Promise<DocRecord>;
}

/** A decided notification in the outbox: the engine's event as JSON, until it is dispatched to channels. */
export interface OutboxEvent {
  readonly id: string;
  readonly orgId: OrgId;
  readonly body: JsonValue;
  readonly createdAt: UnixSec;
}

/** Where one delivery stands: waiting for an attempt, sent, or given up. */
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** One event's delivery to one channel. The idempotency key receivers see is `<eventId>.<channelId>`. */
export interface Delivery {
  readonly id: string;
  readonly orgId: OrgId;
  readonly eventId: string;
  readonly channelId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: UnixSec;
  readonly lastError: string | null;
  readonly createdAt: UnixSec;
  readonly sentAt: UnixSec | null;
  /** When it was last attempted (a failed one's give-up time); null before the first attempt. */
  readonly lastAttemptAt: UnixSec | null;
}

/** A delivery with the event it delivers, as a channel's list shows it. */
export interface ChannelDelivery extends Delivery {
  readonly event: OutboxEvent;
}

/** How one delivery attempt ended. */
export type AttemptResult =
  | { readonly sent: true }
  /** `retryAt` null: given up (a permanent failure, or too many attempts). */
  | { readonly sent: false; readonly error: string; readonly retryAt: UnixSec | null };

/** The durable outbox of notifications: events, then one delivery per (event, channel) with its attempts. */
export interface OutboxRepo {
  /** Events not yet dispatched, oldest first. */
  undispatched(limit: number): Promise<OutboxEvent[]>;
  /**
   * Creates the event's deliveries (one per channel, due `now`) and marks it dispatched, in one
   * transaction. False (nothing changed) when it was already dispatched. NotFoundError if absent.
   */
  dispatch(eventId: string, channelIds: readonly string[], now: UnixSec): Promise<boolean>;
  /** Pending deliveries due at `now`, soonest first, with their events. */
  due(now: UnixSec, limit: number): Promise<{ delivery: Delivery; event: OutboxEvent }[]>;
  /** Records an attempt of a pending delivery; one that is no longer pending is left alone. */
  recordAttempt(id: string, result: AttemptResult, now: UnixSec): Promise<void>;
  /** Makes a channel's pending deliveries due at `now` (it answered again: what waits on backoff goes now). */
  hurry(org: OrgId, channelId: string, now: UnixSec): Promise<number>;
  /**
   * Deletes finished history made before `before`: sent and failed deliveries, and dispatched
   * events none of whose deliveries is still pending. Returns how many deliveries went.
   */
  prune(before: UnixSec): Promise<number>;
  /** A channel's deliveries with their events, newest first (what the UI shows of a channel). */
  listForChannel(org: OrgId, channelId: string, limit: number): Promise<ChannelDelivery[]>;
}

/** Notification channels: documents, plus whether delivery suspended them. */
export interface ChannelRepo extends DocRepo {
  /** When each of the organization's suspended channels was suspended. */
  suspended(org: OrgId): Promise<Map<string, UnixSec>>;
  /** Suspends (`at`) or resumes (null) a channel. NotFoundError if absent. */
  setSuspended(org: OrgId, id: string, at: UnixSec | null): Promise<void>;
}

/** A graph annotation (spec api §13): a titled time range shown on a service's graphs. */
export interface GraphAnnotation {
  readonly id: string;
  readonly orgId: OrgId;
  readonly service: string;
  /** Role names within the service, in the order given; empty: the whole service. */
  readonly roles: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly from: UnixSec;
  readonly to: UnixSec;
  readonly createdAt: UnixSec;
}

/** What is written for a graph annotation, already validated (from <= to, roles of the service). */
export interface GraphAnnotationWrite {
  readonly service: string;
  readonly roles: readonly string[];
  readonly title: string;
  readonly description: string;
  readonly from: UnixSec;
  readonly to: UnixSec;
}

/**
 * Graph annotations. A service's delete takes its annotations with it; a role's delete leaves them
 * alone (they keep the role's name).
 */
export interface GraphAnnotationRepo {
  /** Stores a new annotation with a new id. NotFoundError if the service is absent. */
  create(org: OrgId, input: GraphAnnotationWrite, now: UnixSec): Promise<GraphAnnotation>;
  get(org: OrgId, id: string): Promise<GraphAnnotation | undefined>;
  /**
   * The service's annotations (its roles' included) whose range intersects [from, to], endpoints
   * included, by from, then id.
   */
  list(org: OrgId, service: string, from: UnixSec, to: UnixSec): Promise<GraphAnnotation[]>;
  /** Replaces every written field (the service too). NotFoundError if the annotation or the new service is absent. */
  replace(org: OrgId, id: string, input: GraphAnnotationWrite): Promise<GraphAnnotation>;
  /** Deletes and returns it as it was. NotFoundError if absent. */
  delete(org: OrgId, id: string): Promise<GraphAnnotation>;
}

/** A person who signs in to the web UI (spec api §14 User). The password hash is kept apart: see UserRepo.findLogin. */
export interface User {
  readonly id: string;
  readonly orgId: OrgId;
  /** As given; compared ASCII case-insensitively. */
  readonly email: string;
  readonly screenName: string;
  readonly authority: Authority;
  readonly createdAt: UnixSec;
}

/** The fields of a new user; `passwordHash` is the API's self-describing hash string, stored as it is. */
export interface UserCreate {
  readonly email: string;
  readonly screenName: string;
  readonly authority: Authority;
  readonly passwordHash: string;
}

/** Users of organizations. An email names one user on the whole server, compared ASCII case-insensitively. */
export interface UserRepo {
  /** ConflictError if the email is taken, in any organization; NotFoundError if the organization is absent. */
  create(org: OrgId, input: UserCreate, now: UnixSec): Promise<User>;
  get(org: OrgId, id: string): Promise<User | undefined>;
  /** The organization's users, oldest first, then by id. */
  list(org: OrgId): Promise<User[]>;
  /** The user of an email (in any case) with the stored password hash, for sign-in; undefined if none. */
  findLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined>;
  /** Replaces the password hash and ends every session of the user, in one transaction. NotFoundError if absent. */
  setPassword(userId: string, passwordHash: string): Promise<void>;
  /**
   * Deletes the organization's user `id` with its sessions, and returns it; NotFoundError if it is
   * not a member, ForbiddenError for the organization's creator (its first user), who never leaves.
   */
  delete(org: OrgId, id: string): Promise<User>;
}

/** A signed-in browser's session. The cookie's token is never stored, only its SHA-256. */
export interface Session {
  readonly tokenHash: string;
  readonly userId: string;
  /** What requests other than GET must echo in `X-Saba-Csrf-Token`. */
  readonly csrfToken: string;
  readonly createdAt: UnixSec;
  readonly expiresAt: UnixSec;
  readonly lastSeenAt: UnixSec;
}

/** Sessions of signed-in users. A session whose expiresAt is not after `now` is expired. */
export interface SessionRepo {
  /** Stores a new session and deletes every expired one, in one transaction. NotFoundError if the user is absent. */
  create(session: Session, now: UnixSec): Promise<void>;
  /** The unexpired session of a token hash, with its user; an expired one is deleted and not returned. */
  get(tokenHash: string, now: UnixSec): Promise<{ session: Session; user: User } | undefined>;
  /** Records that the session was used at `now`. */
  touch(tokenHash: string, now: UnixSec): Promise<void>;
  /** Deletes the session (sign-out); false if there was none. */
  delete(tokenHash: string): Promise<boolean>;
  /** Deletes every session expired at `now`; returns how many. */
  prune(now: UnixSec): Promise<number>;
}

/** A custom dashboard (spec api §12) as stored: its memo and widgets are the API's JSON, verbatim. */
export interface DashboardRecord {
  readonly id: string;
  readonly orgId: OrgId;
  readonly urlPath: string;
  readonly title: string;
  /** `memo` and `widgets` as the API validated them, stored and returned verbatim. */
  readonly body: { readonly [k: string]: JsonValue };
  readonly createdAt: UnixSec;
  readonly updatedAt: UnixSec;
}

/** What is written for a dashboard, already validated. */
export interface DashboardWrite {
  readonly urlPath: string;
  readonly title: string;
  readonly body: { readonly [k: string]: JsonValue };
}

/** Custom dashboards. A urlPath names at most one dashboard of an organization. */
export interface DashboardRepo {
  /** Stores a new dashboard with a new id. ConflictError if the urlPath is taken in the organization. */
  create(org: OrgId, input: DashboardWrite, now: UnixSec): Promise<DashboardRecord>;
  get(org: OrgId, id: string): Promise<DashboardRecord | undefined>;
  /** Oldest first, then by id. */
  list(org: OrgId): Promise<DashboardRecord[]>;
  /**
   * Replaces urlPath, title and body, and sets updatedAt, in one transaction. NotFoundError if
   * absent; ConflictError if another dashboard of the organization has the urlPath.
   */
  replace(org: OrgId, id: string, input: DashboardWrite, now: UnixSec): Promise<DashboardRecord>;
  /** Deletes and returns it as it was. NotFoundError if absent. */
  delete(org: OrgId, id: string): Promise<DashboardRecord>;
}

/** Organizations and their API keys. */
export interface OrgRepo {
  /** ConflictError if the name is taken. */
  create(name: string, displayName: string | null, now: UnixSec): Promise<Org>;
  get(id: OrgId): Promise<Org | undefined>;
  getByName(name: string): Promise<Org | undefined>;
  list(): Promise<Org[]>;
  /** Creates a key; returns its record and the key text, which is shown once and never stored. */
  createKey(org: OrgId, name: string, permission: Permission, now: UnixSec): Promise<{ key: string; record: ApiKey }>;
  /** Stores a key whose text the operator chose (SABA_API_KEY). ConflictError if that key exists. */
  importKey(org: OrgId, name: string, permission: Permission, key: string, now: UnixSec): Promise<ApiKey>;
  listKeys(org: OrgId): Promise<ApiKey[]>;
  /** NotFoundError if absent. */
  deleteKey(org: OrgId, keyId: string): Promise<void>;
  /** The principal of a key text, or undefined for an unknown key. */
  authenticate(key: string): Promise<Principal | undefined>;
}

/** The relational metadata store: one interface, a SQLite and a PostgreSQL driver. */
export interface Catalog {
  readonly orgs: OrgRepo;
  readonly hosts: HostRepo;
  readonly services: ServiceRepo;
  readonly metadata: MetadataRepo;
  readonly graphDefs: GraphDefRepo;
  readonly checks: CheckRepo;
  readonly monitors: MonitorRepo;
  readonly alerts: AlertRepo;
  readonly downtimes: DocRepo;
  readonly alertGroupSettings: DocRepo;
  readonly channels: ChannelRepo;
  readonly notificationGroups: DocRepo;
  readonly outbox: OutboxRepo;
  readonly dashboards: DashboardRepo;
  readonly graphAnnotations: GraphAnnotationRepo;
  readonly users: UserRepo;
  readonly sessions: SessionRepo;
  /** Whether the database answers (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

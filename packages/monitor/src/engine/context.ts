// What the engine's evaluators share: its dependencies, its in-memory view, the job queue and
// the commit of a job's decisions.
import type { HostId, OrgId, UnixSec } from '@saba/model';
import type { NotifyFunc } from '../alerts/events.ts';
import type { Monitor } from '../kinds/config.ts';
import { parseMonitor } from '../kinds/registry.ts';
import type { AlertSubject } from '../subject.ts';
import type { AnomalySchedule } from './anomaly-schedule.ts';
import type { Decisions } from './decisions.ts';
import type { OrgState } from './org-state.ts';
import type {
  AlertStore,
  CheckSource,
  Clock,
  DocSource,
  ExprSourceFor,
  HostFacts,
  HostMetricWriter,
  HostSource,
  ModelStore,
  MonitorSource,
  PointReader,
  PromqlRangeFunc,
  ServiceMetricWriter,
  StoredMonitor,
} from './ports.ts';
import type { RecentPoints } from './recent.ts';

/** Everything the engine is given. */
export interface EngineDeps {
  readonly monitors: MonitorSource;
  readonly downtimes: DocSource;
  readonly alertGroupSettings: DocSource;
  readonly alerts: AlertStore;
  readonly hosts: HostSource;
  readonly checks: CheckSource;
  readonly points: PointReader;
  readonly notify: NotifyFunc;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly log: (line: string) => void;
  /** Posts external monitors' response times; absent: not posted. */
  readonly writeServiceMetric?: ServiceMetricWriter;
  /** The expression source per organization; absent: expression monitors are not run. */
  readonly exprSource?: ExprSourceFor;
  /** Runs query monitors' PromQL; absent: query monitors are not run. */
  readonly promqlRange?: PromqlRangeFunc;
  /** Where anomaly models are kept; absent: anomalyDetection monitors are not run. */
  readonly models?: ModelStore;
  /** Writes the anomaly score of each scored host-minute; absent: not written. */
  readonly writeHostMetrics?: HostMetricWriter;
  /** When anomaly models are trained (defaults in anomaly-schedule.ts). */
  readonly anomaly?: AnomalySchedule;
  /** Local time zone of downtime recurrences (IANA name); default UTC. */
  readonly timeZone?: string;
  /** Seconds without any post before a host counts as gone (connectivity); default 600. */
  readonly connectivityTimeoutSec?: number;
  /**
   * How long host facts are cached, ms; default 5 minutes. Every API change of a host's status or
   * roles drops its entry at once (hostChanged), so this bounds only changes made elsewhere.
   */
  readonly hostCacheMs?: number;
}

/** A posted metric value. */
export interface PostedValue {
  readonly hostId: HostId;
  readonly name: string;
  readonly time: number;
  readonly value: number;
}

/** A stored check report, as the engine judges it. */
export interface ReportedCheck {
  readonly hostId: HostId;
  readonly name: string;
  readonly status: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
  readonly message: string;
  readonly occurredAt: number;
  readonly maxCheckAttempts: number | null;
}

/** The state the engine's evaluators share (see the evaluators in this folder). */
export interface EngineContext {
  readonly deps: EngineDeps;
  readonly recent: RecentPoints;
  readonly now: () => UnixSec;
  /** When the engine started (epoch s): silence is counted from here for what never posted. */
  readonly startedAt: number;
  org(org: OrgId): OrgState;
  hostFacts(org: OrgId, id: HostId): Promise<HostFacts | undefined>;
  /** Whether a downtime covers the subject now. */
  inDowntime(org: OrgId, subject: AlertSubject): boolean;
  /** Hosts' arrival times (connectivity), by org then host. */
  readonly lastSeen: Map<OrgId, Map<HostId, number>>;
}

/** Parses a stored monitor; a row that no longer parses is logged and skipped, not fatal. */
export function loadMonitor(row: StoredMonitor, log: (line: string) => void): Monitor | undefined {
  try {
    return { ...parseMonitor({ ...row.body, type: row.type, name: row.name }, undefined), id: row.id };
  } catch (err) {
    log(`monitor ${row.id} cannot be loaded: ${(err as Error).message}`);
    return undefined;
  }
}

/** Serialises async jobs: each starts after the previous one settled. */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` after every job queued before it; resolves or rejects with it. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Runs one job of decisions for an organization in the engine's queue. */
export type RunJob = (org: OrgId, fn: (d: Decisions) => Promise<void> | void) => Promise<void>;

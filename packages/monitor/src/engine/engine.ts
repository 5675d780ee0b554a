// The monitor engine: evaluates monitors as data arrives and on timers, and owns the alert life
// cycle. One process runs one engine. Its decisions go through one queue, so two evaluations
// never decide on the same alert at once; memory follows the store only after a batch is stored.
import {
  type Alert,
  type AlertStatus,
  type HostId,
  msToSec,
  NotFoundError,
  type OrgId,
  type UnixSec,
} from '@saba/model';
import { parseAlertGroupSetting } from '../alert-groups/schema.ts';
import type { AlertEvent } from '../alerts/events.ts';
import { downtimeActiveAt } from '../downtime/schedule.ts';
import { parseDowntime } from '../downtime/schema.ts';
import { downtimeCovers } from '../downtime/scope.ts';
import type { AnomalyDetectionMonitor, Monitor, WithId } from '../kinds/config.ts';
import type { AlertSubject } from '../subject.ts';
import { renotifyGroups } from './alert-groups.ts';
import { type LastScored, scoreAnomalyMonitors } from './anomaly-eval.ts';
import { AnomalyModels, closeForRetraining, monitorRoles, roleKey, trainDueModels } from './anomaly-train.ts';
import { evaluateChecks } from './check-eval.ts';
import { commitDecisions } from './commit.ts';
import { evaluateConnectivity } from './connectivity-eval.ts';
import {
  type EngineContext,
  type EngineDeps,
  JobQueue,
  loadMonitor,
  type PostedValue,
  type ReportedCheck,
} from './context.ts';
import { Decisions } from './decisions.ts';
import { evaluateExpressionMonitors } from './expression-eval.ts';
import { probeExternalMonitors } from './external-eval.ts';
import { evaluateHostPost, hostKeyPrefix } from './host-eval.ts';
import { OrgState, targetKey } from './org-state.ts';
import type { HostFacts } from './ports.ts';
import { evaluateQueryMonitors } from './query-eval.ts';
import { RecentPoints } from './recent.ts';
import { renotify } from './renotify.ts';
import { hostInScope } from './scope.ts';
import { evaluateMissing, evaluateServicePost, type ServiceValue } from './service-eval.ts';

/** How often connectivity, interruption and re-notification are judged. */
const TICK_MS = 30_000;
/** External monitors run every minute (spec §2.2). */
const EXTERNAL_MS = 60_000;
/** Expression monitors run every 5 minutes (spec §2.2). */
const EXPRESSION_MS = 300_000;
/** Anomaly monitors score every minute, as the agent posts (spec §2.8). */
const ANOMALY_MS = 60_000;
/** Query monitors run every minute (spec §2.9). */
const QUERY_MS = 60_000;
/** The monitor types that judge a host itself, by its id as the target (check monitors aside). */
const HOST_JUDGING: ReadonlySet<string> = new Set(['host', 'connectivity', 'anomalyDetection']);
/** At start, hosts seen posting in this window are watched by connectivity at once. */
const SEEN_WINDOW_SEC = 6 * 3600;

/** Options of a started engine. */
export interface EngineOptions {
  /** Run the timers (default true); tests drive `tick`, `runExternal` and `runExpressions` by hand. */
  readonly timers?: boolean;
}

/** The monitor engine of one server process. */
export class MonitorEngine implements EngineContext {
  readonly recent = new RecentPoints();
  readonly lastSeen = new Map<OrgId, Map<HostId, number>>();
  readonly startedAt: number;
  private readonly orgs = new Map<OrgId, OrgState>();
  private readonly hostCache = new Map<string, { facts: HostFacts | undefined; at: number }>();
  private readonly responseTimes = new Map<string, number[]>();
  private readonly queue = new JobQueue();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly anomaly: AnomalyModels;
  private readonly lastScored: LastScored = new Map();
  /** The training run in flight, if any: one at a time, never awaited by scoring. */
  private training: Promise<void> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(readonly deps: EngineDeps) {
    this.startedAt = msToSec(deps.clock());
    this.anomaly = new AnomalyModels(deps.models);
  }

  /** Loads monitors, open alerts, states and downtimes, and starts the timers. */
  static async start(deps: EngineDeps, options: EngineOptions = {}): Promise<MonitorEngine> {
    const e = new MonitorEngine(deps);
    const monitors = await deps.monitors.listAll();
    const byOrg = new Map<OrgId, typeof monitors>();
    for (const row of monitors) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row]);
    for (const [org, rows] of byOrg) e.org(org).setMonitors(rows.flatMap((r) => loadMonitor(r, deps.log) ?? []));
    for (const a of await deps.alerts.listOpen()) e.org(a.orgId).putAlert(a);
    for (const s of await deps.alerts.listStates()) e.org(s.orgId).states.set(targetKey(s.monitorId, s.target), s);
    for (const doc of await deps.downtimes.listAll()) e.addDowntime(doc.orgId, doc.id, doc.body);
    for (const doc of await deps.alertGroupSettings.listAll()) e.addGroupSetting(doc.orgId, doc.id, doc.body);
    for (const g of await deps.alerts.listOpenGroups()) e.org(g.orgId).openGroups.set(g.settingId, g);
    const since = e.startedAt - SEEN_WINDOW_SEC;
    for (const [org, state] of e.orgs) {
      if (state.connectivity.length > 0)
        e.lastSeen.set(org, new Map(deps.points.lastSeen(org, since) as Map<HostId, number>));
    }
    await e.judgeUnjudgedReports();
    await e.anomaly.load(deps.log);
    await e.forgetStaleModels();
    if (options.timers ?? true) {
      const every = (ms: number, job: () => Promise<void>) => {
        const t = setInterval(() => {
          job().catch((err) => deps.log(`monitor timer failed: ${(err as Error).stack ?? String(err)}`));
        }, ms);
        t.unref();
        e.timers.push(t);
      };
      every(TICK_MS, () => e.tick());
      every(EXTERNAL_MS, () => e.runExternal());
      every(EXPRESSION_MS, () => e.runExpressions());
      if (deps.models !== undefined) every(ANOMALY_MS, () => e.runAnomaly());
      if (deps.promqlRange !== undefined) every(QUERY_MS, () => e.runQueries());
    }
    return e;
  }

  /** Now, in epoch seconds. */
  now(): UnixSec {
    return msToSec(this.deps.clock());
  }

  /** The in-memory state of an organization (made on first use). */
  org(org: OrgId): OrgState {
    let s = this.orgs.get(org);
    if (s === undefined) {
      s = new OrgState(org);
      this.orgs.set(org, s);
    }
    return s;
  }

  /** A host's facts, cached (API changes call hostChanged): a catalog read on every post showed in engine.bench.ts's profile. */
  async hostFacts(org: OrgId, id: HostId): Promise<HostFacts | undefined> {
    const key = `${org}\u0000${id}`;
    const hit = this.hostCache.get(key);
    const nowMs = this.deps.clock();
    if (hit !== undefined && nowMs - hit.at < (this.deps.hostCacheMs ?? 300_000)) return hit.facts;
    const facts = await this.deps.hosts.get(org, id);
    this.hostCache.set(key, { facts, at: nowMs });
    return facts;
  }

  /** Whether a downtime in force covers the subject. */
  inDowntime(org: OrgId, subject: AlertSubject): boolean {
    const list = this.orgs.get(org)?.downtimes;
    if (list === undefined || list.length === 0) return false;
    const now = this.now();
    const tz = this.deps.timeZone ?? 'UTC';
    return list.some((e) => downtimeActiveAt(e.downtime, now, tz) && downtimeCovers(e.downtime, subject));
  }

  /** Judges a stored host-metric post. */
  hostMetricsPosted(org: OrgId, items: readonly PostedValue[]): Promise<void> {
    return this.job(org, (d) => evaluateHostPost(this, org, items, d));
  }

  /** Judges a stored service-metric post. */
  serviceMetricsPosted(org: OrgId, service: string, values: readonly ServiceValue[]): Promise<void> {
    return this.job(org, async (d) => evaluateServicePost(this, org, service, values, d));
  }

  /** Judges stored check reports. */
  checksReported(org: OrgId, reports: readonly ReportedCheck[]): Promise<void> {
    return this.job(org, (d) => evaluateChecks(this, org, reports, d));
  }

  /**
   * Judges stored check reports newer than what was judged: a report stored just before a crash
   * would otherwise wait for the next one, and agents report again only on change.
   */
  private async judgeUnjudgedReports(): Promise<void> {
    const byOrg = new Map<OrgId, ReportedCheck[]>();
    for (const c of await this.deps.checks.listAllStates()) {
      const judged = this.org(c.orgId).states.get(targetKey(c.monitorId, c.hostId));
      if (judged !== undefined && judged.observedAt >= c.occurredAt) continue;
      // A good report with nothing open and no bad run changes nothing.
      if (c.status === 'OK' && judged === undefined && this.org(c.orgId).openAlert(c.monitorId, c.hostId) === undefined)
        continue;
      byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c]);
    }
    for (const [org, reports] of byOrg) await this.checksReported(org, reports);
  }

  /** Runs connectivity, interruption and re-notification for every organization once. */
  async tick(): Promise<void> {
    for (const org of [...this.orgs.keys()]) {
      await this.job(org, async (d) => {
        await evaluateConnectivity(this, org, d);
        evaluateMissing(this, org, d);
      });
      await this.job(org, async (d) => {
        await renotify(this, org, d);
        renotifyGroups(this, org, d);
      });
    }
  }

  /** Probes every external monitor once, then judges the results. */
  runExternal(): Promise<void> {
    return probeExternalMonitors(this, this.orgs, this.responseTimes, (org, fn) => this.job(org, fn));
  }

  /** Evaluates every expression monitor once. */
  runExpressions(): Promise<void> {
    return evaluateExpressionMonitors(this, this.orgs, (org, fn) => this.job(org, fn));
  }

  /** Runs every query monitor once, judging each series of its answer. */
  runQueries(): Promise<void> {
    return evaluateQueryMonitors(this, [...this.orgs.keys()], (org, fn) => this.job(org, fn));
  }

  /**
   * Starts training the anomaly models that are due (unless a training run is in flight) and
   * scores every modelled role's hosts once, without waiting for the training.
   */
  async runAnomaly(): Promise<void> {
    if (this.deps.models === undefined || this.closed) return;
    if (this.training === undefined) {
      this.training = this.trainAnomalyModels()
        .catch((err) => this.deps.log(`anomaly training failed: ${(err as Error).stack ?? String(err)}`))
        .finally(() => {
          this.training = undefined;
        });
    }
    await this.scoreAnomalies();
  }

  /** Trains the anomaly models that are due now (anomaly-schedule.ts) and waits for it. */
  trainAnomalyModels(): Promise<void> {
    return trainDueModels(this, [...this.orgs.keys()], this.anomaly);
  }

  /** Scores every modelled role's hosts once. */
  scoreAnomalies(): Promise<void> {
    return scoreAnomalyMonitors(this, [...this.orgs.keys()], this.anomaly, this.lastScored, (org, fn) =>
      this.job(org, fn),
    );
  }

  /** Whether a role of an anomaly monitor has a model (for tests and the monitor's readiness). */
  hasAnomalyModel(monitorId: string, role: { service: string; role: string }): boolean {
    return this.anomaly.get(monitorId, role) !== undefined;
  }

  /** Runs `fn` between the engine's decisions: for API writes that close alerts (monitor delete, retire). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  /** Re-reads an organization's monitors (after a create, update or delete through the API). */
  async reloadMonitors(org: OrgId): Promise<void> {
    const rows = await this.deps.monitors.list(org);
    const before = anomalyMonitors(this.org(org).monitors.values());
    this.org(org).setMonitors(rows.flatMap((r) => loadMonitor(r, this.deps.log) ?? []));
    await this.anomalyMonitorsChanged(org, before);
    if (this.org(org).connectivity.length > 0 && !this.lastSeen.has(org)) {
      this.lastSeen.set(
        org,
        new Map(this.deps.points.lastSeen(org, this.now() - SEEN_WINDOW_SEC) as Map<HostId, number>),
      );
    }
  }

  /** Re-reads an organization's downtimes. */
  async reloadDowntimes(org: OrgId): Promise<void> {
    this.org(org).downtimes = [];
    for (const doc of await this.deps.downtimes.list(org)) this.addDowntime(org, doc.id, doc.body);
  }

  /** Re-reads an organization's alert group settings. */
  async reloadAlertGroupSettings(org: OrgId): Promise<void> {
    this.org(org).groupSettings = [];
    for (const doc of await this.deps.alertGroupSettings.list(org)) this.addGroupSetting(org, doc.id, doc.body);
  }

  /** Takes in alerts another write closed (a monitor deleted, hosts retired); call inside `exclusive`. */
  alertsClosed(org: OrgId, closed: readonly Alert[]): void {
    const state = this.org(org);
    for (const a of closed) {
      state.putAlert(a);
      state.states.delete(targetKey(a.monitorId, a.target));
      if (a.hostId !== null) this.recent.forget(hostKeyPrefix(org, a.hostId));
    }
  }

  /** Takes in a memo set through the API, so that the engine's copy of an open alert keeps it; call inside `exclusive`. */
  alertMemoSet(org: OrgId, id: string, memo: string): void {
    const state = this.org(org);
    for (const a of state.openAlerts.values()) if (a.id === id) state.putAlert({ ...a, memo });
  }

  /**
   * The newest result for host `id` of each host, connectivity and anomaly-detection monitor that
   * has judged it (spec api §2.3 monitored-statuses; check monitors' come with their messages
   * from the check states), by monitor id. The engine keeps OK results in memory only, so after
   * a restart a monitor shows here again once it has judged the host.
   */
  async hostStatuses(org: OrgId, id: HostId): Promise<{ readonly monitorId: string; readonly status: AlertStatus }[]> {
    const state = this.org(org);
    const judged = new Map<string, AlertStatus>();
    for (const s of state.states.values()) {
      if (s.target === id && HOST_JUDGING.has(state.monitors.get(s.monitorId)?.type ?? ''))
        judged.set(s.monitorId, s.status);
    }
    // Connectivity keeps no state for a host that is fine: one that has posted is OK under each
    // connectivity monitor whose scope takes it, as long as it has not been judged otherwise.
    if (state.connectivity.length > 0 && this.lastSeen.get(org)?.has(id)) {
      const facts = await this.hostFacts(org, id);
      if (facts !== undefined && !facts.isRetired) {
        for (const m of state.connectivity)
          if (!judged.has(m.id) && hostInScope(m, facts.roles)) judged.set(m.id, 'OK');
      }
    }
    return [...judged]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([monitorId, status]) => ({ monitorId, status }));
  }

  /** Forgets cached facts of a host (its status or roles changed, or it was retired). */
  hostChanged(org: OrgId, id: HostId): void {
    this.hostCache.delete(`${org}\u0000${id}`);
  }

  /** Closes an open alert by hand with a reason (spec §2.1); returns it closed. NotFoundError if absent. */
  closeAlert(org: OrgId, id: string, reason: string): Promise<Alert> {
    return this.queue.run(async () => {
      const state = this.org(org);
      let alert: Alert | undefined;
      for (const a of state.openAlerts.values()) if (a.id === id) alert = a;
      if (alert === undefined) {
        const stored = await this.deps.alerts.get(org, id);
        if (stored === undefined) throw new NotFoundError(`Alert Not Found. (id: ${id})`);
        return stored;
      }
      const now = this.now();
      const closed: Alert = { ...alert, status: 'OK', closedAt: now, reason, statusChangedAt: now, notifiedAt: now };
      const d = new Decisions(state);
      const m = state.monitors.get(alert.monitorId);
      const event: AlertEvent = {
        event: 'alert',
        orgId: org,
        kind: 'close',
        alert: closed,
        previousStatus: alert.status,
        trigger: 'manual',
        monitor: { id: alert.monitorId, type: alert.type, name: m?.name ?? '', memo: m?.memo ?? '' },
        groupIds: [],
      };
      d.putAlert(
        closed,
        {
          id: this.deps.newId(),
          alertId: id,
          status: 'OK',
          trigger: 'manual',
          monitorId: alert.monitorId,
          targetValue: null,
          statusDetail: null,
          createdAt: now,
        },
        m?.isMute === true ? undefined : event,
      );
      // The run that opened it starts over: the next bad result counts from one.
      d.dropStates.push({ monitorId: alert.monitorId, target: alert.target });
      await commitDecisions(this, d);
      state.states.delete(targetKey(alert.monitorId, alert.target));
      return closed;
    });
  }

  /** Stops the timers and lets every decision queued so far finish; work arriving later is dropped. */
  async close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    for (const t of this.timers) clearInterval(t);
    const training = this.training;
    this.closing = this.queue.run(async () => {
      this.closed = true;
    });
    // A training run in flight still reads storage: it must end before the storage closes.
    if (training !== undefined) await training;
    return this.closing;
  }

  /**
   * Follows changes of an organization's anomaly monitors: a role left out or a monitor deleted
   * loses its model; a trainingPeriodFrom newly set retrains at once and closes the monitor's open
   * alerts (spec §2.8). The closes are queued as a job: only a PUT sets trainingPeriodFrom, and a
   * PUT reloads outside `exclusive`, so the queue is free.
   */
  private async anomalyMonitorsChanged(
    org: OrgId,
    before: ReadonlyMap<string, WithId<AnomalyDetectionMonitor>>,
  ): Promise<void> {
    const after = anomalyMonitors(this.org(org).monitors.values());
    for (const [id, old] of before) {
      const now = after.get(id);
      const keep = new Set(now === undefined ? [] : monitorRoles(now).map(roleKey));
      for (const r of monitorRoles(old)) if (!keep.has(roleKey(r))) await this.anomaly.forget(id, r);
      if (now === undefined) this.anomaly.manual.delete(id);
    }
    for (const [id, m] of after) {
      const old = before.get(id);
      if (old === undefined || m.trainingPeriodFrom === null || m.trainingPeriodFrom === old.trainingPeriodFrom)
        continue;
      // The old model learnt the load before the change the user retrains for: it judges no more.
      for (const r of monitorRoles(m)) await this.anomaly.forget(id, r);
      this.anomaly.manual.add(id);
      await this.job(org, (d) => closeForRetraining(this, org, m, d));
      // Stored states were dropped with the closes; memory follows once they are stored.
      const states = this.org(org).states;
      for (const k of [...states.keys()]) if (k.startsWith(targetKey(id, ''))) states.delete(k);
      this.deps.log(`anomaly: monitor ${id} retrains from ${m.trainingPeriodFrom}`);
    }
  }

  /** Drops stored models of monitors deleted (or roles dropped) while the server was down. */
  private async forgetStaleModels(): Promise<void> {
    const live = new Map<string, WithId<AnomalyDetectionMonitor>>();
    for (const state of this.orgs.values())
      for (const [id, m] of anomalyMonitors(state.monitors.values())) live.set(id, m);
    for (const id of this.anomaly.monitorIds()) {
      const m = live.get(id);
      const keep = new Set(m === undefined ? [] : monitorRoles(m).map(roleKey));
      for (const r of this.anomaly.roles(id)) if (!keep.has(roleKey(r))) await this.anomaly.forget(id, r);
    }
  }

  private addGroupSetting(org: OrgId, id: string, body: { readonly [k: string]: unknown }): void {
    try {
      this.org(org).groupSettings.push({ id, setting: parseAlertGroupSetting(body, undefined) });
    } catch (err) {
      this.deps.log(`alert group setting ${id} cannot be loaded: ${(err as Error).message}`);
    }
  }

  private addDowntime(org: OrgId, id: string, body: { readonly [k: string]: unknown }): void {
    try {
      this.org(org).downtimes.push({ id, downtime: parseDowntime(body, undefined) });
    } catch (err) {
      this.deps.log(`downtime ${id} cannot be loaded: ${(err as Error).message}`);
    }
  }

  /** Runs one evaluation job in the queue and commits its decisions. */
  private job(org: OrgId, fn: (d: Decisions) => Promise<void> | void): Promise<void> {
    return this.queue.run(async () => {
      // Work that arrives after close (a probe that was in flight) has nowhere to be stored.
      if (this.closed) return;
      const d = new Decisions(this.org(org));
      await fn(d);
      await commitDecisions(this, d);
    });
  }
}

/** The anomaly monitors among `monitors`, by id. */
function anomalyMonitors(monitors: Iterable<Monitor>): Map<string, WithId<AnomalyDetectionMonitor>> {
  const out = new Map<string, WithId<AnomalyDetectionMonitor>>();
  for (const m of monitors) if (m.type === 'anomalyDetection') out.set(m.id, m);
  return out;
}

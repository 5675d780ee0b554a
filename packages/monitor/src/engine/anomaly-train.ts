// Training of anomalyDetection role models in the engine (decision 0014, part 2): reads the
// role's hosts' system metrics through the point reader, builds feature rows per host-minute and
// fits the model off the decision queue, yielding between hosts so posts keep being judged.
import type { Alert, AlertLog, OrgId } from '@saba/model';
import type { AlertEvent } from '../alerts/events.ts';
import { FEATURE_COUNT, hostFeatures } from '../anomaly/features.ts';
import { type RoleModel, trainRoleModel } from '../anomaly/role-model.ts';
import type { AnomalyDetectionMonitor, WithId } from '../kinds/config.ts';
import type { RoleName } from '../subject.ts';
import { MIN_MANUAL_ROWS, type TrainingReason, trainingDue, trainingWindow } from './anomaly-schedule.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';
import type { HostFacts, ModelStore, PointValue } from './ports.ts';

/** The agent's system metrics the features read (features.ts), as point-reader patterns. */
export const SYSTEM_PATTERNS: readonly string[] = [
  'loadavg1',
  'loadavg5',
  'loadavg15',
  'cpu.*.percentage',
  'memory.*',
  'disk.*.reads.delta',
  'disk.*.writes.delta',
  'interface.*.rxBytes.delta',
  'interface.*.txBytes.delta',
  'filesystem.*.used',
  'filesystem.*.size',
];

/** The close reason of a manual retraining (spec features §2.8). */
export const RETRAINING_REASON = 'anomaly detection manually retraining';

/** Every host status: a role's model learns from all its live hosts, whatever their status. */
const ALL_STATUSES: HostFacts['status'][] = ['working', 'standby', 'maintenance', 'poweroff'];

/** A role as one string: `service:role`. */
export function roleKey(r: RoleName): string {
  return `${r.service}:${r.role}`;
}

/** The roles an anomalyDetection monitor models (its scopes are roles, kinds/anomaly-detection.ts). */
export function monitorRoles(m: AnomalyDetectionMonitor): RoleName[] {
  return m.scopes.flatMap((s) => (s.role === undefined ? [] : [{ service: s.service, role: s.role }]));
}

/** Feature rows of one host, one per minute that has any system metric, ascending by minute. */
export function hostFeatureRows(points: ReadonlyMap<string, readonly PointValue[]>): {
  times: number[];
  rows: Float64Array;
} {
  const byMinute = new Map<number, Map<string, number>>();
  for (const [name, list] of points) {
    for (const p of list) {
      // The agent posts a minute's metrics with one timestamp; flooring joins any that straddle a second.
      const t = Math.floor(p.time / 60) * 60;
      let at = byMinute.get(t);
      if (at === undefined) {
        at = new Map();
        byMinute.set(t, at);
      }
      at.set(name, p.value);
    }
  }
  const times = [...byMinute.keys()].sort((a, b) => a - b);
  const rows = new Float64Array(times.length * FEATURE_COUNT);
  for (let i = 0; i < times.length; i++) {
    hostFeatures(byMinute.get(times[i] as number) as Map<string, number>, rows, i * FEATURE_COUNT);
  }
  return { times, rows };
}

/** The live hosts of a role. */
export function roleHosts(hosts: readonly HostFacts[], role: RoleName): HostFacts[] {
  return hosts.filter((h) => !h.isRetired && h.roles.some((r) => r.service === role.service && r.role === role.role));
}

/** Trained models by monitor id then role key, and the monitors whose retraining a user asked for. */
export class AnomalyModels {
  private readonly byMonitor = new Map<string, Map<string, RoleModel>>();
  /** Monitors whose trainingPeriodFrom was set and which have not been retrained since. */
  readonly manual = new Set<string>();

  constructor(private readonly store: ModelStore | undefined) {}

  /** Reads every stored model. */
  async load(log: (line: string) => void): Promise<void> {
    if (this.store === undefined) return;
    for (const s of await this.store.loadAll()) this.put(s.monitorId, s.role, s.model);
    if (this.byMonitor.size > 0) log(`anomaly: loaded models of ${this.byMonitor.size} monitors`);
  }

  /** A role's model, if trained. */
  get(monitorId: string, role: RoleName): RoleModel | undefined {
    return this.byMonitor.get(monitorId)?.get(roleKey(role));
  }

  /** Stores and adopts a new model. */
  async save(monitorId: string, role: RoleName, model: RoleModel): Promise<void> {
    await this.store?.save(monitorId, role, model);
    this.put(monitorId, role, model);
  }

  /** Forgets a role's model, in memory and in the store. */
  async forget(monitorId: string, role: RoleName): Promise<void> {
    this.byMonitor.get(monitorId)?.delete(roleKey(role));
    await this.store?.delete(monitorId, role);
  }

  /** The roles a monitor has models for. */
  roles(monitorId: string): RoleName[] {
    return [...(this.byMonitor.get(monitorId)?.keys() ?? [])].map((k) => {
      const i = k.indexOf(':');
      return { service: k.slice(0, i), role: k.slice(i + 1) };
    });
  }

  /** Monitor ids with a model. */
  monitorIds(): string[] {
    return [...this.byMonitor.keys()];
  }

  private put(monitorId: string, role: RoleName, model: RoleModel): void {
    let m = this.byMonitor.get(monitorId);
    if (m === undefined) {
      m = new Map();
      this.byMonitor.set(monitorId, m);
    }
    m.set(roleKey(role), model);
  }
}

/** Lets posts and timers run between hosts: reading 2 weeks of a host takes tens of ms. */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The oldest minute of the role's history in [from, now] (loadavg5, which every agent posts each minute). */
function historyFrom(ctx: EngineContext, org: OrgId, hosts: readonly HostFacts[], from: number): number | undefined {
  let oldest: number | undefined;
  for (const h of hosts) {
    const first = ctx.deps.points.read(org, { host: h.id }, ['loadavg5'], from, ctx.now()).get('loadavg5')?.[0];
    if (first !== undefined && (oldest === undefined || first.time < oldest)) oldest = first.time;
  }
  return oldest;
}

/** Trains one role on its hosts' history in the monitor's window; undefined when there are too few rows. */
export async function trainRole(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<AnomalyDetectionMonitor>,
  hosts: readonly HostFacts[],
  minRows: number,
): Promise<RoleModel | undefined> {
  const { from, to } = trainingWindow(m.trainingPeriodFrom, ctx.now());
  const parts: Float64Array[] = [];
  let n = 0;
  for (const h of hosts) {
    const { times, rows } = hostFeatureRows(ctx.deps.points.read(org, { host: h.id }, SYSTEM_PATTERNS, from, to));
    parts.push(rows);
    n += times.length;
    await yieldToEvents();
  }
  if (n < minRows) return undefined;
  const all = new Float64Array(n * FEATURE_COUNT);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return trainRoleModel(all, n, { from: from as never, to: to as never });
}

/** Closes a monitor's open alerts because a user asked for retraining (spec features §2.8). */
export function closeForRetraining(
  ctx: EngineContext,
  org: OrgId,
  m: WithId<AnomalyDetectionMonitor>,
  d: Decisions,
): void {
  const now = ctx.now();
  for (const alert of [...d.org.openAlerts.values()]) {
    if (alert.monitorId !== m.id) continue;
    const closed: Alert = {
      ...alert,
      status: 'OK',
      closedAt: now,
      reason: RETRAINING_REASON,
      statusChangedAt: now,
      notifiedAt: now,
    };
    const log: AlertLog = {
      id: ctx.deps.newId(),
      alertId: alert.id,
      status: 'OK',
      trigger: 'anomalyDetectionManuallyRetraining',
      monitorId: m.id,
      targetValue: null,
      statusDetail: null,
      createdAt: now,
    };
    const event: AlertEvent = {
      event: 'alert',
      orgId: org,
      kind: 'close',
      alert: closed,
      previousStatus: alert.status,
      trigger: 'anomalyDetectionManuallyRetraining',
      monitor: { id: m.id, type: m.type, name: m.name, memo: m.memo },
      groupIds: [],
    };
    d.putAlert(closed, log, m.isMute ? undefined : event);
  }
  // Every bad run of the monitor is over, alerted or not: the retrained model judges from scratch.
  for (const st of d.org.states.values()) {
    if (st.monitorId === m.id) d.dropStates.push({ monitorId: m.id, target: st.target });
  }
}

/**
 * Trains every role model that is due (anomaly-schedule.ts), one after another, outside the
 * decision queue: a new model only changes what later scoring runs judge.
 */
export async function trainDueModels(ctx: EngineContext, orgs: Iterable<OrgId>, models: AnomalyModels): Promise<void> {
  const schedule = ctx.deps.anomaly ?? {};
  for (const org of orgs) {
    const monitors = [...ctx.org(org).monitors.values()].filter(
      (x): x is WithId<AnomalyDetectionMonitor> => x.type === 'anomalyDetection',
    );
    if (monitors.length === 0) continue;
    const hosts = await ctx.deps.hosts.list(org, { statuses: ALL_STATUSES });
    for (const m of monitors) {
      const manual = models.manual.has(m.id);
      let missing = 0;
      for (const role of monitorRoles(m)) {
        const members = roleHosts(hosts, role);
        const model = models.get(m.id, role);
        const reason: TrainingReason = trainingDue(
          {
            modelTo: model?.training.to,
            manual,
            historyFrom:
              model === undefined
                ? historyFrom(ctx, org, members, trainingWindow(m.trainingPeriodFrom, ctx.now()).from)
                : undefined,
            now: ctx.now(),
          },
          schedule,
        );
        if (reason === null) continue;
        const started = Date.now();
        const trained = await trainRole(ctx, org, m, members, reason === 'manual' ? MIN_MANUAL_ROWS : 1);
        // The monitor may have changed or gone while the role was read and fitted.
        if (trained === undefined || ctx.org(org).monitors.get(m.id) !== m) {
          missing++;
          continue;
        }
        await models.save(m.id, role, trained);
        ctx.deps.log(
          `anomaly: trained monitor ${m.id} role ${roleKey(role)} (${reason}) on ${trained.training.rows} host-minutes of ${members.length} hosts in ${Date.now() - started} ms`,
        );
      }
      // A manual retraining stays asked for until every role has a model from the new window.
      if (manual && missing === 0) models.manual.delete(m.id);
    }
  }
}

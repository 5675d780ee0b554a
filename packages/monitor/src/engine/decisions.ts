import type { Alert, AlertGroup, AlertLog, MonitorState } from '@saba/model';
import type { AlertEvent, NotifyEvent } from '../alerts/events.ts';
import type { StepOutput } from '../alerts/lifecycle.ts';
import type { AlertSubject } from '../subject.ts';
import { type OrgState, targetKey } from './org-state.ts';
import type { AlertWrites } from './ports.ts';

/** Only states inside a bad run are stored: a steady good monitor writes nothing. */
function persisted(s: MonitorState | undefined): boolean {
  return s !== undefined && (s.consecutive > 0 || s.suppressed);
}

function sameStored(a: MonitorState, b: MonitorState): boolean {
  return a.status === b.status && a.consecutive === b.consecutive && a.suppressed === b.suppressed;
}

/**
 * The decisions of one engine job over one organization: what to store in one batch, the
 * notifications to hand over after it is stored, and the in-memory view to adopt once it is.
 * Steps in the same job see the job's own earlier decisions.
 */
export class Decisions implements AlertWrites {
  readonly alerts: Alert[] = [];
  readonly logs: AlertLog[] = [];
  readonly states: MonitorState[] = [];
  readonly dropStates: { monitorId: string; target: string }[] = [];
  readonly events: NotifyEvent[] = [];
  readonly groups: AlertGroup[] = [];
  readonly outbox: AlertWrites['outbox'][number][] = [];
  /** What each alert judged in this job is about, for matching alert group settings. */
  readonly subjects = new Map<string, AlertSubject>();
  private readonly pendingGroups = new Map<string, AlertGroup | null>();
  private readonly pendingStates = new Map<string, MonitorState>();
  private readonly pendingAlerts = new Map<string, Alert | null>();

  constructor(readonly org: OrgState) {}

  /** The state of a (monitor, target) as this job sees it. */
  state(monitorId: string, target: string): MonitorState | undefined {
    const k = targetKey(monitorId, target);
    return this.pendingStates.get(k) ?? this.org.states.get(k);
  }

  /** The open alert of a (monitor, target) as this job sees it. */
  openAlert(monitorId: string, target: string): Alert | undefined {
    const k = targetKey(monitorId, target);
    const pending = this.pendingAlerts.get(k);
    if (pending !== undefined) return pending ?? undefined;
    return this.org.openAlerts.get(k);
  }

  /** Takes in one step's output; `subject` says what its alert is about (for alert groups). */
  record(out: StepOutput, subject?: AlertSubject): void {
    const next = out.state;
    const k = targetKey(next.monitorId, next.target);
    const prev = this.state(next.monitorId, next.target);
    if (persisted(next)) {
      if (!persisted(prev) || !sameStored(prev as MonitorState, next)) this.states.push(next);
    } else if (persisted(prev)) {
      this.dropStates.push({ monitorId: next.monitorId, target: next.target });
    }
    this.pendingStates.set(k, next);
    if (out.alert !== undefined) {
      this.putAlert(out.alert);
      if (subject !== undefined) this.subjects.set(out.alert.id, subject);
    }
    if (out.log !== undefined) this.logs.push(out.log);
    if (out.event !== undefined) this.events.push(out.event);
  }

  /** Takes in an alert changed outside a step (a manual close, a re-notification). */
  putAlert(a: Alert, log?: AlertLog, event?: AlertEvent): void {
    this.alerts.push(a);
    this.pendingAlerts.set(targetKey(a.monitorId, a.target), a.closedAt === null ? a : null);
    if (log !== undefined) this.logs.push(log);
    if (event !== undefined) this.events.push(event);
  }

  /** The open group of an alert group setting as this job sees it. */
  openGroup(settingId: string): AlertGroup | undefined {
    const pending = this.pendingGroups.get(settingId);
    if (pending !== undefined) return pending ?? undefined;
    return this.org.openGroups.get(settingId);
  }

  /** Takes in a group opened, changed or closed. */
  putGroup(g: AlertGroup, event?: NotifyEvent): void {
    this.groups.push(g);
    this.pendingGroups.set(g.settingId, g.closedAt === null ? g : null);
    if (event !== undefined) this.events.push(event);
  }

  /** Whether anything must be stored. */
  get writes(): boolean {
    return (
      this.alerts.length +
        this.logs.length +
        this.states.length +
        this.dropStates.length +
        this.groups.length +
        this.outbox.length >
      0
    );
  }

  /** Adopts the decisions in memory (after they are stored). */
  adopt(): void {
    for (const [k, s] of this.pendingStates) this.org.states.set(k, s);
    for (const a of this.alerts) this.org.putAlert(a);
    for (const g of this.groups) {
      if (g.closedAt === null) this.org.openGroups.set(g.settingId, g);
      else if (this.org.openGroups.get(g.settingId)?.id === g.id) this.org.openGroups.delete(g.settingId);
    }
  }
}

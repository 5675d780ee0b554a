// The alert state machine (spec features §2.1, §1.3 host status, §4.2 downtimes), pure: given
// what a monitor saw for one target and what holds now, it says what to store and announce.
import type { Alert, AlertLog, AlertSeries, AlertStatus, HostId, MonitorState, OrgId, UnixSec } from '@saba/model';
import type { Observation } from '../kinds/config.ts';
import type { AlertEvent, MonitorRef } from './events.ts';

/** What decides whether an alert may open and whether people hear of it. */
export interface Gates {
  /** The target is monitored: its host is working or standby (maintenance and poweroff are not). */
  readonly monitored: boolean;
  /** People hear of changes: the host is not standby and the monitor is not muted. */
  readonly notify: boolean;
  /** A downtime covers the target now: no alert opens and nothing is announced. */
  readonly inDowntime: boolean;
}

/** The monitor's settings that shape the life cycle. */
export interface LifecycleMonitor extends MonitorRef {
  readonly maxCheckAttempts: number;
  /** Minutes; null: never re-notify. */
  readonly notificationInterval: number | null;
  /**
   * Whether a bad run that began in a downtime stays silent after it (spec §4.2); false for
   * connectivity, whose loss still present when a downtime ends does alert.
   */
  readonly downtimeSticks: boolean;
}

/** One evaluation of one target. */
export interface StepInput {
  readonly orgId: OrgId;
  readonly monitor: LifecycleMonitor;
  readonly target: string;
  readonly hostId: HostId | null;
  /** The labelled series a query monitor's target is; absent for every other kind. */
  readonly series?: AlertSeries;
  readonly state: MonitorState | undefined;
  /** The target's open alert, if any. */
  readonly alert: Alert | undefined;
  readonly observation: Observation;
  /** The time of what was judged (the newest point); it becomes the state's observedAt. */
  readonly observedAt: UnixSec;
  readonly gates: Gates;
  readonly now: UnixSec;
  readonly newId: () => string;
}

/** What one evaluation decided. */
export interface StepOutput {
  readonly state: MonitorState;
  /** The alert opened or changed, if any. */
  readonly alert?: Alert;
  readonly log?: AlertLog;
  /** The notification to send, if people should hear of it. */
  readonly event?: AlertEvent;
}

function logOf(input: StepInput, alert: Alert, status: AlertStatus): AlertLog {
  return {
    id: input.newId(),
    alertId: alert.id,
    status,
    trigger: 'monitoring',
    monitorId: input.monitor.id,
    targetValue: input.observation.value,
    statusDetail:
      input.monitor.type === 'check'
        ? { type: 'check', detail: { message: input.observation.message ?? '', memo: input.monitor.memo } }
        : null,
    createdAt: input.now,
  };
}

function eventOf(input: StepInput, kind: AlertEvent['kind'], alert: Alert, previous: AlertStatus | null) {
  const { gates } = input;
  if (!gates.notify || gates.inDowntime) return undefined;
  const event: AlertEvent = {
    event: 'alert',
    orgId: input.orgId,
    kind,
    alert,
    previousStatus: previous,
    trigger: 'monitoring',
    monitor: { id: input.monitor.id, type: input.monitor.type, name: input.monitor.name, memo: input.monitor.memo },
    groupIds: [],
  };
  return event;
}

/** Decides one evaluation: the run of bad results, and the alert's opening, change or close. */
export function step(input: StepInput): StepOutput {
  const { observation: obs, state: prev, alert, gates, now, monitor } = input;
  const bad = obs.status !== 'OK';
  const runGoesOn = bad && prev !== undefined && prev.status !== 'OK';
  const consecutive = bad ? (runGoesOn ? prev.consecutive + 1 : 1) : 0;
  // A run that began in a downtime stays suppressed until a good result ends it.
  const suppressed =
    bad && monitor.downtimeSticks && alert === undefined && ((runGoesOn && prev.suppressed) || gates.inDowntime);
  const state: MonitorState = {
    orgId: input.orgId,
    monitorId: monitor.id,
    target: input.target,
    status: obs.status,
    consecutive,
    observedAt: input.observedAt,
    suppressed,
  };

  if (alert === undefined) {
    if (!bad || consecutive < monitor.maxCheckAttempts) return { state };
    if (!gates.monitored || gates.inDowntime || suppressed) return { state };
    const opened: Alert = {
      id: input.newId(),
      orgId: input.orgId,
      monitorId: monitor.id,
      type: monitor.type,
      target: input.target,
      hostId: input.hostId,
      status: obs.status,
      value: obs.value,
      message: obs.message,
      series: input.series ?? null,
      openedAt: now,
      closedAt: null,
      reason: null,
      memo: '',
      statusChangedAt: now,
      notifiedAt: now,
    };
    return withEvent(state, opened, logOf(input, opened, obs.status), eventOf(input, 'open', opened, null));
  }

  // An open alert of a host in maintenance or poweroff stays as it is, even if the condition
  // recovers (spec §1.3); it closes once the host is back and the result is good.
  if (!gates.monitored) return { state };
  if (!bad) {
    const closed: Alert = {
      ...alert,
      status: 'OK',
      value: obs.value,
      message: obs.message,
      closedAt: now,
      statusChangedAt: now,
      notifiedAt: now,
    };
    return withEvent(state, closed, logOf(input, closed, 'OK'), eventOf(input, 'close', closed, alert.status));
  }
  if (obs.status !== alert.status) {
    const changed: Alert = {
      ...alert,
      status: obs.status,
      value: obs.value,
      message: obs.message,
      statusChangedAt: now,
      notifiedAt: now,
    };
    return withEvent(
      state,
      changed,
      logOf(input, changed, obs.status),
      eventOf(input, 'change', changed, alert.status),
    );
  }
  // Same status: keep the newest value and message on the alert; a message change alone is not announced (spec §2.1).
  if (obs.value === alert.value && obs.message === alert.message) return { state };
  return { state, alert: { ...alert, value: obs.value, message: obs.message } };
}

function withEvent(state: MonitorState, alert: Alert, log: AlertLog, event: AlertEvent | undefined): StepOutput {
  return event === undefined ? { state, alert, log } : { state, alert, log, event };
}

/**
 * Whether an open alert is due for re-notification at `now`: the monitor has an interval and
 * that many minutes passed since the last decided notification (spec §2.1).
 */
export function renotifyDue(alert: Alert, intervalMinutes: number | null, now: UnixSec): boolean {
  if (intervalMinutes === null || alert.closedAt !== null) return false;
  const since = alert.notifiedAt ?? alert.statusChangedAt;
  return now - since >= intervalMinutes * 60;
}

import type { Alert, AlertGroup, AlertStatus, AlertTrigger, MonitorType, OrgId } from '@saba/model';

/** What happened to an alert: it opened, changed status, closed, or is due again (re-notification). */
export type AlertEventKind = 'open' | 'change' | 'close' | 'renotify';

/** The monitor an alert belongs to, as notifications show it. */
export interface MonitorRef {
  readonly id: string;
  readonly type: MonitorType;
  readonly name: string;
  readonly memo: string;
}

/**
 * One notification the engine decided on. Only events that should reach people are handed
 * over: a standby host's, a muted monitor's and a downtime's alerts change silently.
 */
export interface AlertEvent {
  readonly event: 'alert';
  readonly orgId: OrgId;
  readonly kind: AlertEventKind;
  /** The alert as it is after the event (closed ones have status OK). */
  readonly alert: Alert;
  /** The status before; null when it opened. */
  readonly previousStatus: AlertStatus | null;
  readonly trigger: AlertTrigger;
  readonly monitor: MonitorRef;
  /**
   * The open alert groups the alert belongs to (after the event). A channel with alert-group
   * notifications on does not notify these alerts one by one (spec features §4.1).
   */
  readonly groupIds: readonly string[];
}

/** The alert group setting a group belongs to, as notifications show it. */
export interface AlertGroupSettingRef {
  readonly id: string;
  readonly name: string;
  readonly memo: string;
}

/** One notification about an alert group: it opened, its worst status changed, it closed, or is due again. */
export interface AlertGroupEvent {
  readonly event: 'alertGroup';
  readonly orgId: OrgId;
  readonly kind: AlertEventKind;
  readonly group: AlertGroup;
  /** The status before; null when it opened. */
  readonly previousStatus: AlertStatus | null;
  readonly setting: AlertGroupSettingRef;
}

/** What the engine hands to the notify stage. */
export type NotifyEvent = AlertEvent | AlertGroupEvent;

/**
 * Receives decided notifications, after the alerts they describe are stored. The notify stage
 * (its own package) makes them durable; a rejection is logged by the engine, never dropped silently.
 */
export type NotifyFunc = (events: readonly NotifyEvent[]) => Promise<void>;

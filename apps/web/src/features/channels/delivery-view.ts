// How a channel's recent deliveries read: what each was about (an alert opening, a host
// registered...), and where it stands (sent, waiting for a retry and why, given up).
import type { Delivery, DeliveryEvent } from '../../api/notifications.ts';
import { ALERT_STATUSES, type AlertStatus } from '../../api/types.ts';

/** What a delivery was about: a phrase, the thing it names (linked when it has a page) and an alert status. */
export interface DeliveryAbout {
  readonly what: string;
  readonly subject: string;
  readonly href: string | null;
  readonly alertStatus: AlertStatus | null;
}

const ALERT_KINDS: Readonly<Record<string, string>> = {
  open: 'opened',
  change: 'changed',
  close: 'closed',
  renotify: 'reminder',
};

const MONITOR_ACTIONS: Readonly<Record<string, string>> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
};

function alertStatus(s: string | null): AlertStatus | null {
  return ALERT_STATUSES.find((x) => x === s) ?? null;
}

function path(prefix: string, id: string | null): string | null {
  return id === null ? null : `${prefix}/${encodeURIComponent(id)}`;
}

function phrase(noun: string, verb: string | undefined): string {
  return verb === undefined ? noun : `${noun} ${verb}`;
}

/** The event of a delivery in words. */
export function deliveryAbout(e: DeliveryEvent): DeliveryAbout {
  switch (e.type) {
    case 'alert': {
      const change = e.kind === 'change' && e.previousStatus !== null ? ` from ${e.previousStatus}` : '';
      return {
        what: phrase('Alert', ALERT_KINDS[e.kind ?? '']) + change,
        subject: e.monitorName ?? (e.alertId === null ? 'an alert' : `alert ${e.alertId}`),
        href: path('/alerts', e.alertId),
        alertStatus: alertStatus(e.status),
      };
    }
    case 'alertGroup': {
      const count = e.alertCount === null ? '' : ` (${e.alertCount} alert${e.alertCount === 1 ? '' : 's'})`;
      return {
        what: phrase('Alert group', ALERT_KINDS[e.kind ?? '']),
        subject: `${e.settingName ?? 'a group'}${count}`,
        href: null,
        alertStatus: alertStatus(e.status),
      };
    }
    case 'hostRegister':
    case 'hostRetire':
      return {
        what: e.type === 'hostRegister' ? 'Host registered' : 'Host retired',
        subject: e.hostId === null ? 'a host' : `host ${e.hostId}`,
        href: path('/hosts', e.hostId),
        alertStatus: null,
      };
    case 'hostStatus':
      return {
        what: `Host status ${e.fromStatus ?? '?'} → ${e.toStatus ?? '?'}`,
        subject: e.hostId === null ? 'a host' : `host ${e.hostId}`,
        href: path('/hosts', e.hostId),
        alertStatus: null,
      };
    case 'monitor':
      return {
        what: phrase('Monitor', MONITOR_ACTIONS[e.action ?? '']),
        subject: e.monitorName ?? 'a monitor',
        // A deleted monitor has no page any more.
        href: e.action === 'delete' ? null : path('/monitors', e.monitorId),
        alertStatus: null,
      };
    default:
      return { what: 'A notification this page does not know', subject: '', href: null, alertStatus: null };
  }
}

/** Where a delivery stands: a label with its shape and colour, and when it ended or is tried next. */
export interface DeliveryState {
  readonly tone: 'sent' | 'waiting' | 'retrying' | 'failed';
  readonly label: string;
  /** A shape class of the status badges (app/base.css), so the state reads without colour. */
  readonly shape: 'circle' | 'ring' | 'triangle' | 'diamond';
  readonly note: string;
}

/** The state of `d`; `format` renders a time (the page's locale). */
export function deliveryState(d: Delivery, format: (d: Date) => string): DeliveryState {
  const at = (sec: number | null) => (sec === null ? '' : format(new Date(sec * 1000)));
  switch (d.status) {
    case 'sent':
      return { tone: 'sent', label: 'Sent', shape: 'circle', note: at(d.finishedAt) };
    case 'failed':
      return {
        tone: 'failed',
        label: 'Failed',
        shape: 'diamond',
        note: d.finishedAt === null ? 'given up' : `gave up ${at(d.finishedAt)}`,
      };
    default:
      return {
        tone: d.attempts === 0 ? 'waiting' : 'retrying',
        label: d.attempts === 0 ? 'Waiting' : 'Retrying',
        shape: d.attempts === 0 ? 'ring' : 'triangle',
        note: d.nextAttemptAt === null ? '' : `next try ${at(d.nextAttemptAt)}`,
      };
  }
}

/** A one-line summary of a list: how many were sent, wait and failed, so trouble shows before the table. */
export function deliveriesSummary(list: readonly Delivery[]): string {
  if (list.length === 0) return 'No deliveries yet. Finished ones are kept for 30 days.';
  const count = (s: Delivery['status']) => list.filter((d) => d.status === s).length;
  const parts = [`${count('sent')} sent`, `${count('pending')} waiting`, `${count('failed')} failed`];
  return `The last ${list.length === 1 ? 'delivery' : `${list.length} deliveries`}: ${parts.join(', ')}.`;
}

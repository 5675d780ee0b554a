// What the alerts pages show of an alert: order, target, value, duration, and which alerts are new.
import { ALERT_STATUSES, type AlertStatus } from '../../api/types.ts';

/** The alert fields these functions read. */
export interface AlertLike {
  readonly id: string;
  readonly status: AlertStatus;
  readonly monitorId: string;
  readonly type: string;
  readonly hostId?: string;
  readonly value?: number;
  readonly message?: string;
  readonly openedAt: number;
  readonly closedAt?: number;
  readonly series?: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
}

/** Open alerts most severe first, then newest first (as the host page orders them). */
export function sortOpenAlerts<A extends AlertLike>(alerts: readonly A[]): A[] {
  return [...alerts].sort(
    (a, b) => ALERT_STATUSES.indexOf(a.status) - ALERT_STATUSES.indexOf(b.status) || b.openedAt - a.openedAt,
  );
}

/** A span of seconds in its two largest units: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** How long the alert has been open (until now) or was open (until it closed). */
export function alertDuration(a: AlertLike, nowSec: number): string {
  return durationText((a.closedAt ?? nowSec) - a.openedAt);
}

/** What the alert is about, as words: the host's name, the monitor's service, or the query series. */
export function targetText(
  a: AlertLike,
  hostNames: ReadonlyMap<string, string>,
  monitorService: string | undefined,
): string {
  if (a.hostId !== undefined) return hostNames.get(a.hostId) ?? a.hostId;
  if (a.series !== undefined) {
    const labels = Object.entries(a.series.labels).map(([k, v]) => `${k}="${v}"`);
    return labels.length === 0 ? a.series.name : `${a.series.name}{${labels.join(', ')}}`;
  }
  return monitorService ?? '';
}

/** The judged value with four significant digits at most, or the check's or HTTP check's message. */
export function valueText(a: AlertLike): string {
  if (a.value !== undefined)
    return Number.isInteger(a.value) ? String(a.value) : String(Number(a.value.toPrecision(4)));
  return a.message ?? '';
}

/** Ids in `next` that were not in `previous`: alerts opened since the last look. */
export function newAlertIds(previous: readonly AlertLike[], next: readonly AlertLike[]): string[] {
  const seen = new Set(previous.map((a) => a.id));
  return next.filter((a) => !seen.has(a.id)).map((a) => a.id);
}

/** The open-alert count the navigation shows: "99+" past 99, so the badge keeps its width. */
export function countText(n: number): string {
  return n > 99 ? '99+' : String(n);
}

// The API calls of the alerts pages (spec §9.1), each one public API v0 endpoint (STYLE habit 7).
import { apiGet, apiSend, query } from './client.ts';
import type { Alert } from './types.ts';

/** An alert with the fields the alert pages read besides the host pages' (spec §9.1). */
export interface FullAlert extends Alert {
  readonly reason?: string;
  readonly closedAt?: number;
  readonly memo?: string;
  readonly series?: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
}

/** One page of `GET /api/v0/alerts`: newest first, `nextId` when older ones follow. */
export interface AlertPage {
  readonly alerts: readonly FullAlert[];
  readonly nextId?: string;
}

/** One entry of an alert's log (spec §9.1 AlertLog). */
export interface AlertLog {
  readonly id: string;
  readonly status: Alert['status'];
  readonly trigger: string;
  readonly monitorId: string | null;
  readonly targetValue: number | null;
  readonly statusDetail: { readonly type: string; readonly detail?: { readonly message?: string } } | null;
  readonly createdAt: number;
}

/** One page of alerts: open ones only, or open and closed (`withClosed`), older than `nextId`. */
export function alertPage(withClosed: boolean, nextId: string, signal?: AbortSignal): Promise<AlertPage> {
  const q = query([
    ['withClosed', withClosed ? 'true' : ''],
    ['nextId', nextId],
  ]);
  return apiGet<AlertPage>(`/api/v0/alerts${q}`, signal);
}

/** One alert, open or closed. */
export function getAlert(id: string, signal?: AbortSignal): Promise<FullAlert> {
  return apiGet<FullAlert>(`/api/v0/alerts/${encodeURIComponent(id)}`, signal);
}

/** An alert's log, newest first, every page (an alert changes status a handful of times). */
export async function alertLogs(id: string, signal?: AbortSignal): Promise<AlertLog[]> {
  const out: AlertLog[] = [];
  let next = '';
  // Ten pages of 100 is more history than one alert page should show.
  for (let i = 0; i < 10; i++) {
    const page = await apiGet<{ logs: AlertLog[]; nextId?: string }>(
      `/api/v0/alerts/${encodeURIComponent(id)}/logs${query([['nextId', next]])}`,
      signal,
    );
    out.push(...page.logs);
    if (page.nextId === undefined) break;
    next = page.nextId;
  }
  return out;
}

/** Sets an alert's memo (up to 80 KB). */
export async function setAlertMemo(id: string, memo: string): Promise<void> {
  await apiSend('PUT', `/api/v0/alerts/${encodeURIComponent(id)}`, { memo });
}

/** Closes an alert by hand with a reason; the closed alert. */
export function closeAlert(id: string, reason: string): Promise<FullAlert> {
  return apiSend<FullAlert>('POST', `/api/v0/alerts/${encodeURIComponent(id)}/close`, { reason });
}

/** Names of the check monitors, which `GET /api/v0/monitors` leaves out (agents make them), by id. */
export async function checkMonitorNames(signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let next = '';
  for (let i = 0; i < 10; i++) {
    const page = await apiGet<{ checks: Array<{ id: string; name: string }>; nextId?: string }>(
      `/api/v0/monitoring/checks${query([['nextId', next]])}`,
      signal,
    );
    for (const c of page.checks) out.set(c.id, c.name);
    if (page.nextId === undefined) break;
    next = page.nextId;
  }
  return out;
}

/** Every open alert, following the pages (100 a page; the feed stops at 1,000, more than a page can show). */
export async function allOpenAlerts(signal?: AbortSignal): Promise<FullAlert[]> {
  const out: FullAlert[] = [];
  let next = '';
  for (let i = 0; i < 10; i++) {
    const page = await alertPage(false, next, signal);
    out.push(...page.alerts);
    if (page.nextId === undefined) break;
    next = page.nextId;
  }
  return out;
}

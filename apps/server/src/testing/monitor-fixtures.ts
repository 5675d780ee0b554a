// What the monitor and alert API tests share: monitor bodies as the Go client sends them, metric
// posts, captured notifications, and ways to wait for the engine, which judges after the answer.
import assert from 'node:assert/strict';
import type { AlertEvent, AlertGroupEvent, NotifyFunc } from '@saba/monitor';
import { type Json, nowSec } from './api-fixtures.ts';
import { eventually } from './eventually.ts';
import type { Harness } from './harness.ts';

/**
 * A host-metric monitor as mackerel-client-go marshals it: empty strings and zero numbers left out
 * (omitempty), `warning` and `critical` always present, `null` when unset (spec §1.4 #5).
 */
export function hostMonitorBody(metric: string, extra: Json = {}): Json {
  return {
    name: `${metric} high`,
    type: 'host',
    metric,
    operator: '>',
    warning: null,
    critical: 10,
    duration: 1,
    ...extra,
  };
}

/** Notifications the engine decided, as `options.notify` receives them. */
export interface Captured {
  readonly notify: NotifyFunc;
  /** Alert notifications, in order. */
  readonly events: AlertEvent[];
  /** Alert group notifications, in order. */
  readonly groupEvents: AlertGroupEvent[];
}

/** A NotifyFunc that keeps every event it is handed, in order. */
export function captureNotifications(): Captured {
  const events: AlertEvent[] = [];
  const groupEvents: AlertGroupEvent[] = [];
  return {
    events,
    groupEvents,
    notify: async (batch) => {
      for (const e of batch) {
        if (e.event === 'alert') events.push(e);
        else groupEvents.push(e);
      }
    },
  };
}

/** Creates a monitor and returns its id. */
export async function createMonitor(h: Harness, body: Json, key?: string): Promise<string> {
  const a = await h.call('POST', '/api/v0/monitors', { body, ...(key ? { key } : {}) });
  assert.equal(a.status, 200, a.text);
  assert.equal(typeof a.json.id, 'string', a.text);
  return a.json.id as string;
}

/** Posts one value per host for `name` at `time` (default now) in one request: one evaluation job. */
export async function postValues(
  h: Harness,
  name: string,
  values: ReadonlyArray<readonly [hostId: string, value: number]>,
  time = nowSec(),
  key?: string,
): Promise<void> {
  const body = values.map(([hostId, value]) => ({ hostId, name, time, value }));
  const a = await h.call('POST', '/api/v0/tsdb', { body, ...(key ? { key } : {}) });
  assert.equal(a.status, 200, a.text);
}

/** The open alerts (`GET /api/v0/alerts`), or with closed ones too. */
export async function listAlerts(h: Harness, key?: string, withClosed = false): Promise<Json[]> {
  const a = await h.call('GET', `/api/v0/alerts${withClosed ? '?withClosed=true' : ''}`, key ? { key } : {});
  assert.equal(a.status, 200, a.text);
  return a.json.alerts as Json[];
}

/** The engine judges within milliseconds of a post's answer: ask often, not every 200 ms. */
export const POLL = { intervalMs: 10 } as const;

/** Waits until the monitor has an open alert for the host, and returns it. */
export function openAlertOf(h: Harness, monitorId: string, hostId: string, key?: string): Promise<Json> {
  return eventually(
    `an open alert of monitor ${monitorId} for host ${hostId}`,
    async () => (await listAlerts(h, key)).find((x) => x.monitorId === monitorId && x.hostId === hostId),
    POLL,
  );
}

/** Waits until the alert is closed, and returns it. */
export function closedAlert(h: Harness, alertId: string, key?: string): Promise<Json> {
  return eventually(
    `alert ${alertId} closed`,
    async () => {
      const a = await h.call('GET', `/api/v0/alerts/${alertId}`, key ? { key } : {});
      assert.equal(a.status, 200, a.text);
      return a.json.status === 'OK' ? (a.json as Json) : undefined;
    },
    POLL,
  );
}

/**
 * Resolves once every evaluation queued so far is stored and notified. Routes queue their
 * judging before they answer, and the engine runs its queue in order, so after this nothing
 * more comes of the requests already answered: what did not happen will not happen.
 */
export function settled(h: Harness): Promise<void> {
  return h.server.monitor.exclusive(async () => undefined);
}

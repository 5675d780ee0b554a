// What the monitoring e2e tests share: a recorder of the notifications the engine decides, and
// short calls for hosts, monitors, metrics and alerts through the public API of a real server.
import assert from 'node:assert/strict';
import type { AlertEvent, NotifyFunc } from '@saba/monitor';
import { type Json, nowSec } from './api-fixtures.ts';

export { nowSec };

import type { Answer, CallOptions } from './harness.ts';

/** One API call against one organization (the harness's `call`, or a child server's). */
export type Call = (method: string, path: string, options?: CallOptions) => Promise<Answer>;

/** Calls to a server started as a child process, as `Harness.call` makes them. */
export function callerFor(baseUrl: string, key: string): Call {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = { 'x-api-key': key, ...o.headers };
    const body = o.raw ?? (o.body !== undefined ? `${JSON.stringify(o.body)}\n` : undefined);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}

/** The alert notifications a server decided, kept in order (pass `notify` in the server options). */
export class Notifications {
  readonly events: AlertEvent[] = [];
  readonly notify: NotifyFunc = async (events) => {
    // Alert group notifications are another subject (alert-group tests); these tests follow alerts.
    for (const e of events) if (e.event === 'alert') this.events.push(e);
  };

  /** The events of one monitor, optionally for one host, as `kind status` strings in order. */
  of(monitorId: string, hostId?: string): string[] {
    return this.events
      .filter((e) => e.monitor.id === monitorId && (hostId === undefined || e.alert.hostId === hostId))
      .map((e) => `${e.kind} ${e.alert.status}`);
  }
}

/** The start of the minute `n` minutes before the current one, epoch seconds. */
export function minutesAgo(n: number): number {
  const now = nowSec();
  return now - (now % 60) - n * 60;
}

/** Asserts a 200 and returns the JSON body. */
export async function ok(answer: Promise<Answer>): Promise<Json> {
  const a = await answer;
  assert.equal(a.status, 200, a.text);
  return a.json as Json;
}

/** Registers a host (with role fullnames, if given) and returns its id. */
export async function registerHost(call: Call, name: string, roleFullnames: string[] = []): Promise<string> {
  const body = await ok(call('POST', '/api/v0/hosts', { body: { name, meta: {}, roleFullnames } }));
  assert.equal(typeof body.id, 'string');
  return body.id as string;
}

/** Sets a host's status (working, standby, maintenance, poweroff). */
export async function setHostStatus(call: Call, hostId: string, status: string): Promise<void> {
  assert.deepEqual(await ok(call('POST', `/api/v0/hosts/${hostId}/status`, { body: { status } })), { success: true });
}

/** Creates a monitor and returns its id; the answer echoes what was sent. */
export async function createMonitor(call: Call, monitor: Json): Promise<string> {
  const body = await ok(call('POST', '/api/v0/monitors', { body: monitor }));
  assert.equal(typeof body.id, 'string', JSON.stringify(body));
  assert.equal(body.type, monitor.type);
  return body.id as string;
}

/** Posts host metric values (`POST /api/v0/tsdb`). */
export async function postMetrics(
  call: Call,
  items: ReadonlyArray<{ hostId: string; name: string; time: number; value: number }>,
): Promise<void> {
  assert.deepEqual(await ok(call('POST', '/api/v0/tsdb', { body: items })), { success: true });
}

/** The organization's alerts, newest first: open ones, or all with `withClosed`. */
export async function listAlerts(call: Call, withClosed = false): Promise<Json[]> {
  const body = await ok(call('GET', `/api/v0/alerts${withClosed ? '?withClosed=true' : ''}`));
  return body.alerts as Json[];
}

/** The alerts of one monitor (and host, if given), newest first, closed ones included. */
export async function alertsOf(call: Call, monitorId: string, hostId?: string): Promise<Json[]> {
  return (await listAlerts(call, true)).filter(
    (a) => a.monitorId === monitorId && (hostId === undefined || a.hostId === hostId),
  );
}

/** One alert by id (`GET /api/v0/alerts/<id>`). */
export async function getAlert(call: Call, id: string): Promise<Json> {
  return ok(call('GET', `/api/v0/alerts/${id}`));
}

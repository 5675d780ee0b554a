// The API calls of the monitors pages (spec §8.1), each one public API v0 endpoint (STYLE habit 7).
import { apiGet, apiSend } from './client.ts';

/**
 * A monitor as the API answers it: `id`, `type`, `name` and its kind's fields. The fields are the
 * monitor kinds' own (packages/monitor/src/kinds), which the forms read through their schemas.
 */
export interface MonitorJson {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly isMute?: boolean;
  readonly [field: string]: unknown;
}

/** Every monitor but check monitors, by type then name. */
export async function listMonitors(signal?: AbortSignal): Promise<MonitorJson[]> {
  return (await apiGet<{ monitors: MonitorJson[] }>('/api/v0/monitors', signal)).monitors;
}

/** One monitor. */
export async function getMonitor(id: string, signal?: AbortSignal): Promise<MonitorJson> {
  return (await apiGet<{ monitor: MonitorJson }>(`/api/v0/monitors/${encodeURIComponent(id)}`, signal)).monitor;
}

/** Creates a monitor from a body of its kind; the created monitor. */
export function createMonitor(body: Readonly<Record<string, unknown>>): Promise<MonitorJson> {
  return apiSend<MonitorJson>('POST', '/api/v0/monitors', body);
}

/** Replaces a monitor's settings (a full body: omitted fields are reset, spec §8.1). */
export function updateMonitor(id: string, body: Readonly<Record<string, unknown>>): Promise<MonitorJson> {
  return apiSend<MonitorJson>('PUT', `/api/v0/monitors/${encodeURIComponent(id)}`, body);
}

/** Deletes a monitor; its open alerts close. */
export async function deleteMonitor(id: string): Promise<void> {
  await apiSend('DELETE', `/api/v0/monitors/${encodeURIComponent(id)}`);
}

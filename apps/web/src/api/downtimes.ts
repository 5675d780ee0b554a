// The API calls of the downtimes page (spec §10), each one public API v0 endpoint (STYLE habit 7).
import { apiGet, apiSend } from './client.ts';

/** A downtime as the API answers it (spec §10): unset optional fields are left out. */
export interface DowntimeJson {
  readonly id: string;
  readonly name: string;
  readonly memo?: string;
  readonly start: number;
  readonly duration: number;
  readonly recurrence?: {
    readonly type: string;
    readonly interval: number;
    readonly weekdays?: readonly string[];
    readonly until?: number;
  };
  readonly serviceScopes?: readonly string[];
  readonly serviceExcludeScopes?: readonly string[];
  readonly roleScopes?: readonly string[];
  readonly roleExcludeScopes?: readonly string[];
  readonly monitorScopes?: readonly string[];
  readonly monitorExcludeScopes?: readonly string[];
}

/** Every downtime of the organization. */
export async function listDowntimes(signal?: AbortSignal): Promise<DowntimeJson[]> {
  return (await apiGet<{ downtimes: DowntimeJson[] }>('/api/v0/downtimes', signal)).downtimes;
}

/** Creates a downtime; the created one. */
export function createDowntime(body: Readonly<Record<string, unknown>>): Promise<DowntimeJson> {
  return apiSend<DowntimeJson>('POST', '/api/v0/downtimes', body);
}

/** Replaces a downtime's settings. */
export function updateDowntime(id: string, body: Readonly<Record<string, unknown>>): Promise<DowntimeJson> {
  return apiSend<DowntimeJson>('PUT', `/api/v0/downtimes/${encodeURIComponent(id)}`, body);
}

/** Deletes a downtime. */
export async function deleteDowntime(id: string): Promise<void> {
  await apiSend('DELETE', `/api/v0/downtimes/${encodeURIComponent(id)}`);
}

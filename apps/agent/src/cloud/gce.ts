// Google Compute Engine metadata, as mackerel-agent reads it (spec/cloud.go, GCEGenerator):
// one recursive JSON document from the metadata server, requested with "Metadata-Flavor:
// Google" (the server answers 403 without it). The same document serves as the probe.
import type { CloudSpec } from '@saba/client';
import { type FetchPolicy, requestMetadata, retry } from './metadata-http.ts';

/** Default origin of the GCE metadata server; the trailing dot makes the name absolute, as in the official agent. */
export const gceDefaultEndpoint = 'http://metadata.google.internal.';

/** The official agent's probe policy: 2 attempts 2 s apart with a 3 s timeout each. */
export const gceOfficialPolicy: FetchPolicy = { attempts: 2, intervalMs: 2000, timeoutMs: 3000 };

/** GET /computeMetadata/v1/?recursive=true; rejects unless the answer is 200 (every failure is retried). */
export function fetchGceDocument(origin: string, policy: FetchPolicy, signal?: AbortSignal): Promise<string> {
  return retry(
    policy.attempts,
    policy.intervalMs,
    async () => {
      // The official URL has no slash before '?'; the server redirects that form to this one,
      // and node:http does not follow redirects, so ask for the canonical path directly.
      const res = await requestMetadata(`${origin}/computeMetadata/v1/?recursive=true`, {
        headers: { 'Metadata-Flavor': 'Google' },
        timeoutMs: policy.timeoutMs,
        ...(signal ? { signal } : {}),
      });
      if (res.status !== 200) throw new Error(`gce metadata: status ${res.status}`);
      return res.body;
    },
    signal,
  );
}

/** The last segment of "projects/123/zones/asia-northeast1-b". */
function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A string field of a JSON object, or '' (Go leaves a missing field at its zero value). */
function text(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** Builds meta.cloud and the customIdentifier from the recursive document; undefined on bad JSON. */
export function parseGceDocument(body: string): { spec: CloudSpec; customIdentifier: string } | undefined {
  let document: unknown;
  try {
    // Instance ids are 19-digit integers, beyond a double's 2^53: quote every "id" number
    // before parsing so the digits survive (Go decodes it into a uint64).
    document = JSON.parse(body.replace(/("id"\s*:\s*)(\d+)/g, '$1"$2"'));
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const { instance, project } = document as { instance?: unknown; project?: unknown };
  const metadata: Record<string, string> = {};
  let instanceId = '';
  if (typeof instance === 'object' && instance !== null) {
    const ins = instance as Record<string, unknown>;
    instanceId = text(ins, 'id');
    metadata.hostname = text(ins, 'hostname');
    // fmt.Sprint of a zero uint64 when the id is missing.
    metadata['instance-id'] = instanceId === '' ? '0' : instanceId;
    metadata['instance-type'] = lastSegment(text(ins, 'machineType'));
    metadata.zone = lastSegment(text(ins, 'zone'));
  }
  if (typeof project === 'object' && project !== null) {
    metadata.projectId = text(project as Record<string, unknown>, 'projectId');
  }
  return {
    spec: { provider: 'gce', metadata },
    customIdentifier: instanceId === '' || instanceId === '0' ? '' : `${instanceId}.gce.cloud.google.com`,
  };
}

// EC2 instance metadata (IMDS), as mackerel-agent reads it (spec/cloud.go, EC2Generator).
// IMDSv2 first: PUT /latest/api/token with a 6 h TTL, then every GET carries the token; when
// the token call fails (IMDSv2 disabled, old endpoints) the GETs go out without it (IMDSv1).
import type { CloudSpec } from '@saba/client';
import { requestMetadata, retry } from './metadata-http.ts';

/** Default origin of the EC2 metadata service. */
export const ec2DefaultEndpoint = 'http://169.254.169.254';

// The official client's timeout for every metadata request.
const requestTimeoutMs = 3000;
// Retries of the official agent: the "is this EC2" probe and the instance-id lookup both try
// 3 times, 2 s apart, on network errors (a non-200 answer ends the probe at once).
const attempts = 3;
const retryIntervalMs = 2000;

// The keys of meta.cloud.metadata, in the official order. A key the service answers with a
// non-200 status (public-ipv4 on a private instance) is sent as "", as the Go code does.
const metadataKeys = [
  'instance-id',
  'instance-type',
  'placement/availability-zone',
  'security-groups',
  'ami-id',
  'hostname',
  'local-hostname',
  'public-hostname',
  'local-ipv4',
  'public-ipv4',
  'reservation-id',
] as const;

/** One conversation with IMDS: holds the IMDSv2 token (or the knowledge that there is none). */
export class Ec2Session {
  readonly #origin: string;
  readonly #signal: AbortSignal | undefined;
  #token: Promise<string> | undefined;

  /** A session against `origin` (e.g. http://169.254.169.254), cancelled by `signal`. */
  constructor(origin: string, signal?: AbortSignal) {
    this.#origin = origin;
    this.#signal = signal;
  }

  /** The IMDSv2 token, fetched once; '' means fall back to IMDSv1 for the rest of the session. */
  #getToken(): Promise<string> {
    this.#token ??= requestMetadata(`${this.#origin}/latest/api/token`, {
      method: 'PUT',
      // 21600 s = 6 h, the TTL the official agent asks for.
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' },
      timeoutMs: requestTimeoutMs,
      ...(this.#signal ? { signal: this.#signal } : {}),
    }).then(
      (res) => (res.status === 200 ? res.body : ''),
      () => '',
    );
    return this.#token;
  }

  /** GET /latest/meta-data/<key>; rejects on network errors, resolves non-200 answers as they are. */
  async get(key: string): Promise<{ status: number; body: string }> {
    const token = await this.#getToken();
    return requestMetadata(`${this.#origin}/latest/meta-data/${key}`, {
      headers: token === '' ? {} : { 'X-aws-ec2-metadata-token': token },
      timeoutMs: requestTimeoutMs,
      ...(this.#signal ? { signal: this.#signal } : {}),
    });
  }
}

/** The official probe: services/partition answers 200 with "aws..." (aws, aws-cn, aws-us-gov). */
export async function probeEc2(session: Ec2Session, signal?: AbortSignal): Promise<boolean> {
  try {
    const res = await retry(attempts, retryIntervalMs, () => session.get('services/partition'), signal);
    return res.status === 200 && res.body.startsWith('aws');
  } catch {
    return false;
  }
}

/** Reads meta.cloud and the customIdentifier; undefined when a request fails on the network. */
export async function readEc2(
  session: Ec2Session,
  signal?: AbortSignal,
): Promise<{ spec: CloudSpec; customIdentifier: string } | undefined> {
  const metadata: Record<string, string> = {};
  for (const key of metadataKeys) {
    try {
      const res = await session.get(key);
      metadata[key] = res.status === 200 ? res.body : '';
    } catch {
      // The official generator gives up on the whole cloud spec at the first network error.
      return undefined;
    }
  }
  let instanceId = metadata['instance-id'] ?? '';
  if (instanceId === '') instanceId = await fetchInstanceId(session, signal);
  return {
    spec: { provider: 'ec2', metadata },
    customIdentifier: instanceId === '' ? '' : `${instanceId}.ec2.amazonaws.com`,
  };
}

/** The official SuggestCustomIdentifier: instance-id with 3 attempts; '' when it stays unknown. */
async function fetchInstanceId(session: Ec2Session, signal?: AbortSignal): Promise<string> {
  try {
    return await retry(
      attempts,
      retryIntervalMs,
      async () => {
        const res = await session.get('instance-id');
        if (res.status !== 200 || res.body === '') throw new Error(`instance-id: status ${res.status}`);
        return res.body;
      },
      signal,
    );
  } catch {
    return '';
  }
}

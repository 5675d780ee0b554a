// Replays requests recorded from the real mackerel-agent and mkr (testdata/agent-trace.json)
// against a live server, byte for byte as the Go client sends them: the recorded headers, a
// kept-alive connection, and bodies written by json.Encoder (JSON plus "\n").
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One recorded request (Host and Content-Length headers dropped; the replay sets them). */
export interface TraceRecord {
  readonly t_s: number;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Present on every non-GET; `null` is sent as the literal `null\n` (retire). */
  readonly body?: unknown;
  /** What the fake server answered when the trace was taken (500 during its 500 mode). */
  readonly recordedStatus: number;
  readonly causedBy?: string;
}

/** The fixture: the agent's two runs and mkr's commands. */
export interface Trace {
  readonly recordedHostId: string;
  readonly run1: readonly TraceRecord[];
  readonly run2: readonly TraceRecord[];
  readonly mkr: readonly TraceRecord[];
}

/** Loads testdata/agent-trace.json. */
export function loadTrace(): Trace {
  return JSON.parse(readFileSync(new URL('./testdata/agent-trace.json', import.meta.url), 'utf8')) as Trace;
}

/** A server's answer. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly json: any;
}

/** How recorded requests are adapted to this server: its host ids, times near now, and an optional bare `?`. */
export interface Rewrite {
  /** Recorded host id -> the id this server gave. */
  readonly hostIds: ReadonlyMap<string, string>;
  /** Seconds added to every `time` and `occurredAt` (a multiple of 60, so minute stamps stay minute stamps). */
  readonly shiftSec: number;
  /** Agents from v0.85.1 append `?` to every path without a query (spec agent-trace §9). */
  readonly trailingQuestionMark: boolean;
}

/** The body a record sends after rewriting: ids replaced, times shifted. */
export function rewriteBody(v: unknown, rw: Rewrite): unknown {
  if (typeof v === 'string') return rw.hostIds.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => rewriteBody(x, rw));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = (k === 'time' || k === 'occurredAt') && typeof x === 'number' ? x + rw.shiftSec : rewriteBody(x, rw);
    }
    return out;
  }
  return v;
}

/** The request target of a record after rewriting. */
export function rewriteTarget(rec: TraceRecord, rw: Rewrite): string {
  let path = rec.path;
  let query = rec.query ?? '';
  for (const [from, to] of rw.hostIds) {
    path = path.replaceAll(from, to);
    query = query.replaceAll(from, to);
  }
  if (query !== '') return `${path}?${query}`;
  return rw.trailingQuestionMark ? `${path}?` : path;
}

/** A Go-client-like connection to one server: one kept-alive socket, recorded headers, raw bytes. */
export class WireClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** Sends a recorded request, rewritten, with the recorded headers and this client's key. */
  replay(rec: TraceRecord, rw: Rewrite): Promise<WireAnswer> {
    const body = rec.method === 'GET' ? undefined : `${JSON.stringify(rewriteBody(rec.body ?? null, rw))}\n`;
    return this.send(rec.method, rewriteTarget(rec, rw), rec.headers, body);
  }

  /** Sends one request; `headers` are sent as given (plus X-Api-Key and Content-Length). */
  send(method: string, target: string, headers: Readonly<Record<string, string>>, body?: string): Promise<WireAnswer> {
    const url = new URL(this.baseUrl);
    const h: Record<string, string | number> = { ...headers, 'X-Api-Key': this.apiKey };
    if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method, path: target, headers: h, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            let raw = Buffer.concat(chunks);
            if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
            const text = raw.toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A GET as mkr sends it (mackerel-client-go's User-Agent, no Content-Type). */
  get(target: string): Promise<WireAnswer> {
    return this.send('GET', target, { 'User-Agent': 'mackerel-client-go', 'Accept-Encoding': 'gzip' });
  }

  /** Closes the kept-alive socket. */
  close(): void {
    this.agent.destroy();
  }
}

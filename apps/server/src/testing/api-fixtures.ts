// What the API tests (src/api-tests/) share: the agent's real host registration body, host
// creation, and the checks every error answer must pass (`{"error":{"message":...}}`, spec §1.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Answer, Harness } from './harness.ts';

/** A JSON object as the tests build and read it. */
// biome-ignore lint/suspicious/noExplicitAny: tests build and read arbitrary JSON shapes.
export type Json = Record<string, any>;

/**
 * The body of `POST /api/v0/hosts` that mackerel-agent v0.80.0 sent in the captured trace
 * (spec agent-trace.json, run1_requests), copied verbatim. A fresh copy on every call.
 */
export function agentHostInput(): Json {
  return JSON.parse(
    readFileSync(new URL('../api-tests/testdata/agent-host-input.json', import.meta.url), 'utf8'),
  ) as Json;
}

/** The current time in epoch seconds, as the Mackerel API counts it. */
export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Registers a host (`{"name": ..., "meta": {}}` plus `extra`) and returns its id. */
export async function createHost(h: Harness, extra: Json = {}, key?: string): Promise<string> {
  const a = await h.call('POST', '/api/v0/hosts', {
    body: { name: 'host', meta: {}, ...extra },
    ...(key ? { key } : {}),
  });
  assert.equal(a.status, 200, a.text);
  assert.equal(typeof a.json.id, 'string');
  return a.json.id as string;
}

/** The `host` object of `GET /api/v0/hosts/<id>`. */
export async function getHost(h: Harness, id: string, key?: string): Promise<Json> {
  const a = await h.call('GET', `/api/v0/hosts/${id}`, key ? { key } : {});
  assert.equal(a.status, 200, a.text);
  return a.json.host as Json;
}

/** Asserts a 200 answer of `{"success": true}`. */
export function assertSuccess(a: Answer): void {
  assert.equal(a.status, 200, a.text);
  assert.deepEqual(a.json, { success: true });
}

/** Asserts an error answer: the status, a body `{"error":{"message": <non-empty>}}`, the message matching `pattern`. */
export function assertError(a: Answer, status: number, pattern?: RegExp): void {
  assert.equal(a.status, status, `expected ${status}, got ${a.status}: ${a.text}`);
  assert.match(a.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(typeof a.json?.error?.message, 'string', a.text);
  assert.notEqual(a.json.error.message, '');
  assert.deepEqual(Object.keys(a.json), ['error']);
  if (pattern) assert.match(a.json.error.message, pattern);
}

/** Query string from pairs (keys may repeat). */
export function qs(pairs: ReadonlyArray<readonly [string, string | number]>): string {
  return new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString();
}

import assert from 'node:assert/strict';
import { type OrgId, type SabaError, type UnixSec, unixSec } from '@saba/model';
import type { Catalog, HostCreate, HostUpdate, Org } from '../catalog.ts';

/** Opens a fresh, empty catalog; its close() also removes what the test created (file, schema). */
export type OpenCatalog = () => Promise<Catalog>;

/** A fixed clock for tests: 2023-11-14T22:13:20Z. */
export const T0 = unixSec(1_700_000_000);

/** `T0` plus `s` seconds. */
export function at(s: number): UnixSec {
  return unixSec(T0 + s);
}

/** Runs `fn` on a fresh catalog and closes it, pass or fail. */
export async function withCatalog(open: OpenCatalog, fn: (c: Catalog) => Promise<void>): Promise<void> {
  const c = await open();
  try {
    await fn(c);
  } finally {
    await c.close();
  }
}

/** Two organizations, A and B, for isolation tests. */
export async function twoOrgs(c: Catalog): Promise<[OrgId, OrgId]> {
  const a: Org = await c.orgs.create('org-a', 'Org A', T0);
  const b: Org = await c.orgs.create('org-b', null, T0);
  return [a.id, b.id];
}

/** A host create body with harmless defaults. */
export function hostInput(over: Partial<HostCreate> = {}): HostCreate {
  return {
    name: 'host-1',
    displayName: null,
    customIdentifier: null,
    memo: '',
    meta: { 'agent-version': '0.85.0' },
    interfaces: [],
    roles: [],
    checks: [],
    ...over,
  };
}

/** A host update body with harmless defaults (keeps displayName and memo). */
export function updateInput(over: Partial<HostUpdate> = {}): HostUpdate {
  return {
    name: 'host-1',
    displayName: undefined,
    customIdentifier: null,
    memo: undefined,
    meta: {},
    interfaces: [],
    roles: [],
    checks: [],
    ...over,
  };
}

/** Asserts that `p` rejects with an error of class `type` whose message contains `text`. */
export async function rejectsWith(
  p: Promise<unknown>,
  type: abstract new (...args: never[]) => SabaError,
  text = '',
): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    assert.ok(e.message.includes(text), `message ${JSON.stringify(e.message)} should contain ${JSON.stringify(text)}`);
    return true;
  });
}

/** Mackerel-style ids: 11 base58 characters. */
export const ID_PATTERN = /^[1-9A-HJ-NP-Za-km-z]{11}$/;

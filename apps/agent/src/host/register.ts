// Finding or registering this host at start (spec §15.2 steps 3–6).
//
// Beyond the official agent, which exits after 20 failed tries a minute apart: a host that has an
// id file starts collecting even while the server is unreachable (its metrics wait in the disk
// buffer), and `confirmHost` finishes the handshake when the server is back. A 4xx is still fatal,
// as in the official agent: a deleted host or a bad key will not fix itself.
import { ApiError, type Host, type HostInput, type HostStatus, type MackerelClient } from '@saba/client';
import { type Clock, scaled, sleep } from '../clock.ts';
import type { Logger } from '../log.ts';
import { readHostId, writeHostId } from './id-file.ts';

/** A start-up failure the agent cannot recover from by retrying (a 4xx, a mismatch). */
export class FatalStartError extends Error {
  override readonly name = 'FatalStartError';
}

/** What the start-up handshake needs. */
export interface RegisterDeps {
  readonly client: MackerelClient;
  readonly root: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** This host's id, and the server's host object once the server has confirmed it. */
export interface HostIdentity {
  readonly hostId: string;
  readonly host?: Host;
}

/**
 * Returns this host's id: from the id file (confirmed with the server if it answers), by adopting
 * a host with the same cloud custom identifier, or by registering a new host. Writes the id file.
 */
export async function resolveHost(deps: RegisterDeps, input: HostInput, onStart?: HostStatus): Promise<HostIdentity> {
  const saved = await readHostId(deps.root);
  if (saved !== undefined) {
    try {
      const host = await confirmHost(deps, saved, input, onStart, 1);
      return { hostId: saved, host };
    } catch (e) {
      if (e instanceof FatalStartError) throw e;
      deps.log.warn('start', `server unreachable (${(e as Error).message}); collecting for host ${saved} and retrying`);
      return { hostId: saved };
    }
  }
  let host: Host | undefined;
  if (input.customIdentifier !== undefined) {
    const ci = input.customIdentifier;
    // Three tries two seconds apart, as the official agent looks for a cloud integration's host.
    for (let i = 0; i < 3 && host === undefined && !deps.signal.aborted; i++) {
      try {
        host = (await deps.client.findHostsByCustomIdentifier(ci))[0];
        break;
      } catch (e) {
        if (isClientError(e)) throw fatal(e);
        await sleep(scaled(deps.clock, 2), deps.signal);
      }
    }
    if (host !== undefined) deps.log.info('start', `adopting host ${host.id} with custom identifier ${ci}`);
  }
  if (host === undefined) {
    const id = await retrying(deps, 'register host', () => deps.client.createHost(input));
    host = await retrying(deps, 'get host', () => deps.client.getHost(id));
    deps.log.info('start', `registered host ${id}`);
  }
  host = await applyOnStart(deps, host, onStart);
  await writeHostId(deps.root, host.id);
  return { hostId: host.id, host };
}

/**
 * GET /hosts/<id>, the custom identifier check and the `on_start` status; retried `tries` times
 * (Infinity: until it works or `signal` aborts). Throws FatalStartError on a 4xx or a mismatch.
 */
export async function confirmHost(
  deps: RegisterDeps,
  hostId: string,
  input: HostInput,
  onStart: HostStatus | undefined,
  tries: number,
): Promise<Host> {
  const host = await retrying(deps, 'get host', () => deps.client.getHost(hostId), tries);
  const ci = host.customIdentifier;
  if (ci !== undefined && ci !== '' && input.customIdentifier !== undefined && ci !== input.customIdentifier) {
    throw new FatalStartError(
      `custom identifiers mismatch: this host is ${input.customIdentifier} but host ${hostId} is ${ci}; remove ${deps.root}/id to register anew`,
    );
  }
  return applyOnStart(deps, host, onStart);
}

async function applyOnStart(deps: RegisterDeps, host: Host, onStart: HostStatus | undefined): Promise<Host> {
  if (onStart === undefined || onStart === host.status) return host;
  await retrying(deps, 'set status', () => deps.client.updateHostStatus(host.id, onStart));
  return { ...host, status: onStart };
}

/**
 * Runs `fn` until it succeeds: 3 s apart for the official agent's 20 tries, then backing off to a
 * minute, forever, unless `tries` is finite. A 4xx answer is fatal at once.
 */
async function retrying<T>(
  deps: RegisterDeps,
  what: string,
  fn: () => Promise<T>,
  tries = Number.POSITIVE_INFINITY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (isClientError(e)) throw fatal(e, what);
      if (attempt >= tries || deps.signal.aborted) throw e;
      deps.log.warn('start', `${what} failed (attempt ${attempt}, will retry): ${(e as Error).message}`);
      await sleep(scaled(deps.clock, attempt < 20 ? 3 : 60), deps.signal);
    }
  }
}

function isClientError(e: unknown): e is ApiError {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;
}

function fatal(e: ApiError, what = 'find host'): FatalStartError {
  const hint = e.status === 404 ? ' (was the host retired? remove the id file to register anew)' : '';
  return new FatalStartError(`${what}: ${e.message}${hint}`);
}

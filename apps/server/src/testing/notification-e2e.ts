// What the notification e2e tests share: an organization's calls through the public API, channel
// and group creation, and a wait for delivery to finish what the engine decided, read from the
// server's own outbox, so that "this channel got nothing" is a fact and not a timing guess.
import assert from 'node:assert/strict';
import type { OrgId } from '@saba/model';
import type { SinkRequest } from '../../../../packages/notify/src/testing/http-sink.ts';
import { eventually } from './eventually.ts';
import type { Harness } from './harness.ts';
import { POLL, settled } from './monitor-fixtures.ts';
import { type Call, ok } from './monitoring-e2e.ts';

// The sinks are notify's own test receivers (real servers on loopback); the package exports no
// testing entry, so they are reached by path.
export {
  type HttpSink,
  type SinkRequest,
  startHttpSink,
} from '../../../../packages/notify/src/testing/http-sink.ts';
export { type SmtpSink, startSmtpSink } from '../../../../packages/notify/src/testing/smtp-sink.ts';

/** The header every HTTP delivery carries (decision 0009), lower-cased as node:http gives it. */
export const KEY_HEADER = 'x-saba-idempotency-key';

/** One organization of an in-process server: its id, name and calls with its read-write key. */
export interface TestOrg {
  readonly id: OrgId;
  readonly name: string;
  readonly call: Call;
}

/** A new organization (with its default notification group) on the harness's server. */
export async function newTestOrg(h: Harness, name: string): Promise<TestOrg> {
  const { key } = await h.newOrg(name);
  const org = await h.server.catalog.orgs.getByName(name);
  assert.ok(org !== undefined);
  return { id: org.id, name, call: (method, path, o = {}) => h.call(method, path, { ...o, key }) };
}

/** Creates a channel (`POST /api/v0/channels`) and returns its id. */
export async function createChannel(call: Call, body: Record<string, unknown>): Promise<string> {
  const created = await ok(call('POST', '/api/v0/channels', { body }));
  assert.equal(typeof created.id, 'string');
  return created.id as string;
}

/** Creates a notification group (`POST /api/v0/notification-groups`) and returns its id. */
export async function createGroup(call: Call, body: Record<string, unknown>): Promise<string> {
  const created = await ok(call('POST', '/api/v0/notification-groups', { body }));
  assert.equal(typeof created.id, 'string');
  return created.id as string;
}

/**
 * Resolves once the engine has judged every post answered so far and delivery has dispatched all
 * it decided and attempted every delivery of `channelIds` (none pending). The sink records a
 * request before answering it, so what a channel has not received by then it never will.
 */
export async function deliveriesSettled(h: Harness, org: OrgId, channelIds: readonly string[]): Promise<void> {
  await settled(h);
  const { outbox } = h.server.catalog;
  await eventually(
    'every decided notification dispatched and attempted',
    async () => {
      if ((await outbox.undispatched(1)).length > 0) return false;
      for (const c of channelIds) {
        if ((await outbox.listForChannel(org, c, 1000)).some((d) => d.status === 'pending')) return false;
      }
      return true;
    },
    POLL,
  );
}

/** The JSON bodies a sink received at `path`, in order. */
// biome-ignore lint/suspicious/noExplicitAny: tests read the payloads' arbitrary JSON shapes.
export function bodiesAt(requests: readonly SinkRequest[], path: string): any[] {
  return requests.filter((r) => r.path === path).map((r) => JSON.parse(r.body));
}

/** A webhook body in a word: `<host> <monitor> <status>` for an alert, `group <setting> <status>` for a group. */
// biome-ignore lint/suspicious/noExplicitAny: as bodiesAt.
export function summary(body: any): string {
  if (body.event === 'alertGroup') return `group ${body.alertGroupSetting.name} ${body.alertGroup.status}`;
  return `${body.host?.name ?? body.service?.name ?? '-'} ${body.alert.monitorName} ${body.alert.status}`;
}

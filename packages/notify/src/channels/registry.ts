// Every channel type, registered once (STYLE habit 6): the API validates with parseChannel and
// answers with channelToJson; the delivery queue finds a channel's kind here.
import { BadDataError, type JsonObject, objectBody } from '@saba/model';
import { type EmailChannel, emailKind } from './email.ts';
import type { ChannelKind } from './kind.ts';
import { type OnCallChannel, onCallKind } from './oncall.ts';
import { type PagerDutyChannel, pagerDutyKind } from './pagerduty.ts';
import { type SlackChannel, slackKind } from './slack.ts';
import { type TeamsChannel, teamsKind } from './teams.ts';
import { type WebhookChannel, webhookKind } from './webhook.ts';

/** A channel's settings, any type. */
export type Channel = EmailChannel | SlackChannel | WebhookChannel | TeamsChannel | PagerDutyChannel | OnCallChannel;

/** The channel types Saba delivers to. */
export type ChannelType = Channel['type'];

const KINDS: readonly ChannelKind[] = [emailKind, slackKind, webhookKind, teamsKind, pagerDutyKind, onCallKind];

/** Every channel type by its `type`: Mackerel's order (spec api §11.1), then Saba's extension. */
export const CHANNEL_KINDS: ReadonlyMap<ChannelType, ChannelKind> = new Map(
  KINDS.map((k) => [k.type as ChannelType, k]),
);

const TYPE_LIST = KINDS.map((k) => `"${k.type}"`).join(', ');

/** The kind of a channel's type. */
export function channelKind(type: ChannelType): ChannelKind {
  const kind = CHANNEL_KINDS.get(type);
  // Unreachable while Channel and KINDS list the same types; a bug if it happens.
  if (kind === undefined) throw new Error(`no channel kind for type "${type}"`);
  return kind;
}

/**
 * Validates a create (no `previous`) or PUT body into settings, by its `type`. On PUT the type must
 * be the stored one (spec api §11.1); the body replaces the settings, omitted fields take defaults.
 */
export function parseChannel(input: unknown, previous?: Channel): Channel {
  const o = objectBody(input, 'a channel: {"type": ..., "name": ..., ...}');
  const type = o.type;
  if (type === undefined || type === null) throw new BadDataError(`"type" is required: one of ${TYPE_LIST}`);
  const kind = typeof type === 'string' ? CHANNEL_KINDS.get(type as ChannelType) : undefined;
  if (kind === undefined) throw new BadDataError(`"type" must be one of ${TYPE_LIST}, got ${JSON.stringify(type)}`);
  if (previous !== undefined && previous.type !== type) {
    throw new BadDataError(`"type" cannot be changed (the channel is "${previous.type}")`);
  }
  return kind.parse(o, previous) as Channel;
}

/** A channel's settings as the API answers them, without `id` and `suspendedAt` (the caller adds those). */
export function channelToJson(c: Channel): JsonObject {
  return channelKind(c.type).toJson(c);
}

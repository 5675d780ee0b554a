// How the channel list shows a channel: its type's name, its events, and whether delivery has
// suspended it (spec features §4.3: a channel failing for an hour receives nothing until resumed).
import type { Channel } from '../../api/notifications.ts';
import { CHANNEL_FORMS, EVENT_LABELS, isChannelType } from './channel-forms.ts';

/** A channel type's name as people say it; an unknown type as the API spells it. */
export function typeLabel(type: string): string {
  return isChannelType(type) ? CHANNEL_FORMS[type].label : type;
}

/** The events a channel takes, in words; types without `events` take alerts only, at their level. */
export function eventsText(c: Channel): string {
  if (c.events === undefined) return c.level === 'critical' ? 'Alerts (critical only)' : 'Alerts';
  if (c.events.length === 0) return 'Nothing';
  const names = new Map(EVENT_LABELS);
  return c.events.map((e) => names.get(e) ?? e).join(', ');
}

/** Where a channel's notifications go, without secrets: its URL's host, or its addresses and how many users. */
export function targetText(c: Channel): string {
  if (c.emails !== undefined || c.userIds !== undefined) {
    const users = new Set(c.userIds ?? []).size;
    const who = users === 0 ? [] : [`${users} user${users === 1 ? '' : 's'}`];
    return [...(c.emails ?? []), ...who].join(', ');
  }
  const where = c.type === 'pagerduty' ? (c.endpoint ?? 'PagerDuty') : c.url;
  if (where === undefined) return '';
  try {
    // The path of a Slack or Teams webhook is its secret; the host says enough.
    return new URL(where).host;
  } catch {
    return where;
  }
}

/** A channel's delivery state: active, or suspended since a time, which a Resume button ends. */
export type ChannelState =
  | { readonly suspended: false; readonly label: 'Active' }
  | { readonly suspended: true; readonly label: string; readonly since: Date };

/** The state of `c`; `format` renders the suspension's time (the page's locale). */
export function channelState(c: Channel, format: (d: Date) => string): ChannelState {
  if (c.suspendedAt === null || c.suspendedAt === undefined) return { suspended: false, label: 'Active' };
  const since = new Date(c.suspendedAt * 1000);
  return { suspended: true, label: `Suspended since ${format(since)}`, since };
}

/** The channels in list order: suspended first (they need a person), then by name. */
export function sortChannels(channels: readonly Channel[]): Channel[] {
  return [...channels].sort(
    (a, b) =>
      Number(b.suspendedAt !== null) - Number(a.suspendedAt !== null) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

// `type: slack` (spec api §11.1, features §4.3): a message to a Slack incoming webhook, with a
// mention per status, a link to the alert and to the graphs, the roles and the monitor memo.
import { type AlertStatus, BadDataError, type JsonObject, optionalString } from '@saba/model';
import type {
  AlertGroupNotification,
  AlertNotification,
  HostNotification,
  MonitorNotification,
  Notification,
} from '../notification.ts';
import { alertGroupTitle, alertMessage, alertTitle } from '../payload/alert-text.ts';
import { eventUrl, hostEventTitle, monitorEventTitle } from '../payload/event-text.ts';
import { alertGroupUrl, alertUrl, graphUrl, hostUrl, roleUrl, serviceUrl } from '../payload/links.ts';
import { postJson } from '../send/post-json.ts';
import { parseBoolean, parseEvents, parseHttpUrl, parseName, takesEvent } from './fields.ts';
import type { ChannelCommon, ChannelKind } from './kind.ts';

/** Text put before the message for a status, e.g. `<!channel>` or `@oncall`. */
export interface SlackMentions {
  readonly ok?: string;
  readonly warning?: string;
  readonly critical?: string;
}

/** A Slack channel's settings. */
export interface SlackChannel extends ChannelCommon {
  readonly type: 'slack';
  /** The incoming-webhook URL. */
  readonly url: string;
  readonly mentions: SlackMentions;
  /** Kept for Mackerel clients; Saba renders no graph images yet, the message links to the graphs. */
  readonly enabledGraphImage: boolean;
}

/** Attachment colours per status: red, orange, purple (spec features §2.1 since 2023), green for OK. */
const COLOURS: Readonly<Record<AlertStatus, string>> = {
  CRITICAL: '#e0393e',
  WARNING: '#f2a33a',
  UNKNOWN: '#8b5cc7',
  OK: '#2eb67d',
};

const MENTION_KEYS = ['ok', 'warning', 'critical'] as const;

function parseMentions(o: JsonObject): SlackMentions {
  const v = o.mentions;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new BadDataError('"mentions" must be an object {"ok", "warning", "critical"} of strings');
  }
  const m = v as JsonObject;
  const out: { -readonly [K in keyof SlackMentions]: string } = {};
  for (const key of MENTION_KEYS) {
    const text = optionalString(m, key, '"mentions".');
    if (text !== undefined && text !== '') out[key] = text;
  }
  return out;
}

/**
 * The mention for a status. UNKNOWN takes the critical one: Mackerel has no "unknown" mention,
 * and critical-only routing treats UNKNOWN as critical (spec features §4.4).
 */
export function mentionFor(c: SlackChannel, status: AlertStatus): string | undefined {
  if (status === 'OK') return c.mentions.ok;
  if (status === 'WARNING') return c.mentions.warning;
  return c.mentions.critical;
}

/** Escapes text for Slack's mrkdwn: only &, < and > are special (they would start a link or mention). */
export function slackEscape(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function link(url: string, text: string): string {
  return `<${url}|${slackEscape(text)}>`;
}

interface Field {
  readonly title: string;
  readonly value: string;
  readonly short: boolean;
}

function alertFields(n: AlertNotification): Field[] {
  const fields: Field[] = [];
  if (n.host !== null) {
    fields.push({
      title: 'Host',
      value: link(hostUrl(n.baseUrl, n.host.id), n.host.displayName ?? n.host.name),
      short: true,
    });
    const roles = n.host.roles.map((r) => link(roleUrl(n.baseUrl, r.service, r.role), `${r.service}: ${r.role}`));
    if (roles.length > 0) fields.push({ title: 'Roles', value: roles.join(', '), short: true });
  }
  if (n.service !== null) {
    fields.push({ title: 'Service', value: link(serviceUrl(n.baseUrl, n.service.name), n.service.name), short: true });
  }
  const graph = graphUrl(n);
  if (graph !== null) fields.push({ title: 'Graph', value: link(graph, 'Open the graphs'), short: true });
  if (n.alert.reason !== null) fields.push({ title: 'Reason', value: slackEscape(n.alert.reason), short: false });
  if (n.monitor.memo !== '') fields.push({ title: 'Memo', value: slackEscape(n.monitor.memo), short: false });
  return fields;
}

function message(c: SlackChannel, status: AlertStatus, title: string, attachment: JsonObject): JsonObject {
  const mention = mentionFor(c, status);
  // The mention is the user's own Slack markup (`<!channel>`, `<@U123>`), so it is not escaped;
  // link_names makes a plain `@here` or `@team` notify too.
  const text = mention === undefined ? slackEscape(title) : `${mention} ${slackEscape(title)}`;
  return { text, link_names: 1, attachments: [{ fallback: title, color: COLOURS[status], ...attachment }] };
}

/** The Slack message of an alert notification. */
export function slackAlertMessage(c: SlackChannel, n: AlertNotification): JsonObject {
  return message(c, n.alert.status, `[${n.orgName}] ${alertTitle(n)}`, {
    title: alertTitle(n),
    title_link: alertUrl(n),
    text: slackEscape(alertMessage(n)),
    fields: alertFields(n),
    footer: `Saba · ${n.orgName}`,
    ts: n.alert.statusChangedAt,
  });
}

/** The Slack message of an alert-group notification. */
export function slackAlertGroupMessage(c: SlackChannel, n: AlertGroupNotification): JsonObject {
  const memo = n.setting.memo === '' ? [] : [{ title: 'Memo', value: slackEscape(n.setting.memo), short: false }];
  return message(c, n.group.status, `[${n.orgName}] ${alertGroupTitle(n)}`, {
    title: alertGroupTitle(n),
    title_link: alertGroupUrl(n),
    fields: memo,
    footer: `Saba · ${n.orgName}`,
    ts: n.group.closedAt ?? n.group.openedAt,
  });
}

/**
 * The Slack message of a host or monitor notification: one line naming the host or monitor as a
 * link (`[example] Host <url|host-1> registered`). No mention and no colour: those are per alert
 * status, and these are not about one.
 */
export function slackEventMessage(n: HostNotification | MonitorNotification): JsonObject {
  const url = eventUrl(n);
  const name = (text: string) => (url === null ? slackEscape(text) : link(url, text));
  const title = n.event === 'monitor' ? monitorEventTitle(n, name) : hostEventTitle(n, name);
  return { text: `[${slackEscape(n.orgName)}] ${title}` };
}

/** The Slack message of any notification. */
export function slackMessage(c: SlackChannel, n: Notification): JsonObject {
  if (n.event === 'alert') return slackAlertMessage(c, n);
  if (n.event === 'alertGroup') return slackAlertGroupMessage(c, n);
  return slackEventMessage(n);
}

/** The Slack channel type. */
export const slackKind: ChannelKind<SlackChannel> = {
  type: 'slack',
  parse(o) {
    return {
      type: 'slack',
      name: parseName(o),
      url: parseHttpUrl(o, 'url'),
      mentions: parseMentions(o),
      enabledGraphImage: parseBoolean(o, 'enabledGraphImage', false),
      events: parseEvents(o),
    };
  },
  toJson(c) {
    return {
      type: c.type,
      name: c.name,
      url: c.url,
      mentions: c.mentions,
      enabledGraphImage: c.enabledGraphImage,
      events: c.events,
    };
  },
  accepts(c, n) {
    return takesEvent(c.events, n);
  },
  send(c, n, deps) {
    return postJson(deps, c.url, slackMessage(c, n), n.key);
  },
};

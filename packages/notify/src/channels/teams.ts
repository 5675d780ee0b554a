// `type: microsoft-teams` (spec features §4.3): an Adaptive Card posted to a Teams Workflows
// webhook (the old Office 365 connector "Incoming Webhook" is retired by Microsoft).
import type { AlertStatus, JsonObject } from '@saba/model';
import type {
  AlertGroupNotification,
  AlertNotification,
  HostNotification,
  MonitorNotification,
  Notification,
} from '../notification.ts';
import { alertGroupTitle, alertMessage, alertTitle, rolesText } from '../payload/alert-text.ts';
import { eventUrl, hostEventTitle, hostRolesText, monitorEventTitle } from '../payload/event-text.ts';
import { alertGroupUrl, alertUrl, graphUrl } from '../payload/links.ts';
import { postJson } from '../send/post-json.ts';
import { parseEvents, parseHttpUrl, parseName, takesEvent } from './fields.ts';
import type { ChannelCommon, ChannelKind } from './kind.ts';

/** A Microsoft Teams channel's settings. */
export interface TeamsChannel extends ChannelCommon {
  readonly type: 'microsoft-teams';
  /** The Workflows webhook URL ("Post to a channel when a webhook request is received"). */
  readonly url: string;
}

/** Adaptive Card text colours per status (the card schema's named colours, themed by Teams). */
const COLOURS: Readonly<Record<AlertStatus, string>> = {
  CRITICAL: 'Attention',
  WARNING: 'Warning',
  UNKNOWN: 'Accent',
  OK: 'Good',
};

interface Fact {
  readonly title: string;
  readonly value: string;
}

/**
 * A Teams message holding one Adaptive Card. Version 1.4 is the newest Teams renders in every
 * client; texts wrap so long memos are not cut to one line. The title's colour shows an alert
 * status; null (host and monitor notifications) leaves Teams' default.
 */
function card(
  status: AlertStatus | null,
  title: string,
  lines: readonly string[],
  facts: readonly Fact[],
  links: readonly Fact[],
): JsonObject {
  const body: JsonObject[] = [
    {
      type: 'TextBlock',
      text: title,
      weight: 'Bolder',
      size: 'Medium',
      ...(status === null ? {} : { color: COLOURS[status] }),
      wrap: true,
    },
    ...lines.filter((l) => l !== '').map((text) => ({ type: 'TextBlock', text, wrap: true })),
  ];
  if (facts.length > 0) body.push({ type: 'FactSet', facts });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: links.map((l) => ({ type: 'Action.OpenUrl', title: l.title, url: l.value })),
        },
      },
    ],
  };
}

/** The Teams message of an alert notification. */
export function teamsAlertMessage(n: AlertNotification): JsonObject {
  const facts: Fact[] = [];
  if (n.host !== null) facts.push({ title: 'Host', value: n.host.displayName ?? n.host.name });
  if (n.service !== null) facts.push({ title: 'Service', value: n.service.name });
  const roles = rolesText(n);
  if (roles !== '') facts.push({ title: 'Roles', value: roles });
  facts.push({ title: 'Monitor', value: n.monitor.name });
  if (n.alert.reason !== null) facts.push({ title: 'Reason', value: n.alert.reason });
  if (n.monitor.memo !== '') facts.push({ title: 'Memo', value: n.monitor.memo });
  const links: Fact[] = [{ title: 'Open the alert', value: alertUrl(n) }];
  const graph = graphUrl(n);
  if (graph !== null) links.push({ title: 'Open the graphs', value: graph });
  return card(n.alert.status, `[${n.orgName}] ${alertTitle(n)}`, [alertMessage(n)], facts, links);
}

/** The Teams message of an alert-group notification. */
export function teamsAlertGroupMessage(n: AlertGroupNotification): JsonObject {
  const facts = n.setting.memo === '' ? [] : [{ title: 'Memo', value: n.setting.memo }];
  const links = [{ title: 'Open the alert group', value: alertGroupUrl(n) }];
  return card(n.group.status, `[${n.orgName}] ${alertGroupTitle(n)}`, [], facts, links);
}

/** The Teams message of a host or monitor notification: the title, a few facts and a link to the page. */
export function teamsEventMessage(n: HostNotification | MonitorNotification): JsonObject {
  const facts: Fact[] = [];
  let title: string;
  let linkTitle: string;
  if (n.event === 'monitor') {
    title = monitorEventTitle(n);
    linkTitle = 'Open the monitor';
    facts.push({ title: 'Type', value: n.monitor.type });
    if (n.monitor.memo !== '') facts.push({ title: 'Memo', value: n.monitor.memo });
  } else {
    title = hostEventTitle(n);
    linkTitle = 'Open the host';
    const roles = hostRolesText(n.host);
    if (roles !== '') facts.push({ title: 'Roles', value: roles });
    if (n.host.memo !== '') facts.push({ title: 'Memo', value: n.host.memo });
  }
  const url = eventUrl(n);
  const links = url === null ? [] : [{ title: linkTitle, value: url }];
  return card(null, `[${n.orgName}] ${title}`, [], facts, links);
}

/** The Teams message of any notification. */
export function teamsMessage(n: Notification): JsonObject {
  if (n.event === 'alert') return teamsAlertMessage(n);
  if (n.event === 'alertGroup') return teamsAlertGroupMessage(n);
  return teamsEventMessage(n);
}

/** The Microsoft Teams channel type. */
export const teamsKind: ChannelKind<TeamsChannel> = {
  type: 'microsoft-teams',
  parse(o) {
    return {
      type: 'microsoft-teams',
      name: parseName(o),
      url: parseHttpUrl(o, 'url'),
      events: parseEvents(o),
    };
  },
  toJson(c) {
    return { type: c.type, name: c.name, url: c.url, events: c.events };
  },
  accepts(c, n) {
    return takesEvent(c.events, n);
  },
  send(c, n, deps) {
    return postJson(deps, c.url, teamsMessage(n), n.key);
  },
};

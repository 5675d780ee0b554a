// `type: pagerduty` (spec features §4.3): PagerDuty Events API v2. One incident per alert: the
// dedup key is the alert's, so WARNING → CRITICAL updates the same incident and OK resolves it.
import { type AlertStatus, BadDataError, type JsonObject, optionalString, secToMs, unixSec } from '@saba/model';
import type { AlertNotification } from '../notification.ts';
import { alertMessage, alertSubject, alertTitle } from '../payload/alert-text.ts';
import { alertUrl, graphUrl } from '../payload/links.ts';
import { postJson } from '../send/post-json.ts';
import { permanent } from '../send/result.ts';
import { type ChannelLevel, levelTakes, parseBoolean, parseHttpUrl, parseLevel, parseName } from './fields.ts';
import type { ChannelCommon, ChannelKind } from './kind.ts';

/** Where Events API v2 events go. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** An integration key: 32 letters and digits, as PagerDuty issues them. */
const INTEGRATION_KEY = /^[A-Za-z0-9]{32}$/;

/** PagerDuty cuts `summary` at 1024 characters; cutting here keeps the end marked. */
const MAX_SUMMARY = 1024;

/** A PagerDuty channel's settings. */
export interface PagerDutyChannel extends ChannelCommon {
  readonly type: 'pagerduty';
  readonly integrationKey: string;
  /** `critical`: WARNING is not sent, OK only for an alert that reached CRITICAL. */
  readonly level: ChannelLevel;
  /** Resolve the incident when the alert closes; false leaves it to be resolved in PagerDuty. */
  readonly closeIncidentOnAlertClose: boolean;
  /** A Saba extension: another Events-v2-compatible receiver; null is PagerDuty's own. */
  readonly endpoint: string | null;
}

/** PagerDuty severities; UNKNOWN (no data to judge) is `error`, between warning and critical. */
const SEVERITIES: Readonly<Record<Exclude<AlertStatus, 'OK'>, string>> = {
  CRITICAL: 'critical',
  WARNING: 'warning',
  UNKNOWN: 'error',
};

/** The dedup key of an alert's incident. */
export function pagerDutyDedupKey(alertId: string): string {
  return `saba-alert-${alertId}`;
}

function parseIntegrationKey(o: JsonObject): string {
  const v = optionalString(o, 'integrationKey');
  if (v === undefined || v === '') throw new BadDataError('"integrationKey" is required (32 letters and digits)');
  if (!INTEGRATION_KEY.test(v)) throw new BadDataError('"integrationKey" must be 32 letters and digits');
  return v;
}

function summary(n: AlertNotification): string {
  const message = alertMessage(n);
  const s = `[${n.orgName}] ${alertTitle(n)}${message === '' ? '' : `: ${message}`}`;
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}

/** The Events API v2 event of an alert notification: `resolve` for OK, `trigger` otherwise. */
export function pagerDutyEvent(c: PagerDutyChannel, n: AlertNotification): JsonObject {
  const dedup = pagerDutyDedupKey(n.alert.id);
  const status = n.alert.status;
  if (status === 'OK') return { routing_key: c.integrationKey, event_action: 'resolve', dedup_key: dedup };
  const links = [{ href: alertUrl(n), text: 'Alert in Saba' }];
  const graph = graphUrl(n);
  if (graph !== null) links.push({ href: graph, text: 'Graphs in Saba' });
  return {
    routing_key: c.integrationKey,
    event_action: 'trigger',
    dedup_key: dedup,
    payload: {
      summary: summary(n),
      source: alertSubject(n) ?? n.monitor.name,
      severity: SEVERITIES[status],
      timestamp: new Date(secToMs(unixSec(n.alert.statusChangedAt))).toISOString(),
      component: n.monitor.name,
      class: n.monitor.type,
      ...(n.service === null ? {} : { group: n.service.name }),
      custom_details: {
        message: alertMessage(n),
        memo: n.monitor.memo,
        custom_identifier: n.host?.customIdentifier ?? null,
        host: n.host?.name ?? null,
        roles: n.host?.roles.map((r) => `${r.service}: ${r.role}`) ?? [],
        alert_url: alertUrl(n),
        org: n.orgName,
      },
    },
    client: 'Saba',
    client_url: alertUrl(n),
    links,
  };
}

/** The PagerDuty channel type; it takes alerts only (Mackerel's PagerDuty has no alert groups). */
export const pagerDutyKind: ChannelKind<PagerDutyChannel> = {
  type: 'pagerduty',
  parse(o) {
    const endpoint = o.endpoint === undefined || o.endpoint === null ? null : parseHttpUrl(o, 'endpoint');
    return {
      type: 'pagerduty',
      name: parseName(o),
      events: ['alert'],
      integrationKey: parseIntegrationKey(o),
      level: parseLevel(o),
      closeIncidentOnAlertClose: parseBoolean(o, 'closeIncidentOnAlertClose', true),
      endpoint,
    };
  },
  toJson(c) {
    return {
      type: c.type,
      name: c.name,
      integrationKey: c.integrationKey,
      level: c.level,
      closeIncidentOnAlertClose: c.closeIncidentOnAlertClose,
      ...(c.endpoint === null ? {} : { endpoint: c.endpoint }),
    };
  },
  accepts(c, n) {
    if (n.event !== 'alert' || !levelTakes(c.level, n)) return false;
    // An incident left open on purpose gets no resolve event.
    return n.alert.status !== 'OK' || c.closeIncidentOnAlertClose;
  },
  send(c, n, deps) {
    // send is only given what accepts took; anything but an alert here is a routing bug, refused for good.
    if (n.event !== 'alert') {
      return Promise.resolve(permanent('pagerduty channels take alerts only'));
    }
    return postJson(deps, c.endpoint ?? PAGERDUTY_EVENTS_URL, pagerDutyEvent(c, n), n.key);
  },
};

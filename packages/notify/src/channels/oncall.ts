// `type: oncall-webhook`, a Saba extension: a compact JSON for on-call tools (Grafana OnCall's or
// Opsgenie-style webhook integrations) that page on `status` and group by `alertId`, where the
// full §19 payload would need a mapping template on the receiver's side.
import type { AlertNotification } from '../notification.ts';
import { alertMessage, alertTitle } from '../payload/alert-text.ts';
import { alertUrl, hostUrl, serviceUrl } from '../payload/links.ts';
import { lowerStatus } from '../payload/webhook-alert.ts';
import { postJson } from '../send/post-json.ts';
import { permanent } from '../send/result.ts';
import { type ChannelLevel, levelTakes, parseHttpUrl, parseLevel, parseName } from './fields.ts';
import type { ChannelCommon, ChannelKind } from './kind.ts';

/** An on-call webhook channel's settings. */
export interface OnCallChannel extends ChannelCommon {
  readonly type: 'oncall-webhook';
  readonly url: string;
  /** `critical`: WARNING is not sent, OK only for an alert that reached CRITICAL. */
  readonly level: ChannelLevel;
}

/** The body an on-call webhook receives (documented in docs/notifications.md). */
export interface OnCallPayload {
  /** The idempotency key, also in the X-Saba-Idempotency-Key header. */
  readonly key: string;
  readonly status: 'ok' | 'warning' | 'critical' | 'unknown';
  readonly title: string;
  readonly message: string;
  /** Stable for the alert's life: receivers group and resolve by it. */
  readonly alertId: string;
  readonly alertUrl: string;
  readonly monitor: { readonly id: string; readonly name: string; readonly type: string };
  readonly host?: { readonly id: string; readonly name: string; readonly url: string };
  readonly service?: { readonly name: string; readonly url: string };
  readonly openedAt: number;
  /** Null while the alert is open. */
  readonly closedAt: number | null;
}

/** The on-call payload of an alert notification. */
export function onCallPayload(n: AlertNotification): OnCallPayload {
  const { alert, monitor, host, service } = n;
  return {
    key: n.key,
    status: lowerStatus(alert.status),
    title: `[${n.orgName}] ${alertTitle(n)}`,
    message: alertMessage(n),
    alertId: alert.id,
    alertUrl: alertUrl(n),
    monitor: { id: monitor.id, name: monitor.name, type: monitor.type },
    ...(host === null ? {} : { host: { id: host.id, name: host.name, url: hostUrl(n.baseUrl, host.id) } }),
    ...(service === null ? {} : { service: { name: service.name, url: serviceUrl(n.baseUrl, service.name) } }),
    openedAt: alert.openedAt,
    closedAt: alert.closedAt,
  };
}

/** The on-call webhook channel type; it takes alerts only. */
export const onCallKind: ChannelKind<OnCallChannel> = {
  type: 'oncall-webhook',
  parse(o) {
    return {
      type: 'oncall-webhook',
      name: parseName(o),
      events: ['alert'],
      url: parseHttpUrl(o, 'url'),
      level: parseLevel(o),
    };
  },
  toJson(c) {
    return { type: c.type, name: c.name, url: c.url, level: c.level };
  },
  accepts(c, n) {
    return n.event === 'alert' && levelTakes(c.level, n);
  },
  send(c, n, deps) {
    // send is only given what accepts took; anything but an alert here is a routing bug, refused for good.
    if (n.event !== 'alert') {
      return Promise.resolve(permanent('oncall-webhook channels take alerts only'));
    }
    return postJson(deps, c.url, onCallPayload(n), n.key);
  },
};

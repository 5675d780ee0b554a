// `type: webhook` (spec api §11.1, §19): POSTs the §19 JSON to a URL of the user's, and Saba's
// JSON for alert groups, hosts and monitors (docs/notifications.md).

import { webhookPayload } from '../payload/webhook-event.ts';
import { postJson } from '../send/post-json.ts';
import { parseBoolean, parseEvents, parseHttpUrl, parseName, takesEvent } from './fields.ts';
import type { ChannelCommon, ChannelKind } from './kind.ts';

/** A webhook channel's settings. */
export interface WebhookChannel extends ChannelCommon {
  readonly type: 'webhook';
  /** http or https; `user:pass@` in it is sent as Basic auth. */
  readonly url: string;
  /** Kept for Mackerel clients; Saba renders no graph images yet, so `imageUrl` is always null. */
  readonly enabledGraphImage: boolean;
}

/** The webhook channel type. */
export const webhookKind: ChannelKind<WebhookChannel> = {
  type: 'webhook',
  parse(o) {
    return {
      type: 'webhook',
      name: parseName(o),
      url: parseHttpUrl(o, 'url'),
      enabledGraphImage: parseBoolean(o, 'enabledGraphImage', false),
      events: parseEvents(o),
    };
  },
  toJson(c) {
    return { type: c.type, name: c.name, url: c.url, enabledGraphImage: c.enabledGraphImage, events: c.events };
  },
  accepts(c, n) {
    return takesEvent(c.events, n);
  },
  send(c, n, deps) {
    return postJson(deps, c.url, webhookPayload(n), n.key);
  },
};

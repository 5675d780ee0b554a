import type { JsonObject } from '@saba/model';
import type { ChannelEvent, Notification } from '../notification.ts';

/** Fields every channel has (spec api §11.1). */
export interface ChannelCommon {
  readonly type: string;
  readonly name: string;
  /**
   * The events it takes. Only channels that can show alert groups (email, Slack, Teams, webhook:
   * spec features §4.1) may list `alertGroup`; the others take `alert` only, or routing would
   * hold grouped alerts back from them.
   */
  readonly events: readonly ChannelEvent[];
}

/** How a delivery attempt ended. A retryable failure is tried again later; a permanent one is not. */
export type SendResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryable: boolean; readonly error: string };

/** One HTTP POST as channels make it (see send/http-post.ts). */
export type HttpPost = (
  url: string,
  body: string,
  options: { readonly headers: Readonly<Record<string, string>>; readonly timeoutMs: number },
) => Promise<{ readonly status: number; readonly body: string }>;

/** What a channel uses to send. */
export interface SendDeps {
  readonly post: HttpPost;
  /** Where email channels send through; absent: email cannot be sent (a permanent failure). */
  readonly smtp?: {
    readonly host: string;
    readonly port: number;
    readonly secure: boolean;
    readonly from: string;
    readonly user?: string;
    readonly pass?: string;
  };
  /**
   * The current addresses of the users of these ids in the channel's organization, in the ids'
   * order; a user who is gone is left out. For email channels' `userIds`; absent: an email channel
   * with users cannot be sent (a permanent failure).
   */
  readonly userEmails?: (userIds: readonly string[]) => Promise<readonly string[]>;
  readonly timeoutMs: number;
}

/** One channel type: its schema (API in and out) and how it delivers, in one place (STYLE habit 6). */
export interface ChannelKind<C extends ChannelCommon = ChannelCommon> {
  readonly type: C['type'];
  /** Validates a create or PUT body; BadDataError naming the field otherwise. */
  parse(input: JsonObject, previous?: C): C;
  /** The channel as the API answers it, without `id` and `suspendedAt`. */
  toJson(c: C): JsonObject;
  /**
   * Whether the channel's own settings take this notification (its `events`, and a level such as
   * PagerDuty's "critical only"); routing through notification groups is decided elsewhere.
   */
  accepts(c: C, n: Notification): boolean;
  /**
   * Delivers one notification. The caller has already decided the channel takes it (`accepts`
   * and routing); `send` decides only how it looks, and never throws: failures are results.
   */
  send(c: C, n: Notification, deps: SendDeps): Promise<SendResult>;
}

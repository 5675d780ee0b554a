// How a delivery attempt's outcome maps to "try again later" or "give up". The outbox retries a
// retryable failure with backoff; a permanent one is recorded and not retried, because the
// receiver has refused this very message and would refuse it again.
import type { SendResult } from '../channels/kind.ts';

/** The longest piece of a receiver's answer kept in an error, so a chatty 500 page stays readable. */
const MAX_ERROR_BODY = 200;

/** The delivery succeeded. */
export const SENT: SendResult = { ok: true };

/** A failure worth trying again (the receiver or the network may recover). */
export function retryable(error: string): SendResult {
  return { ok: false, retryable: true, error };
}

/** A failure that retrying would not fix (the receiver refuses the message or the settings). */
export function permanent(error: string): SendResult {
  return { ok: false, retryable: false, error };
}

/**
 * The result of an HTTP answer: 2xx is delivered; 408, 429 and 5xx are the receiver's passing
 * trouble (retryable); every other status (other 4xx, redirects, which are not followed) is a
 * refusal of this request, which would be refused again.
 */
export function resultOfStatus(status: number, body: string): SendResult {
  if (status >= 200 && status < 300) return SENT;
  const snippet = body.length > MAX_ERROR_BODY ? `${body.slice(0, MAX_ERROR_BODY)}…` : body;
  const error = snippet === '' ? `HTTP ${status}` : `HTTP ${status}: ${snippet}`;
  if (status === 408 || status === 429 || status >= 500) return retryable(error);
  return permanent(error);
}

/** The result of a network error or a timeout: always retryable, the receiver may be back later. */
export function resultOfNetworkError(err: unknown): SendResult {
  return retryable(err instanceof Error ? err.message : String(err));
}

import type { SendDeps, SendResult } from '../channels/kind.ts';
import { resultOfNetworkError, resultOfStatus } from './result.ts';

/**
 * The header that carries a notification's idempotency key on every HTTP delivery: a repeat
 * (sent, then the server killed before recording it) carries the same key, so receivers can drop it.
 */
export const IDEMPOTENCY_HEADER = 'X-Saba-Idempotency-Key';

/** POSTs `payload` as JSON with the idempotency key; never throws: failures are results. */
export async function postJson(deps: SendDeps, url: string, payload: unknown, key: string): Promise<SendResult> {
  try {
    const answer = await deps.post(url, JSON.stringify(payload), {
      headers: { [IDEMPOTENCY_HEADER]: key },
      timeoutMs: deps.timeoutMs,
    });
    return resultOfStatus(answer.status, answer.body);
  } catch (err) {
    return resultOfNetworkError(err);
  }
}

// The answers that say the data itself is unusable, so sending it again cannot help: 400, 404,
// 413 and 422. A check report so answered is dropped at once, as the official agent drops on 4xx;
// a metric batch after 60 of them. Any other failure (an outage, a bad key, 429, 5xx) keeps it.
import { ApiError } from '@saba/client';

const UNUSABLE_STATUSES: ReadonlySet<number> = new Set([400, 404, 413, 422]);

/** Whether a failed post was refused for its data (400, 404, 413 or 422). */
export function isUnusable(err: unknown): err is ApiError {
  return err instanceof ApiError && UNUSABLE_STATUSES.has(err.status);
}

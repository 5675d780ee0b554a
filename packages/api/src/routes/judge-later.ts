import type { ApiDeps } from '../deps.ts';

/** Lets the monitor engine judge after the answer is sent, logging (never dropping) a failure. */
export function judgeLater(deps: ApiDeps, judged: Promise<void>): void {
  judged.catch((err: unknown) => deps.log(`monitor evaluation failed: ${(err as Error)?.stack ?? String(err)}`));
}

// Runs each check plugin on its own interval and hands its reports to the reporter (spec §15.3).
import type { CheckReport } from '@saba/client';
import type { Checker } from '../checks/checker.ts';
import { type Clock, sleep } from '../clock.ts';
import type { Logger } from '../log.ts';

/** What the check loops need. */
export interface CheckLoopDeps {
  readonly clock: Clock;
  readonly log: Logger;
  readonly hostId: string;
  readonly hostIdOf: (customIdentifier: string) => string | undefined;
  readonly report: (report: CheckReport, urgent: boolean) => Promise<void>;
}

/** Runs every checker after `initialDelayMs`, then each at its check_interval, until `signal` aborts. */
export async function runCheckLoops(
  checkers: readonly Checker[],
  deps: CheckLoopDeps,
  initialDelayMs: number,
  signal: AbortSignal,
): Promise<void> {
  await sleep(initialDelayMs, signal);
  await Promise.all(checkers.map((c) => runChecker(c, deps, signal)));
}

async function runChecker(checker: Checker, deps: CheckLoopDeps, signal: AbortSignal): Promise<void> {
  const { clock, log } = deps;
  // check_interval is in real minutes; the clock's minute may be shorter in tests.
  const every = (checker.intervalMs / 60_000) * clock.minuteMs;
  while (!signal.aborted) {
    const started = clock.nowMs();
    try {
      const outcome = await checker.check(Math.floor(started / 1000));
      if (outcome !== undefined) {
        const ci = outcome.customIdentifier;
        const hostId = ci === undefined ? deps.hostId : deps.hostIdOf(ci);
        if (hostId !== undefined)
          await deps.report({ ...outcome.report, source: { type: 'host', hostId } }, outcome.urgent);
      }
    } catch (e) {
      log.error('checks', `check ${checker.name} failed: ${(e as Error).message}`);
    }
    await sleep(every - (clock.nowMs() - started), signal);
  }
}

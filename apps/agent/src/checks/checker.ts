// One check plugin and the state the Go agent keeps for it between runs. Facts from checks/checker.go (Check,
// Interval), command/command.go (runChecker), mackerel/check.go (ReportCheckMonitors) and config/config.go
// (buildCheckPlugin).

import type { CheckPluginConfig } from '@saba/agent-config';
import type { CheckReport, CheckStatus } from '@saba/client';
import { runCommand } from '../plugins/command.ts';

/** One check result to report; the lead maps customIdentifier to a host id and fills `source`. */
export interface CheckOutcome {
  report: Omit<CheckReport, 'source'>;
  customIdentifier?: string;
  /** send now instead of at the next minute: a status change other than the very first OK */
  urgent: boolean;
}

/** checker.go exitCodeToStatus; every other code is UNKNOWN. */
const STATUS_BY_EXIT_CODE: ReadonlyMap<number, CheckStatus> = new Map([
  [0, 'OK'],
  [1, 'WARNING'],
  [2, 'CRITICAL'],
  [3, 'UNKNOWN'],
]);

/** check.go messageLengthLimit, counted in runes (code points). */
export const MESSAGE_LIMIT = 1024;

// checker.go Interval(): check_interval is clamped to 1..60 minutes, default 1.
const MIN_INTERVAL_MINUTES = 1;
const MAX_INTERVAL_MINUTES = 60;

/** Maps a plugin exit code to a check status (checker.go exitCodeToStatus). */
export function statusOfExitCode(code: number | null): CheckStatus {
  return (code !== null && STATUS_BY_EXIT_CODE.get(code)) || 'UNKNOWN';
}

/** Cuts a message to MESSAGE_LIMIT code points, as ReportCheckMonitors does with []rune. */
export function truncateMessage(message: string): string {
  // UTF-16 length >= code point count, so a short string needs no work.
  if (message.length <= MESSAGE_LIMIT) return message;
  const points = Array.from(message);
  return points.length <= MESSAGE_LIMIT ? message : points.slice(0, MESSAGE_LIMIT).join('');
}

/** Runs one [plugin.checks.X] and keeps what the official agent keeps between runs (previous status and message) to decide what is reported. */
export class Checker {
  readonly name: string;
  /** check_interval in ms. */
  readonly intervalMs: number;
  /** `memo` of the check, for the host's `checks` list (spec §15.2). */
  readonly memo: string | undefined;
  /** Host the reports go to instead of this one, when configured. */
  readonly customIdentifier: string | undefined;

  private readonly config: CheckPluginConfig;
  private readonly run: typeof runCommand;
  private readonly log: (line: string) => void;
  // runChecker's lastStatus / lastMessage: '' (StatusUndefined) until the first run.
  private lastStatus: CheckStatus | '' = '';
  private lastMessage = '';
  private readonly actions = new Set<Promise<void>>();

  constructor(config: CheckPluginConfig, run: typeof runCommand = runCommand, log: (line: string) => void = () => {}) {
    this.config = config;
    this.run = run;
    this.log = log;
    this.name = config.name;
    this.memo = config.memo;
    this.customIdentifier = config.customIdentifier;
    const minutes = Number.isFinite(config.checkIntervalMinutes)
      ? Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, config.checkIntervalMinutes))
      : MIN_INTERVAL_MINUTES;
    this.intervalMs = minutes * 60_000;
  }

  /**
   * Runs the plugin once at `nowSec`, runs the `action` if configured (env MACKEREL_STATUS, MACKEREL_PREVIOUS_STATUS,
   * MACKEREL_CHECK_MESSAGE), and returns the report to send, or undefined when the official agent would not send one
   * (an OK identical to the previous OK; any OK with prevent_alert_auto_close). Call it serially per checker.
   */
  async check(nowSec: number): Promise<CheckOutcome | undefined> {
    const result = await this.run(this.config);
    if (result.stderr !== '') this.log(`check ${this.name} wrote to stderr: ${JSON.stringify(result.stderr)}`);
    // checker.go Check(): a run error (could not start, timed out) is UNKNOWN with the error text as message.
    const status = result.error === undefined ? statusOfExitCode(result.exitCode) : 'UNKNOWN';
    const message = result.error ?? result.stdout;

    const previousStatus = this.lastStatus;
    const previousMessage = this.lastMessage;
    // runChecker starts the action after every run, before deciding what to report, and does not wait for it.
    if (this.config.action) this.startAction(this.config.action, status, previousStatus, message);

    // Comparisons use the full message; only the wire copy is truncated (ReportCheckMonitors).
    if (status === 'OK' && previousStatus === 'OK' && message === previousMessage) return undefined;
    this.lastStatus = status;
    this.lastMessage = message;
    if (status === 'OK' && this.config.preventAlertAutoClose) return undefined;

    const report: Omit<CheckReport, 'source'> = {
      name: this.name,
      status,
      message: truncateMessage(message),
      occurredAt: nowSec,
    };
    // Both are sent only when configured (pointer fields with omitempty in check.go). The server, not the agent,
    // treats a notificationInterval under 10 as 10.
    if (this.config.notificationIntervalMinutes !== undefined) {
      report.notificationInterval = this.config.notificationIntervalMinutes;
    }
    if (this.config.maxCheckAttempts !== undefined) {
      // buildCheckPlugin: prevent_alert_auto_close forces max_check_attempts > 1 down to 1.
      report.maxCheckAttempts =
        this.config.preventAlertAutoClose && this.config.maxCheckAttempts > 1 ? 1 : this.config.maxCheckAttempts;
    }

    const outcome: CheckOutcome = {
      report,
      // The very first OK after start is no news; any other status change is sent at once.
      urgent: status !== previousStatus && !(status === 'OK' && previousStatus === ''),
    };
    if (this.customIdentifier !== undefined) outcome.customIdentifier = this.customIdentifier;
    return outcome;
  }

  /** Resolves once every action started so far has finished; for shutdown and tests. */
  async idle(): Promise<void> {
    while (this.actions.size > 0) await Promise.all(this.actions);
  }

  private startAction(
    action: NonNullable<CheckPluginConfig['action']>,
    status: CheckStatus,
    previousStatus: CheckStatus | '',
    message: string,
  ): void {
    // runChecker sets the first two; MACKEREL_CHECK_MESSAGE (the untruncated stdout) came later and is documented in
    // Mackerel's custom-checks page. PREVIOUS_STATUS is "" on the first run, not unset.
    const env = {
      MACKEREL_STATUS: status,
      MACKEREL_PREVIOUS_STATUS: previousStatus,
      MACKEREL_CHECK_MESSAGE: message,
    };
    const running: Promise<void> = this.run(action, env)
      .then((r) => {
        if (r.error !== undefined) this.log(`check ${this.name} action failed: ${r.error}`);
        else if (r.stderr !== '') {
          this.log(`check ${this.name} action exit=${r.exitCode} stderr=${JSON.stringify(r.stderr)}`);
        }
      })
      .catch((e: unknown) => this.log(`check ${this.name} action failed: ${String(e)}`))
      .finally(() => this.actions.delete(running));
    this.actions.add(running);
  }
}

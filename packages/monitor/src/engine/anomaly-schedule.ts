// When an anomalyDetection monitor's role model is trained (spec features §2.8, decision 0014):
// first once the role has a few days of history, then every few days on the latest weeks, and at
// once when a user sets trainingPeriodFrom. Pure, so the schedule is tested without a clock.

/** The training schedule's settings; tests shorten them. */
export interface AnomalySchedule {
  /** History a role needs before its first model, hours (default 72: Mackerel's "a few days"). */
  readonly minTrainingHours?: number;
  /** A model older than this is retrained, hours (default 72: Mackerel's "every few days"). */
  readonly retrainHours?: number;
}

/** Data older than this is not trained on: 28 days, Mackerel's "several tens of days" kept to four weekly cycles. */
export const TRAINING_WINDOW_SEC = 28 * 86_400;

/**
 * A manual retraining trains on whatever the chosen window holds, but not on less than an
 * hour of one host: fewer rows than the mixture's parameters (231 per component) fit nothing.
 */
export const MIN_MANUAL_ROWS = 60;

/** Why a role model is (re)trained now, or null when it is not. */
export type TrainingReason = 'first' | 'periodic' | 'manual' | null;

/** What the schedule decides from. */
export interface TrainingFacts {
  /** When the current model's window ended (epoch s); undefined: no model yet. */
  readonly modelTo: number | undefined;
  /** A user set trainingPeriodFrom and the model has not been retrained since. */
  readonly manual: boolean;
  /** The oldest minute of the role's history inside the training window (epoch s); undefined: none. */
  readonly historyFrom: number | undefined;
  readonly now: number;
}

/** The window [from, to] a model is trained on now: the last 28 days, from trainingPeriodFrom if later. */
export function trainingWindow(trainingPeriodFrom: number | null, now: number): { from: number; to: number } {
  return { from: Math.max(trainingPeriodFrom ?? 0, now - TRAINING_WINDOW_SEC), to: now };
}

/** Whether and why a role's model is trained now. */
export function trainingDue(f: TrainingFacts, schedule: AnomalySchedule = {}): TrainingReason {
  if (f.manual) return 'manual';
  const minSec = (schedule.minTrainingHours ?? 72) * 3600;
  if (f.modelTo === undefined) {
    return f.historyFrom !== undefined && f.now - f.historyFrom >= minSec ? 'first' : null;
  }
  return f.now - f.modelTo >= (schedule.retrainHours ?? 72) * 3600 ? 'periodic' : null;
}

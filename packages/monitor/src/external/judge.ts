// Turns one check of an external monitor into an alert status (spec features §2.6): a failed
// request, a certificate close to expiry, or a slow average response time.
import type { AlertStatus } from '@saba/model';
import type { ExternalMonitor } from '../kinds/config.ts';
import type { ProbeResult } from './probe.ts';

/** What one external check concluded. */
export interface ExternalJudgement {
  readonly status: AlertStatus;
  /** This check's response time in ms when the monitor has response-time thresholds, else null. */
  readonly value: number | null;
  readonly message: string;
}

const DAY_SEC = 86_400;

/**
 * Judges a probe result. `recentResponseTimesMs` holds the response times of earlier minutes,
 * newest last; the average over `responseTimeDuration` results includes this one, and when fewer
 * are known it is taken over those there are (a new monitor is judged from its first minute).
 */
export function judgeExternal(
  m: ExternalMonitor,
  r: ProbeResult,
  recentResponseTimesMs: readonly number[],
  nowSec: number,
): ExternalJudgement {
  const hasThresholds = m.responseTimeWarning !== null || m.responseTimeCritical !== null;
  const value = hasThresholds ? r.responseTimeMs : null;
  if (!r.ok) return { status: 'CRITICAL', value, message: r.message };

  const findings: Array<{ status: 'WARNING' | 'CRITICAL'; message: string }> = [];
  if (r.certificateExpiresAt !== null) {
    const daysLeft = Math.floor((r.certificateExpiresAt - nowSec) / DAY_SEC);
    const level = exceeded(
      daysLeft,
      m.certificationExpirationCritical,
      m.certificationExpirationWarning,
      (v, t) => v <= t,
    );
    if (level !== null) findings.push({ status: level, message: `the certificate expires in ${daysLeft} days` });
  }
  const duration = m.responseTimeDuration;
  if (m.service !== null && duration !== null && hasThresholds && r.responseTimeMs !== null) {
    const used = [...recentResponseTimesMs, r.responseTimeMs].slice(-duration);
    const average = used.reduce((a, b) => a + b, 0) / used.length;
    const level = exceeded(average, m.responseTimeCritical, m.responseTimeWarning, (v, t) => v > t);
    if (level !== null) {
      const threshold = level === 'CRITICAL' ? m.responseTimeCritical : m.responseTimeWarning;
      findings.push({
        status: level,
        message: `the response time averages ${Math.round(average)} ms over ${used.length} min (> ${threshold} ms)`,
      });
    }
  }
  if (findings.length === 0) return { status: 'OK', value, message: r.message };
  const status = findings.some((f) => f.status === 'CRITICAL') ? 'CRITICAL' : 'WARNING';
  // The worst finding first, so a truncated notification still says why it is CRITICAL.
  findings.sort((a, b) => (a.status === b.status ? 0 : a.status === 'CRITICAL' ? -1 : 1));
  return { status, value, message: [r.message, ...findings.map((f) => f.message)].join('; ') };
}

/** CRITICAL if the critical threshold is passed, else WARNING if the warning one is, else null. */
function exceeded(
  v: number,
  critical: number | null,
  warning: number | null,
  passes: (v: number, threshold: number) => boolean,
): 'CRITICAL' | 'WARNING' | null {
  if (critical !== null && passes(v, critical)) return 'CRITICAL';
  if (warning !== null && passes(v, warning)) return 'WARNING';
  return null;
}

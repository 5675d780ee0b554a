import type { AlertStatus } from '@saba/model';
import type { Thresholds } from '../kinds/config.ts';

/** Whether `value` breaches `threshold` under `operator` (value on the left). */
function breaches(value: number, operator: '>' | '<', threshold: number | null): boolean {
  if (threshold === null) return false;
  return operator === '>' ? value > threshold : value < threshold;
}

/** The status of a value against a monitor's thresholds: CRITICAL wins when both are breached (spec §2.1). */
export function judgeThresholds(value: number, t: Thresholds): AlertStatus {
  if (breaches(value, t.operator, t.critical)) return 'CRITICAL';
  if (breaches(value, t.operator, t.warning)) return 'WARNING';
  return 'OK';
}

/** How a judged value reads in a message: `loadavg5 2.26 > 1.96`, as Mackerel words it. */
export function describeJudgement(label: string, value: number, status: AlertStatus, t: Thresholds): string {
  const threshold = status === 'CRITICAL' ? t.critical : status === 'WARNING' ? t.warning : null;
  const shown = formatValue(value);
  if (threshold === null) return `${label} ${shown}`;
  return `${label} ${shown} ${t.operator} ${formatValue(threshold)}`;
}

/** A value with at most 6 significant decimals, without trailing zeros. */
export function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

import { type Labels, labelsFromRecord, MINUTE_MS, type OrgId, orgId } from '@saba/model';

/** What the crash test writes: series, one batch per simulated 5 minutes. */
export const CRASH_SERIES = 20;
/** The crash test's organization. */
export const CRASH_ORG: OrgId = orgId('crash-org');
const START = Date.UTC(2026, 0, 1);

/** Labels of crash-test series i. */
export function crashLabels(i: number): Labels {
  return labelsFromRecord({ __name__: `m${i % 5}`, host: `h${Math.floor(i / 5)}` });
}

/** The timestamp of batch b. */
export function crashTime(b: number): number {
  return START + b * 5 * MINUTE_MS;
}

/** The value series i gets in batch b: exact, distinct, a two-decimal gauge. */
export function crashValue(b: number, i: number): number {
  return (b * 100 + i) / 100;
}

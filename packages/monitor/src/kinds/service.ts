import { BadDataError, type JsonObject } from '@saba/model';
import type { ServiceMonitor } from './config.ts';
import {
  checkServiceExists,
  commonJson,
  optionalWhole,
  parseCommon,
  parseDuration,
  parseMaxCheckAttempts,
  parseThresholds,
  requiredText,
  requireThreshold,
  thresholdsJson,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** One week in minutes: the longest interruption window (spec features §2.5). */
const MAX_MISSING_MINUTES = 7 * 24 * 60;

/** An interruption window: whole minutes, a multiple of 10, 10–10080; null when absent. */
function parseMissingDuration(o: JsonObject, field: string): number | null {
  const v = optionalWhole(o, field, 1, MAX_MISSING_MINUTES);
  if (v === undefined) return null;
  if (v % 10 !== 0) throw new BadDataError(`"${field}" must be a multiple of 10 minutes, got ${v}`);
  return v;
}

/** `type: service`: a service metric compared with thresholds, and optionally watched for interruptions. */
export const serviceKind: MonitorKind<ServiceMonitor> = {
  type: 'service',
  parse(o, ctx) {
    const common = parseCommon(o);
    const service = requiredText(o, 'service');
    checkServiceExists(service, 'service', ctx);
    const thresholds = parseThresholds(o);
    const missingDurationWarning = parseMissingDuration(o, 'missingDurationWarning');
    const missingDurationCritical = parseMissingDuration(o, 'missingDurationCritical');
    // Interruption monitoring alone is a complete monitor; without it a threshold is needed to alert at all.
    if (missingDurationWarning === null && missingDurationCritical === null) requireThreshold(thresholds);
    return {
      type: 'service',
      ...common,
      service,
      metric: requiredText(o, 'metric'),
      ...thresholds,
      duration: parseDuration(o),
      maxCheckAttempts: parseMaxCheckAttempts(o, 1),
      missingDurationWarning,
      missingDurationCritical,
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      service: c.service,
      metric: c.metric,
      ...thresholdsJson(c),
      duration: c.duration,
      maxCheckAttempts: c.maxCheckAttempts,
      missingDurationWarning: c.missingDurationWarning,
      missingDurationCritical: c.missingDurationCritical,
    });
  },
};

import { BadDataError, optionalArray } from '@saba/model';
import { RATE_METRICS } from '../judge/rate-metrics.ts';
import type { HostMonitor } from './config.ts';
import {
  commonJson,
  parseCommon,
  parseDuration,
  parseMaxCheckAttempts,
  parseScopes,
  parseThresholds,
  requiredText,
  requireThreshold,
  scopeText,
  thresholdsJson,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** Rate pseudo-metrics computed from system metrics; their thresholds are percentages (spec §8.3). */
const PERCENT_METRICS: readonly string[] = [...RATE_METRICS.keys()];

/** Host metric names as the agent posts them. */
const HOST_METRIC = /^[a-zA-Z0-9._-]+$/;

/** `type: host`: a host metric compared with thresholds, per host in scope. */
export const hostKind: MonitorKind<HostMonitor> = {
  type: 'host',
  parse(o, ctx, previous) {
    const common = parseCommon(o);
    const metric = requiredText(o, 'metric');
    // Spec features §2.3: the metric of a host monitor cannot be changed after creation.
    if (previous !== undefined && previous.metric !== metric) {
      throw new BadDataError(
        `"metric" cannot be changed (the monitor watches "${previous.metric}"); create a new monitor`,
      );
    }
    const rate = PERCENT_METRICS.includes(metric);
    if (!rate && !HOST_METRIC.test(metric)) {
      throw new BadDataError(
        `"metric" "${metric}" must be a host metric name ([a-zA-Z0-9._-]+) or one of ${PERCENT_METRICS.join(', ')}`,
      );
    }
    const thresholds = parseThresholds(o);
    requireThreshold(thresholds);
    if (rate) {
      for (const field of ['warning', 'critical'] as const) {
        const v = thresholds[field];
        if (v !== null && (v < 0 || v > 100)) {
          throw new BadDataError(`"${field}" must be 0–100 for "${metric}" (a percentage), got ${v}`);
        }
      }
    }
    return {
      type: 'host',
      ...common,
      metric,
      ...thresholds,
      duration: parseDuration(o),
      maxCheckAttempts: parseMaxCheckAttempts(o, 1),
      scopes: parseScopes(optionalArray(o, 'scopes'), 'scopes', ctx),
      excludeScopes: parseScopes(optionalArray(o, 'excludeScopes'), 'excludeScopes', ctx),
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      metric: c.metric,
      ...thresholdsJson(c),
      duration: c.duration,
      maxCheckAttempts: c.maxCheckAttempts,
      scopes: c.scopes.map(scopeText),
      excludeScopes: c.excludeScopes.map(scopeText),
    });
  },
};

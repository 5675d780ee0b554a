import { BadDataError, optionalArray, optionalNumber } from '@saba/model';
import type { AnomalyDetectionMonitor, Sensitivity } from './config.ts';
import {
  commonJson,
  optionalChoice,
  parseCommon,
  parseMaxCheckAttempts,
  parseScopes,
  scopeText,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** The sensitivities, least alerting first. */
const SENSITIVITIES: readonly Sensitivity[] = ['insensitive', 'normal', 'sensitive'];

/** `type: anomalyDetection`: a per-role model of system metrics; stored and validated here. */
export const anomalyDetectionKind: MonitorKind<AnomalyDetectionMonitor> = {
  type: 'anomalyDetection',
  /**
   * A create is a parse with `ctx` and no `previous`; a stored monitor is loaded without `ctx`,
   * so its trainingPeriodFrom is taken as it was stored.
   */
  parse(o, ctx, previous) {
    const common = parseCommon(o);
    const scopes = parseScopes(optionalArray(o, 'scopes'), 'scopes', ctx);
    if (scopes.length === 0) throw new BadDataError('"scopes" must name at least one role ("service:role")');
    scopes.forEach((s, i) => {
      if (s.role === undefined) {
        throw new BadDataError(`"scopes"[${i}] "${s.service}" must be a role ("service:role"), not a whole service`);
      }
    });
    const warningSensitivity = optionalChoice(o, 'warningSensitivity', SENSITIVITIES) ?? null;
    const criticalSensitivity = optionalChoice(o, 'criticalSensitivity', SENSITIVITIES) ?? null;
    if (warningSensitivity === null && criticalSensitivity === null) {
      throw new BadDataError('at least one of "warningSensitivity" and "criticalSensitivity" is required');
    }
    const trainingPeriodFrom = optionalNumber(o, 'trainingPeriodFrom') ?? null;
    if (trainingPeriodFrom !== null) {
      if (!Number.isInteger(trainingPeriodFrom) || trainingPeriodFrom < 0) {
        throw new BadDataError(`"trainingPeriodFrom" must be epoch seconds, got ${trainingPeriodFrom}`);
      }
      if (ctx !== undefined && previous === undefined) {
        // Refused at creation (spec features §2.8): there is no trained model yet to retrain.
        throw new BadDataError('"trainingPeriodFrom" cannot be set when creating a monitor');
      }
      if (ctx !== undefined && trainingPeriodFrom > ctx.now) {
        throw new BadDataError(`"trainingPeriodFrom" ${trainingPeriodFrom} is in the future`);
      }
    }
    return {
      type: 'anomalyDetection',
      ...common,
      scopes,
      warningSensitivity,
      criticalSensitivity,
      maxCheckAttempts: parseMaxCheckAttempts(o, 3),
      trainingPeriodFrom,
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      scopes: c.scopes.map(scopeText),
      warningSensitivity: c.warningSensitivity,
      criticalSensitivity: c.criticalSensitivity,
      maxCheckAttempts: c.maxCheckAttempts,
      trainingPeriodFrom: c.trainingPeriodFrom,
    });
  },
};

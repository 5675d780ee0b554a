import { BadDataError } from '@saba/model';
import { parseExpr } from '@saba/query';
import type { ExpressionMonitor } from './config.ts';
import {
  commonJson,
  optionalWhole,
  parseCommon,
  parseThresholds,
  requiredText,
  requireThreshold,
  thresholdsJson,
  withoutNulls,
} from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** `type: expression`: a graph expression (spec features §3) compared with thresholds every 5 minutes. */
export const expressionKind: MonitorKind<ExpressionMonitor> = {
  type: 'expression',
  parse(o) {
    const common = parseCommon(o);
    const expression = requiredText(o, 'expression');
    try {
      parseExpr(expression);
    } catch (e) {
      // ExprError is a BadDataError whose message ends with the line:col; name the field in front of it.
      if (e instanceof BadDataError) throw new BadDataError(`"expression" is invalid: ${e.message}`, { cause: e });
      throw e;
    }
    const thresholds = parseThresholds(o);
    requireThreshold(thresholds);
    return {
      type: 'expression',
      ...common,
      expression,
      ...thresholds,
      evaluateBackwardMinutes: optionalWhole(o, 'evaluateBackwardMinutes', 2, 10) ?? 2,
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      expression: c.expression,
      ...thresholdsJson(c),
      evaluateBackwardMinutes: c.evaluateBackwardMinutes,
    });
  },
};

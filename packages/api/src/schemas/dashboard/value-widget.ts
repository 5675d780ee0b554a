// A value widget's display options (spec api §12, features §5.1): decimals, a unit after the
// number, and one rule that highlights the value past a threshold.
import type { JsonObject } from '@saba/model';
import { charCount, fail, isObject, optionalList, requiredInteger, requiredNumber } from './fields.ts';

/** Highlights the value when it is `operator` `threshold`. */
export interface FormatRule {
  readonly name: string;
  readonly threshold: number;
  readonly operator: '>' | '<';
}

/** The options of a value widget besides its metric. */
export interface ValueOptions {
  /** Decimal places, 0–16; unset shows two (the Go client's comment on its nil value). */
  readonly fractionSize?: number;
  readonly suffix?: string;
  readonly formatRules: readonly FormatRule[];
}

/** Mackerel's limits. */
const MAX_FRACTION = 16;
const MAX_SUFFIX = 16;
const MAX_FORMAT_RULES = 1;
const MAX_RULE_NAME = 32;

/** Validates `fractionSize`, `suffix` and `formatRules` of a value widget. */
export function parseValueOptions(o: JsonObject, where: string): ValueOptions {
  const fraction = o.fractionSize;
  const fractionSize =
    fraction === undefined || fraction === null
      ? undefined
      : requiredInteger(o, 'fractionSize', where, 0, MAX_FRACTION);
  const raw = o.suffix;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') fail(where, 'suffix', 'must be a string');
  const suffix = typeof raw === 'string' ? raw : undefined;
  if (suffix !== undefined && charCount(suffix) > MAX_SUFFIX) {
    fail(where, 'suffix', `must be at most ${MAX_SUFFIX} characters, got ${charCount(suffix)}`);
  }
  return {
    ...(fractionSize !== undefined ? { fractionSize } : {}),
    ...(suffix !== undefined ? { suffix } : {}),
    formatRules: parseFormatRules(o, where),
  };
}

/** The options as the API answers them: formatRules always (`[]` when unset), the others when set. */
export function valueOptionsToJson(v: ValueOptions): JsonObject {
  return {
    ...(v.fractionSize !== undefined ? { fractionSize: v.fractionSize } : {}),
    ...(v.suffix !== undefined ? { suffix: v.suffix } : {}),
    formatRules: v.formatRules.map((r) => ({ name: r.name, threshold: r.threshold, operator: r.operator })),
  };
}

function parseFormatRules(o: JsonObject, where: string): FormatRule[] {
  const list = optionalList(o, 'formatRules', where);
  if (list.length > MAX_FORMAT_RULES) {
    fail(where, 'formatRules', `may hold at most ${MAX_FORMAT_RULES} rule, got ${list.length}`);
  }
  return list.map((v, i) => {
    const path = `formatRules[${i}]`;
    if (!isObject(v)) fail(where, path, 'must be an object {"name", "threshold", "operator"}');
    const name = v.name ?? '';
    if (typeof name !== 'string') fail(where, `${path}.name`, 'must be a string');
    if (charCount(name) > MAX_RULE_NAME) {
      fail(where, `${path}.name`, `must be at most ${MAX_RULE_NAME} characters, got ${charCount(name)}`);
    }
    const threshold = requiredNumber(v, 'threshold', where, `${path}.threshold`);
    const operator = v.operator;
    if (operator !== '>' && operator !== '<') {
      fail(where, `${path}.operator`, `must be ">" or "<", got ${JSON.stringify(operator ?? null)}`);
    }
    return { name, threshold, operator };
  });
}

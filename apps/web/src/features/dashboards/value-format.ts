// A value widget's number (features §5.1): the latest value with `fractionSize` decimals and a
// suffix, and whether its format rule (`>` or `<` a threshold) holds.

/** A value widget's format rule as the API stores it. */
export interface FormatRule {
  readonly name: string;
  readonly threshold: number;
  readonly operator: '>' | '<';
}

/** The shown text: `value` rounded to `fractionSize` decimals (default: up to 2, no trailing zeros) and the suffix. */
export function formatWidgetValue(value: number, fractionSize: number | undefined, suffix: string | undefined): string {
  const text =
    fractionSize === undefined
      ? String(Math.round(value * 100) / 100)
      : value.toFixed(Math.min(Math.max(0, Math.floor(fractionSize)), 16));
  return suffix === undefined || suffix === '' ? text : `${text} ${suffix}`;
}

/** The first rule that `value` meets (`>`: above the threshold; `<`: below it), or undefined. */
export function matchedRule(value: number, rules: readonly FormatRule[]): FormatRule | undefined {
  return rules.find((r) => (r.operator === '>' ? value > r.threshold : value < r.threshold));
}

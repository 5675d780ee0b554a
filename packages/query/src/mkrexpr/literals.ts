// Mackerel documents the units m, h, d, w, mo and y but not their lengths; a month is taken
// as 30 days and a year as 365 days, the usual calendar-free reading.
const UNIT_SECONDS: Record<string, number> = {
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  mo: 2_592_000,
  y: 31_536_000,
};

/** Seconds in a duration literal such as `5m` or `3mo`, or undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+)(mo|m|h|d|w|y)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
}

const DECIMAL = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const NUMBER = new RegExp(`^(${DECIMAL})(?:/(${DECIMAL}))?$`);

/** The value of a number literal (`2`, `-0.5`, `1/86400`), or undefined if it is not one or divides by zero. */
export function parseNumber(text: string): number | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const num = Number(m[1]);
  if (m[2] === undefined) return num;
  const den = Number(m[2]);
  return den === 0 ? undefined : num / den;
}

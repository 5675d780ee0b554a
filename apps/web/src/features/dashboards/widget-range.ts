// The window a dashboard widget shows (features §5.1): "variable" (no range) follows the
// dashboard's range controller; "relative" is [now + offset − period, now + offset]; "absolute" is fixed.

/** A widget's own range as the API stores it; undefined or null follows the dashboard. */
export type WidgetRange =
  | { readonly type: 'relative'; readonly period: number; readonly offset: number }
  | { readonly type: 'absolute'; readonly start: number; readonly end: number };

/** A window in epoch seconds, and whether it follows the dashboard's controller (so a drag-zoom changes it). */
export interface WidgetWindow {
  readonly from: number;
  readonly to: number;
  readonly variable: boolean;
}

/** The window a widget with `range` shows at `nowSec`, given the dashboard's window. */
export function widgetWindow(
  range: WidgetRange | null | undefined,
  dashboard: { readonly from: number; readonly to: number },
  nowSec: number,
): WidgetWindow {
  if (range === null || range === undefined) return { from: dashboard.from, to: dashboard.to, variable: true };
  if (range.type === 'absolute') return { from: range.start, to: range.end, variable: false };
  const to = Math.floor(nowSec) + range.offset;
  return { from: to - range.period, to, variable: false };
}

/** Whether the widget's window moves with time (so it refreshes each minute). */
export function widgetIsLive(range: WidgetRange | null | undefined, dashboardLive: boolean): boolean {
  if (range === null || range === undefined) return dashboardLive;
  return range.type === 'relative';
}

/** A short description of a fixed range for the widget's corner: "last 6 hours", "a week ago", a date span. */
export function describeRange(range: WidgetRange | null | undefined): string {
  if (range === null || range === undefined) return '';
  if (range.type === 'absolute') return 'fixed window';
  const span = duration(range.period);
  return range.offset === 0
    ? `last ${span}`
    : `${span}, ${duration(Math.abs(range.offset))} ${range.offset < 0 ? 'ago' : 'ahead'}`;
}

function duration(sec: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (sec >= size && sec % size === 0) {
      const n = sec / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${sec} s`;
}

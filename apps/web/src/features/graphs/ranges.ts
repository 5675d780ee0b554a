// The spans a graph shows: relative ranges that end now (and so refresh), or a fixed window
// (after zooming). Both live in the page's URL, so a zoomed view can be shared and reloaded.

const HOUR = 3600;
const DAY = 24 * HOUR;

/** The range buttons, shortest first; 460 days is how long one-minute data is kept (features §1.7). */
export const RANGES = [
  { key: '1h', label: '1 hour', seconds: HOUR },
  { key: '6h', label: '6 hours', seconds: 6 * HOUR },
  { key: '1d', label: '1 day', seconds: DAY },
  { key: '1w', label: '1 week', seconds: 7 * DAY },
  { key: '1mo', label: '1 month', seconds: 30 * DAY },
  { key: '1y', label: '1 year', seconds: 365 * DAY },
  { key: '460d', label: '460 days', seconds: 460 * DAY },
] as const;

/** One of the range buttons' keys. */
export type RangeKey = (typeof RANGES)[number]['key'];

/** What a graph shows: the last `key` up to now, or the fixed window [from, to] in epoch seconds. */
export type GraphRange =
  | { readonly kind: 'relative'; readonly key: RangeKey }
  | { readonly kind: 'absolute'; readonly from: number; readonly to: number };

/** Mackerel's host page opens on one day. */
export const DEFAULT_RANGE: GraphRange = { kind: 'relative', key: '1d' };

/** A zoom or custom window narrower than this many seconds is not worth a request: it would hold one or two points. */
export const MIN_ZOOM_SECONDS = 5 * 60;

/** The range in a page's query: `from` and `to` (epoch seconds) win over `range`; anything else is the default. */
export function parseRange(q: URLSearchParams): GraphRange {
  const from = Number(q.get('from') ?? Number.NaN);
  const to = Number(q.get('to') ?? Number.NaN);
  if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from) return { kind: 'absolute', from, to };
  const key = q.get('range');
  const known = RANGES.find((r) => r.key === key);
  return known !== undefined ? { kind: 'relative', key: known.key } : DEFAULT_RANGE;
}

/** The query pairs that `parseRange` reads back as `r`. */
export function rangeQuery(r: GraphRange): Array<[string, string]> {
  return r.kind === 'relative'
    ? [['range', r.key]]
    : [
        ['from', String(r.from)],
        ['to', String(r.to)],
      ];
}

/** The window [from, to] in epoch seconds that `r` means at `nowSec`. */
export function rangeWindow(r: GraphRange, nowSec: number): { from: number; to: number } {
  if (r.kind === 'absolute') return { from: r.from, to: r.to };
  const span = (RANGES.find((x) => x.key === r.key) ?? RANGES[2]).seconds;
  const to = Math.floor(nowSec);
  return { from: to - span, to };
}

/** Whether the range ends now, so its graphs refresh each minute. */
export function isLive(r: GraphRange): boolean {
  return r.kind === 'relative';
}

/** The zoomed range for a dragged selection; undefined when the selection is too narrow to mean anything. */
export function zoomRange(fromSec: number, toSec: number): GraphRange | undefined {
  const from = Math.floor(Math.min(fromSec, toSec));
  const to = Math.ceil(Math.max(fromSec, toSec));
  if (!Number.isFinite(from) || !Number.isFinite(to) || to - from < MIN_ZOOM_SECONDS) return undefined;
  return { kind: 'absolute', from, to };
}

/**
 * The fixed range typed into the custom range form, [from, to] in epoch seconds (NaN where a field
 * holds no time), checked at `nowSec`; or the message that says what is wrong with it. The rules
 * are those a zoom and the URL keep: at least MIN_ZOOM_SECONDS long, whole seconds from 1970 on
 * (parseRange drops anything else), and not ending in the future, whose graphs would be blank.
 */
export function customRange(
  fromSec: number,
  toSec: number,
  nowSec: number,
): { readonly range: GraphRange } | { readonly error: string } {
  if (!Number.isFinite(fromSec)) return { error: 'Enter a date and time in From.' };
  if (!Number.isFinite(toSec)) return { error: 'Enter a date and time in To.' };
  const from = Math.floor(fromSec);
  const to = Math.floor(toSec);
  if (from < 0) return { error: 'From must not be before 1970.' };
  if (to <= from) return { error: 'To must be later than From.' };
  if (to - from < MIN_ZOOM_SECONDS)
    return { error: `The window must be at least ${MIN_ZOOM_SECONDS / 60} minutes long.` };
  if (to > nowSec) return { error: 'To must not be in the future.' };
  return { range: { kind: 'absolute', from, to } };
}

/**
 * The server's step for a span (features §1.7 `selectStep`, about 240 points or fewer): one minute
 * up to 20 h, five minutes up to 10 days, an hour up to 240 days, then a day. The UI uses it to
 * tell a gap in the data from the distance between two points.
 */
export function stepFor(spanSec: number): number {
  if (spanSec <= 20 * HOUR) return 60;
  if (spanSec <= 10 * DAY) return 300;
  if (spanSec <= 240 * DAY) return HOUR;
  return DAY;
}

/**
 * Whether a graph is still fetching the window asked for: it has nothing yet, or it shows another
 * window (a new range, a zoom, a live minute). Such a graph is aria-busy; a failed fetch is not.
 */
export function fetchingWindow(
  shown: { readonly from: number; readonly to: number } | undefined,
  asked: { readonly from: number; readonly to: number },
  error: string,
): boolean {
  return error === '' && (shown === undefined || shown.from !== asked.from || shown.to !== asked.to);
}

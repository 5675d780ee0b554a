// The dashboard grid (features §5.1): 24 columns, unbounded height, whole-cell layouts with (0,0)
// at the top left. Moving or resizing a widget onto others pushes them down, as Mackerel's editor
// does, so a drag never fails and nothing overlaps; the server refuses overlaps anyway.

/** A widget's place on the grid, in cells. */
export interface Layout {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The grid is 24 columns wide (features §5.1). */
export const COLUMNS = 24;

/** The widget types of a dashboard (docs/dashboards.md). */
export type WidgetType = 'graph' | 'value' | 'markdown' | 'alertStatus';

/** The largest size of each type (the server refuses more). */
export const MAX_SIZE: Readonly<Record<WidgetType, { readonly width: number; readonly height: number }>> = {
  graph: { width: 24, height: 32 },
  value: { width: 24, height: 32 },
  markdown: { width: 24, height: 80 },
  alertStatus: { width: 24, height: 32 },
};

/** The size a new widget starts at: Mackerel editor's minimum of each type, graphs a little wider. */
export const NEW_SIZE: Readonly<Record<WidgetType, { readonly width: number; readonly height: number }>> = {
  graph: { width: 8, height: 6 },
  value: { width: 4, height: 4 },
  markdown: { width: 6, height: 4 },
  alertStatus: { width: 6, height: 4 },
};

/** Whether two layouts share a cell. */
export function overlaps(a: Layout, b: Layout): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** `l` kept on the grid: at least 1×1, at most the type's maximum, inside the 24 columns, y ≥ 0. */
export function clampLayout(l: Layout, type: WidgetType): Layout {
  const max = MAX_SIZE[type];
  const width = Math.min(Math.max(1, Math.round(l.width)), max.width);
  const height = Math.min(Math.max(1, Math.round(l.height)), max.height);
  const x = Math.min(Math.max(0, Math.round(l.x)), COLUMNS - width);
  const y = Math.max(0, Math.round(l.y));
  return { x, y, width, height };
}

/**
 * The layouts with widget `fixed` kept where it is and every other widget that would overlap
 * pushed down below what it hits, top to bottom, so the result has no overlaps. Widgets not in the
 * way stay where they are.
 */
export function pushDown(layouts: readonly Layout[], fixed: number): Layout[] {
  const out = layouts.map((l) => ({ ...l }));
  const anchor = out[fixed];
  if (anchor === undefined) return out;
  const placed: Layout[] = [anchor];
  const order = out
    .map((l, i) => ({ l, i }))
    .filter((e) => e.i !== fixed)
    .sort((a, b) => a.l.y - b.l.y || a.l.x - b.l.x || a.i - b.i);
  for (const { l } of order) {
    for (;;) {
      const hit = placed.filter((p) => overlaps(p, l));
      if (hit.length === 0) break;
      l.y = Math.max(...hit.map((p) => p.y + p.height));
    }
    placed.push(l);
  }
  return out;
}

/** Moves widget `i` by whole cells (clamped to the grid) and pushes what it lands on down. */
export function moveWidget(
  layouts: readonly Layout[],
  types: readonly WidgetType[],
  i: number,
  dx: number,
  dy: number,
): Layout[] {
  const l = layouts[i];
  if (l === undefined) return [...layouts];
  const next = layouts.slice();
  next[i] = clampLayout({ ...l, x: l.x + dx, y: l.y + dy }, types[i] ?? 'graph');
  return pushDown(next, i);
}

/** Resizes widget `i` by whole cells from its bottom-right corner (clamped) and pushes what it covers down. */
export function resizeWidget(
  layouts: readonly Layout[],
  types: readonly WidgetType[],
  i: number,
  dw: number,
  dh: number,
): Layout[] {
  const l = layouts[i];
  if (l === undefined) return [...layouts];
  const type = types[i] ?? 'graph';
  const width = Math.min(l.width + dw, COLUMNS - l.x, MAX_SIZE[type].width);
  const next = layouts.slice();
  next[i] = clampLayout({ ...l, width, height: l.height + dh }, type);
  return pushDown(next, i);
}

/** A pointer's travel in px as whole cells: the nearest cell boundary, so a drag snaps to the grid. */
export function cellDelta(
  dxPx: number,
  dyPx: number,
  cellWidthPx: number,
  rowHeightPx: number,
): { dx: number; dy: number } {
  const dx = cellWidthPx > 0 ? Math.round(dxPx / cellWidthPx) : 0;
  const dy = rowHeightPx > 0 ? Math.round(dyPx / rowHeightPx) : 0;
  // Math.round(-0.4) is -0: plain 0 keeps "no move" equal to 0 for callers and tests.
  return { dx: dx === 0 ? 0 : dx, dy: dy === 0 ? 0 : dy };
}

/** Where a new widget of `size` goes: the first free place scanning rows top to bottom, columns left to right. */
export function placeNew(layouts: readonly Layout[], size: { width: number; height: number }): Layout {
  const width = Math.min(size.width, COLUMNS);
  const bottom = layouts.reduce((m, l) => Math.max(m, l.y + l.height), 0);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + width <= COLUMNS; x++) {
      const spot = { x, y, width, height: size.height };
      if (!layouts.some((l) => overlaps(l, spot))) return spot;
    }
  }
  return { x: 0, y: bottom, width, height: size.height };
}

/** The widgets' indices in reading order (y, then x): the one column they stack in at phone width. */
export function phoneOrder(layouts: readonly Layout[]): number[] {
  return layouts
    .map((l, i) => ({ l, i }))
    .sort((a, b) => a.l.y - b.l.y || a.l.x - b.l.x || a.i - b.i)
    .map((e) => e.i);
}

/** The number of rows the layouts use: the grid's height. */
export function gridRows(layouts: readonly Layout[]): number {
  return layouts.reduce((m, l) => Math.max(m, l.y + l.height), 0);
}

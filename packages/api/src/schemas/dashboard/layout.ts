// Widget layouts (spec api §12, features §5.1): rectangles on a grid 24 columns wide and unbounded
// in height, (0,0) at the top left, none overlapping another or reaching past column 24.
import { BadDataError, type JsonObject } from '@saba/model';
import { fail, isObject, requiredInteger } from './fields.ts';

/** A widget's place on the grid, in grid cells. */
export interface Layout {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The grid's width in columns. */
export const GRID_COLUMNS = 24;

/**
 * The largest widget of each type, in cells (Mackerel's table). Mackerel's table also has
 * minimums (graph 6×6, value 4×4, markdown 4×2, alertStatus 4×3), which its editor keeps and
 * its API docs do not say it refuses. The Terraform provider's documented examples, and its
 * acceptance tests that run against Mackerel, send value, markdown and alertStatus widgets 3
 * wide. Saba accepts them, so those configurations work unchanged (docs/dashboards.md); a
 * widget still needs one cell each way.
 */
export const MAX_SIZE = {
  graph: { width: 24, height: 32 },
  value: { width: 24, height: 32 },
  markdown: { width: 24, height: 80 },
  alertStatus: { width: 24, height: 32 },
} as const;

/** The widget types, by the size rules they follow. */
export type SizedType = keyof typeof MAX_SIZE;

/** Rows a layout may start at: enough for 10,000 of the tallest widgets stacked, and exact in a double. */
const MAX_Y = 1_000_000;

/** Validates `layout` of a widget of `type` (whose maximum size applies). */
export function parseLayout(v: unknown, type: SizedType, where: string): Layout {
  if (v === undefined || v === null) fail(where, 'layout', 'is required: {"x", "y", "width", "height"}');
  if (!isObject(v)) fail(where, 'layout', 'must be an object {"x", "y", "width", "height"}');
  const max = MAX_SIZE[type];
  const x = requiredInteger(v, 'x', where, 0, GRID_COLUMNS - 1, 'layout.x');
  const y = requiredInteger(v, 'y', where, 0, MAX_Y, 'layout.y');
  const width = requiredInteger(v, 'width', where, 1, max.width, 'layout.width');
  const height = requiredInteger(v, 'height', where, 1, max.height, 'layout.height');
  if (x + width > GRID_COLUMNS) {
    fail(where, 'layout', `reaches past column ${GRID_COLUMNS}: x ${x} + width ${width} is ${x + width}`);
  }
  return { x, y, width, height };
}

/** The layout as the API answers it. */
export function layoutToJson(l: Layout): JsonObject {
  return { x: l.x, y: l.y, width: l.width, height: l.height };
}

/** A placed widget, named as errors name it. */
export interface Placed {
  readonly layout: Layout;
  /** `widgets[2] (title "CPU")`. */
  readonly label: string;
}

/**
 * Refuses two widgets sharing a cell, naming both. Sorted by top row, each widget is compared
 * only with the ones that start above its bottom edge: on a grid without overlaps that is a
 * handful, so a dashboard of thousands of widgets is checked in linear time, not quadratic.
 */
export function checkOverlaps(widgets: readonly Placed[]): void {
  const byTop = [...widgets].sort((a, b) => a.layout.y - b.layout.y);
  for (let i = 0; i < byTop.length; i++) {
    const a = byTop[i] as Placed;
    for (let j = i + 1; j < byTop.length; j++) {
      const b = byTop[j] as Placed;
      if (b.layout.y >= a.layout.y + a.layout.height) break;
      const apart = b.layout.x >= a.layout.x + a.layout.width || a.layout.x >= b.layout.x + b.layout.width;
      if (apart) continue;
      // Named in request order, whatever the sort did.
      const [p, q] = widgets.indexOf(a) < widgets.indexOf(b) ? [a, b] : [b, a];
      throw new BadDataError(`${p.label} overlaps ${q.label} on the grid`);
    }
  }
}

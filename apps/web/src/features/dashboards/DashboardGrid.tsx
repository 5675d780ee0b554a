import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { DashboardWidget } from '../../api/dashboards.ts';
import { COLUMNS, cellDelta, type Layout, moveWidget, phoneOrder, resizeWidget } from './grid.ts';

/** Row height and gap in px: a 6-row graph is about 280 px tall, like Mackerel's. */
export const ROW_PX = 40;
const GAP_PX = 8;

/** A widget's height in px for `rows` rows. */
export function rowsToPx(rows: number): number {
  return rows * ROW_PX + (rows - 1) * GAP_PX;
}

function withLayouts(widgets: readonly DashboardWidget[], layouts: readonly Layout[]): DashboardWidget[] {
  return widgets.map((w, i) => ({ ...w, layout: layouts[i] ?? w.layout }));
}

/** What a drag started with: the pointer, the widgets before it, and move or resize. */
interface Drag {
  readonly index: number;
  readonly mode: 'move' | 'resize';
  readonly x: number;
  readonly y: number;
  readonly before: readonly DashboardWidget[];
}

/**
 * The 24-column grid. In edit mode a widget moves by dragging its title bar and resizes by
 * dragging its corner (snapped to cells; what it lands on is pushed down), or, when focused, by
 * the arrow keys (shift+arrows resize).
 */
export function DashboardGrid(props: {
  widgets: readonly DashboardWidget[];
  editing: boolean;
  body: (w: DashboardWidget, index: number) => ComponentChildren;
  /** A layout change; `before` is the widgets before it when it is one step for undo. */
  onChange?: (next: DashboardWidget[], before?: readonly DashboardWidget[]) => void;
  onEdit?: (index: number) => void;
  onRemove?: (index: number) => void;
}) {
  const { widgets, editing } = props;
  const grid = useRef<HTMLDivElement>(null);
  const drag = useRef<Drag | undefined>(undefined);
  const [announce, setAnnounce] = useState('');
  const order = phoneOrder(widgets.map((w) => w.layout));
  const types = widgets.map((w) => w.type);
  const layouts = () => widgets.map((w) => w.layout);

  const apply = (index: number, mode: 'move' | 'resize', dx: number, dy: number, base: readonly DashboardWidget[]) => {
    const ls = base.map((w) => w.layout);
    const next = mode === 'move' ? moveWidget(ls, types, index, dx, dy) : resizeWidget(ls, types, index, dx, dy);
    return withLayouts(base, next);
  };
  const describe = (w: DashboardWidget | undefined) =>
    w === undefined
      ? ''
      : `${w.title || w.type}: column ${w.layout.x + 1}, row ${w.layout.y + 1}, ${w.layout.width} by ${w.layout.height}`;

  const onPointerDown = (index: number, mode: 'move' | 'resize') => (e: PointerEvent) => {
    // A press on the title bar's buttons is a click, not a drag: capturing it would swallow the click.
    if (!editing || e.button !== 0 || (e.target as HTMLElement).closest('button') !== null) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = { index, mode, x: e.clientX, y: e.clientY, before: widgets };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    const el = grid.current;
    if (d === undefined || el === null) return;
    const cell = (el.clientWidth + GAP_PX) / COLUMNS;
    const { dx, dy } = cellDelta(e.clientX - d.x, e.clientY - d.y, cell, ROW_PX + GAP_PX);
    props.onChange?.(apply(d.index, d.mode, dx, dy, d.before));
  };
  const onPointerUp = () => {
    const d = drag.current;
    if (d === undefined) return;
    drag.current = undefined;
    const moved = JSON.stringify(layouts()) !== JSON.stringify(d.before.map((w) => w.layout));
    if (moved) {
      props.onChange?.(widgets.slice(), d.before);
      setAnnounce(describe(widgets[d.index]));
    }
  };
  const onKeyDown = (index: number) => (e: KeyboardEvent) => {
    if (!editing || e.target !== e.currentTarget) return;
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const step = steps[e.key];
    if (step === undefined) return;
    e.preventDefault();
    const next = apply(index, e.shiftKey ? 'resize' : 'move', step[0], step[1], widgets);
    if (JSON.stringify(next.map((w) => w.layout)) === JSON.stringify(layouts())) return;
    props.onChange?.(next, widgets);
    setAnnounce(describe(next[index]));
  };

  return (
    <>
      <div
        class={`dashboard-grid${editing ? ' editing' : ''}`}
        ref={grid}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        {widgets.map((w, i) => {
          const l = w.layout;
          const label = w.title || `${w.type} widget`;
          return (
            <section
              key={i}
              class={`widget widget-${w.type}`}
              data-index={i}
              aria-label={label}
              tabIndex={editing ? 0 : undefined}
              onKeyDown={onKeyDown(i)}
              aria-describedby={editing ? 'grid-keys' : undefined}
              style={{
                gridColumn: `${l.x + 1} / span ${l.width}`,
                gridRow: `${l.y + 1} / span ${l.height}`,
                order: order.indexOf(i),
                '--rows': l.height,
              }}
            >
              <header class="widget-head" onPointerDown={onPointerDown(i, 'move')}>
                <h2 class="widget-title">{w.title}</h2>
                {editing && (
                  <span class="widget-tools">
                    <button type="button" onClick={() => props.onEdit?.(i)} aria-label={`Edit ${label}`}>
                      Edit
                    </button>
                    <button
                      type="button"
                      class="danger"
                      onClick={() => props.onRemove?.(i)}
                      aria-label={`Remove ${label}`}
                    >
                      Remove
                    </button>
                  </span>
                )}
              </header>
              <div class="widget-body">{props.body(w, i)}</div>
              {editing && (
                <span
                  class="resize-handle"
                  aria-hidden="true"
                  title="Drag to resize"
                  onPointerDown={onPointerDown(i, 'resize')}
                />
              )}
            </section>
          );
        })}
      </div>
      {editing && (
        <p id="grid-keys" class="muted grid-keys">
          Drag a widget's title bar to move it and its corner to resize it; or focus it and use the arrow keys to move,
          shift+arrows to resize. What it lands on moves down.
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {announce}
      </p>
    </>
  );
}

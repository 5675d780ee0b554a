// Dashboard widgets (spec api §12): graph, value, markdown and alertStatus, each with a title
// and a place on the grid. The Go client sends every widget with `graph`, `metric` and `range`
// keys, null where they do not apply (spec §1.4 #6); those nulls are accepted, a value is not.
import type { JsonObject } from '@saba/model';
import { parseRoleFullname } from '../names.ts';
import { fail, isObject, stringOr } from './fields.ts';
import { type Graph, graphToJson, parseGraph, type UnknownRef } from './graph.ts';
import { type GraphOptions, graphOptionsToJson, parseGraphOptions } from './graph-widget.ts';
import { checkOverlaps, type Layout, layoutToJson, parseLayout } from './layout.ts';
import { type Metric, metricToJson, parseMetric } from './metric.ts';
import { parseRange, type Range, rangeToJson } from './range.ts';
import { parseValueOptions, type ValueOptions, valueOptionsToJson } from './value-widget.ts';

/** A graph: `graph` is `unknown` in answers when what it draws is gone. */
export interface GraphWidget extends GraphOptions {
  readonly type: 'graph';
  readonly title: string;
  readonly graph: Graph | UnknownRef;
  readonly range?: Range;
  readonly layout: Layout;
}

/** One number: `metric` is `unknown` in answers when what it reads is gone. */
export interface ValueWidget extends ValueOptions {
  readonly type: 'value';
  readonly title: string;
  readonly metric: Metric | UnknownRef;
  readonly layout: Layout;
}

/** GitHub-flavoured Markdown text. */
export interface MarkdownWidget {
  readonly type: 'markdown';
  readonly title: string;
  readonly markdown: string;
  readonly layout: Layout;
}

/** A role's hosts coloured by alert status; `roleFullname` is null in answers when the role is gone. */
export interface AlertStatusWidget {
  readonly type: 'alertStatus';
  readonly title: string;
  readonly roleFullname: string | null;
  readonly layout: Layout;
}

/** A dashboard widget. */
export type Widget = GraphWidget | ValueWidget | MarkdownWidget | AlertStatusWidget;

/** The widget types. */
const WIDGET_TYPES = ['graph', 'value', 'markdown', 'alertStatus'];

/** How errors name a widget: its index in the request and its title. */
export function widgetLabel(index: number, title: string): string {
  return `widgets[${index}] (title ${JSON.stringify(title)})`;
}

/** Validates a dashboard's widgets, each on its own and then together (no two overlapping). */
export function parseWidgets(list: readonly unknown[]): Widget[] {
  const widgets = list.map(parseWidget);
  checkOverlaps(widgets.map((w, i) => ({ layout: w.layout, label: widgetLabel(i, w.title) })));
  return widgets;
}

/** Validates one widget, `index` naming it in errors. */
export function parseWidget(v: unknown, index: number): Widget {
  if (!isObject(v)) return fail(`widgets[${index}]: `, 'widget', 'must be an object');
  const title = v.title;
  // Go's zero value is "", and Mackerel's editor lets a title be empty.
  if (typeof title !== 'string') return fail(`widgets[${index}]: `, 'title', 'must be a string');
  const where = `${widgetLabel(index, title)}: `;
  const type = v.type;
  if (type !== 'graph') refuseOther(v, 'graph', where, 'graph');
  if (type !== 'graph') refuseOther(v, 'range', where, 'graph');
  if (type !== 'value') refuseOther(v, 'metric', where, 'value');
  switch (type) {
    case 'graph': {
      const graph = parseGraph(v.graph, where);
      const range = parseRange(v.range, where);
      return {
        type,
        title,
        graph,
        ...(range !== undefined ? { range } : {}),
        ...parseGraphOptions(v, graph, where),
        layout: parseLayout(v.layout, type, where),
      };
    }
    case 'value':
      return {
        type,
        title,
        metric: parseMetric(v.metric, where),
        ...parseValueOptions(v, where),
        layout: parseLayout(v.layout, type, where),
      };
    case 'markdown':
      // The Go client leaves out an empty `markdown` (omitempty): absent is empty text.
      return { type, title, markdown: stringOr(v, 'markdown', where, ''), layout: parseLayout(v.layout, type, where) };
    case 'alertStatus': {
      const role = parseRoleFullname(v.roleFullname, `${where}"roleFullname"`);
      return {
        type,
        title,
        roleFullname: `${role.service}:${role.role}`,
        layout: parseLayout(v.layout, type, where),
      };
    }
    default:
      return fail(where, 'type', `must be one of ${WIDGET_TYPES.join(', ')}, got ${JSON.stringify(type ?? null)}`);
  }
}

/** The widget as the API answers it (and as the catalog stores it). */
export function widgetToJson(w: Widget): JsonObject {
  switch (w.type) {
    case 'graph':
      return {
        type: w.type,
        title: w.title,
        graph: graphToJson(w.graph),
        ...(w.range !== undefined ? { range: rangeToJson(w.range) } : {}),
        ...graphOptionsToJson(w),
        layout: layoutToJson(w.layout),
      };
    case 'value':
      return {
        type: w.type,
        title: w.title,
        metric: metricToJson(w.metric),
        ...valueOptionsToJson(w),
        layout: layoutToJson(w.layout),
      };
    case 'markdown':
      return { type: w.type, title: w.title, markdown: w.markdown, layout: layoutToJson(w.layout) };
    case 'alertStatus':
      return { type: w.type, title: w.title, roleFullname: w.roleFullname, layout: layoutToJson(w.layout) };
  }
}

/** Refuses a `graph`, `metric` or `range` value on a widget whose type has none; null passes. */
function refuseOther(o: JsonObject, field: string, where: string, owner: string): void {
  const v = o[field];
  if (v !== undefined && v !== null) fail(where, field, `is only for ${owner} widgets; send null or leave it out`);
}

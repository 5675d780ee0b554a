// A custom dashboard (spec api §12, features §5.1) as the API takes and answers it, and as the
// catalog stores it: title and urlPath as columns, memo and widgets as the body.
import type { DashboardRecord } from '@saba/catalog';
import { type JsonObject, objectBody } from '@saba/model';
import { fail, optionalList, stringOr } from './fields.ts';
import { parseWidgets, type Widget, widgetToJson } from './widgets.ts';

/** Mackerel's urlPath: slash-separated segments of letters, digits, `-` and `_`, none starting with `-`. */
export const URL_PATH = /^([A-Za-z0-9_][-A-Za-z0-9_]*)(\/[A-Za-z0-9_][-A-Za-z0-9_]*)*$/;
/** Longest urlPath: it is a unique index key, and PostgreSQL refuses index entries over ~2,700 bytes. */
const MAX_URL_PATH = 1024;

/** A dashboard's fields as a POST or PUT gives them, validated. */
export interface Dashboard {
  readonly title: string;
  readonly memo: string;
  /**
   * Absent when none was given (left out, null or ""; the Go client sends "" when unset): a
   * create makes one up, a PUT keeps the stored one.
   */
  readonly urlPath?: string;
  readonly widgets: readonly Widget[];
}

/** Validates a POST or PUT body; BadDataError naming the field (and the widget) otherwise. */
export function parseDashboard(input: unknown): Dashboard {
  const o = objectBody(input, 'a dashboard: {"title": ..., "urlPath": ..., "widgets": [...]}');
  const title = o.title;
  if (typeof title !== 'string') fail('', 'title', 'is required and must be a string');
  if (title.trim() === '') fail('', 'title', 'must not be empty');
  const urlPath = stringOr(o, 'urlPath', '', '');
  if (urlPath.length > MAX_URL_PATH) fail('', 'urlPath', `must be at most ${MAX_URL_PATH} characters`);
  if (urlPath !== '' && !URL_PATH.test(urlPath)) {
    fail('', 'urlPath', `${JSON.stringify(urlPath)} must match ${URL_PATH.source}`);
  }
  return {
    title,
    memo: stringOr(o, 'memo', '', ''),
    ...(urlPath !== '' ? { urlPath } : {}),
    widgets: parseWidgets(optionalList(o, 'widgets', '')),
  };
}

/** What the catalog stores besides title and urlPath: the memo and the widgets' API JSON. */
export function dashboardBody(d: Dashboard): DashboardRecord['body'] {
  return { memo: d.memo, widgets: d.widgets.map(widgetToJson) } as unknown as DashboardRecord['body'];
}

/** A stored dashboard's memo and widgets. The widgets are widgetToJson's output, whose shape is Widget's. */
export function storedBody(record: DashboardRecord): { memo: string; widgets: Widget[] } {
  const { memo, widgets } = record.body;
  return {
    memo: typeof memo === 'string' ? memo : '',
    widgets: Array.isArray(widgets) ? (widgets as unknown as Widget[]) : [],
  };
}

/** The dashboard as the API answers it, with `widgets` as the read resolved them. */
export function dashboardToJson(record: DashboardRecord, widgets: readonly Widget[]): JsonObject {
  return {
    id: record.id,
    title: record.title,
    memo: storedBody(record).memo,
    urlPath: record.urlPath,
    widgets: widgets.map(widgetToJson),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

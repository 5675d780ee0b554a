// The API calls and shapes of custom dashboards (docs/dashboards.md) and the Saba extension
// `GET /api/v0/expression-graph` that draws expression graphs.
import type { FormatRule } from '../features/dashboards/value-format.ts';
import type { WidgetRange } from '../features/dashboards/widget-range.ts';
import { apiGet, apiSend, query } from './client.ts';
import type { Host, MetricPoint } from './types.ts';

/** A widget's place on the 24-column grid. */
export interface WidgetLayout {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What a graph widget draws; `unknown` when its host, role or service was deleted. */
export type DashboardGraph =
  | { readonly type: 'host'; readonly hostId: string; readonly name: string }
  | { readonly type: 'role'; readonly roleFullname: string; readonly name: string; readonly isStacked: boolean }
  | { readonly type: 'service'; readonly serviceName: string; readonly name: string }
  | { readonly type: 'expression'; readonly expression: string }
  | { readonly type: 'query'; readonly query: string; readonly legend: string }
  | { readonly type: 'unknown' };

/** What a value widget shows; `unknown` when its host or service was deleted. */
export type DashboardMetric =
  | { readonly type: 'host'; readonly hostId: string; readonly name: string }
  | { readonly type: 'service'; readonly serviceName: string; readonly name: string }
  | { readonly type: 'expression'; readonly expression: string }
  | { readonly type: 'query'; readonly query: string; readonly legend: string }
  | { readonly type: 'unknown' };

interface WidgetBase {
  readonly title: string;
  readonly layout: WidgetLayout;
}

/** One widget as the API answers and takes it. */
export type DashboardWidget =
  | (WidgetBase & {
      readonly type: 'graph';
      readonly graph: DashboardGraph;
      readonly range?: WidgetRange | null;
      readonly valueRange?: { readonly min?: number; readonly max?: number };
      readonly referenceLines?: ReadonlyArray<{ readonly label: string; readonly value: number }>;
      readonly legendList?: readonly string[];
    })
  | (WidgetBase & {
      readonly type: 'value';
      readonly metric: DashboardMetric;
      readonly fractionSize?: number;
      readonly suffix?: string;
      readonly formatRules?: readonly FormatRule[];
    })
  | (WidgetBase & { readonly type: 'markdown'; readonly markdown?: string })
  | (WidgetBase & { readonly type: 'alertStatus'; readonly roleFullname: string | null });

/** A dashboard of `GET /api/v0/dashboards`. */
export interface Dashboard {
  readonly id: string;
  readonly title: string;
  readonly memo: string;
  readonly urlPath: string;
  readonly widgets: readonly DashboardWidget[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One series of an expression graph. */
export interface ExpressionSeries {
  readonly name: string;
  readonly source: string;
  readonly isStacked: boolean;
  readonly points: MetricPoint[];
}

/** Every dashboard of the organization, oldest first. */
export async function listDashboards(signal?: AbortSignal): Promise<Dashboard[]> {
  return (await apiGet<{ dashboards: Dashboard[] }>('/api/v0/dashboards', signal)).dashboards;
}

/** Creates a dashboard; the server answers 400 or 409 with its reason. */
export function createDashboard(d: { title: string; urlPath: string; memo: string }): Promise<Dashboard> {
  return apiSend<Dashboard>('POST', '/api/v0/dashboards', { ...d, widgets: [] });
}

/** Replaces a dashboard as a whole (title, memo, urlPath and every widget). */
export function saveDashboard(d: Dashboard): Promise<Dashboard> {
  const { title, memo, urlPath, widgets } = d;
  return apiSend<Dashboard>('PUT', `/api/v0/dashboards/${encodeURIComponent(d.id)}`, { title, memo, urlPath, widgets });
}

/** Deletes a dashboard. */
export async function deleteDashboard(id: string): Promise<void> {
  await apiSend('DELETE', `/api/v0/dashboards/${encodeURIComponent(id)}`);
}

/** The series of a graph expression over [from, to]. */
export async function expressionGraph(
  expression: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<ExpressionSeries[]> {
  const q = query([
    ['expression', expression],
    ['from', from],
    ['to', to],
  ]);
  return (await apiGet<{ series: ExpressionSeries[] }>(`/api/v0/expression-graph${q}`, signal)).series;
}

/** The hosts of a role (`service:role`), whatever their status. */
export async function roleHosts(roleFullname: string, signal?: AbortSignal): Promise<Host[]> {
  const colon = roleFullname.indexOf(':');
  const q = query([
    ['service', roleFullname.slice(0, colon)],
    ['role', roleFullname.slice(colon + 1)],
    ['status', 'working'],
    ['status', 'standby'],
    ['status', 'maintenance'],
    ['status', 'poweroff'],
  ]);
  return (await apiGet<{ hosts: Host[] }>(`/api/v0/hosts${q}`, signal)).hosts;
}

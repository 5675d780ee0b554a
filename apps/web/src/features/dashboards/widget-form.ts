// The editor's widget form as flat text fields, and the widget they make (docs/dashboards.md).
// The server is the judge of what is valid: this only turns text into the API's shape.
import type { DashboardGraph, DashboardMetric, DashboardWidget, WidgetLayout } from '../../api/dashboards.ts';
import type { WidgetType } from './grid.ts';

/** Every field of every widget form, as the inputs hold them. */
export interface WidgetFields {
  type: WidgetType;
  title: string;
  /** graph: host, role, service, expression, query; value: host, service, expression, query. */
  source: string;
  hostId: string;
  name: string;
  roleFullname: string;
  isStacked: boolean;
  serviceName: string;
  expression: string;
  query: string;
  legend: string;
  /** graph range: '' (follows the dashboard), 'relative' or 'absolute'. */
  rangeType: string;
  /** Relative range in hours: how long, and how far from now (negative is the past). */
  periodHours: string;
  offsetHours: string;
  /** Absolute range as epoch seconds. */
  start: string;
  end: string;
  min: string;
  max: string;
  lineLabel: string;
  lineValue: string;
  legendList: string;
  fractionSize: string;
  suffix: string;
  ruleName: string;
  ruleThreshold: string;
  ruleOperator: string;
  markdown: string;
}

/** The empty form of a new widget of `type`. */
export function emptyFields(type: WidgetType): WidgetFields {
  return {
    type,
    title: '',
    source: type === 'graph' || type === 'value' ? 'host' : '',
    hostId: '',
    name: '',
    roleFullname: '',
    isStacked: false,
    serviceName: '',
    expression: '',
    query: '',
    legend: '',
    rangeType: '',
    periodHours: '1',
    offsetHours: '0',
    start: '',
    end: '',
    min: '',
    max: '',
    lineLabel: '',
    lineValue: '',
    legendList: '',
    fractionSize: '',
    suffix: '',
    ruleName: '',
    ruleThreshold: '',
    ruleOperator: '>',
    markdown: '',
  };
}

/** A number from a field; text that is not one is passed on as it is, so the server names the mistake. */
function num(s: string): number {
  return s.trim() === '' ? Number.NaN : Number(s);
}

function orText(s: string): number | string {
  const n = num(s);
  return Number.isFinite(n) ? n : s;
}

function source(f: WidgetFields): DashboardGraph & DashboardMetric {
  switch (f.source) {
    case 'role':
      return { type: 'role', roleFullname: f.roleFullname, name: f.name, isStacked: f.isStacked } as never;
    case 'service':
      return { type: 'service', serviceName: f.serviceName, name: f.name };
    case 'expression':
      return { type: 'expression', expression: f.expression };
    case 'query':
      return { type: 'query', query: f.query, legend: f.legend };
    default:
      return { type: 'host', hostId: f.hostId, name: f.name };
  }
}

/** The widget the form describes, at `layout`. */
export function fieldsToWidget(f: WidgetFields, layout: WidgetLayout): DashboardWidget {
  const base = { title: f.title, layout };
  switch (f.type) {
    case 'graph': {
      const w: Record<string, unknown> = { ...base, type: 'graph', graph: source(f) };
      if (f.rangeType === 'relative')
        w.range = {
          type: 'relative',
          period: Math.round(num(f.periodHours) * 3600),
          offset: Math.round(num(f.offsetHours || '0') * 3600),
        };
      if (f.rangeType === 'absolute') w.range = { type: 'absolute', start: orText(f.start), end: orText(f.end) };
      if (f.min.trim() !== '' || f.max.trim() !== '')
        w.valueRange = {
          ...(f.min.trim() !== '' ? { min: orText(f.min) } : {}),
          ...(f.max.trim() !== '' ? { max: orText(f.max) } : {}),
        };
      w.referenceLines =
        f.lineLabel.trim() !== '' || f.lineValue.trim() !== ''
          ? [{ label: f.lineLabel, value: orText(f.lineValue) }]
          : [];
      const legends = f.legendList
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (legends.length > 0) w.legendList = legends;
      return w as unknown as DashboardWidget;
    }
    case 'value': {
      const w: Record<string, unknown> = { ...base, type: 'value', metric: source(f) };
      if (f.fractionSize.trim() !== '') w.fractionSize = orText(f.fractionSize);
      if (f.suffix !== '') w.suffix = f.suffix;
      w.formatRules =
        f.ruleName.trim() !== '' || f.ruleThreshold.trim() !== ''
          ? [{ name: f.ruleName, threshold: orText(f.ruleThreshold), operator: f.ruleOperator }]
          : [];
      return w as unknown as DashboardWidget;
    }
    case 'markdown':
      return { ...base, type: 'markdown', markdown: f.markdown };
    default:
      return { ...base, type: 'alertStatus', roleFullname: f.roleFullname };
  }
}

/** The form of an existing widget. */
export function widgetToFields(w: DashboardWidget): WidgetFields {
  const f = emptyFields(w.type);
  f.title = w.title;
  const s = w.type === 'graph' ? w.graph : w.type === 'value' ? w.metric : undefined;
  if (s !== undefined && s.type !== 'unknown') {
    f.source = s.type;
    if ('hostId' in s) f.hostId = s.hostId;
    if ('name' in s) f.name = s.name;
    if ('roleFullname' in s) f.roleFullname = s.roleFullname;
    if ('isStacked' in s) f.isStacked = s.isStacked;
    if ('serviceName' in s) f.serviceName = s.serviceName;
    if ('expression' in s) f.expression = s.expression;
    if ('query' in s) {
      f.query = s.query;
      f.legend = s.legend;
    }
  }
  if (w.type === 'graph') {
    if (w.range?.type === 'relative') {
      f.rangeType = 'relative';
      f.periodHours = String(w.range.period / 3600);
      f.offsetHours = String(w.range.offset / 3600);
    } else if (w.range?.type === 'absolute') {
      f.rangeType = 'absolute';
      f.start = String(w.range.start);
      f.end = String(w.range.end);
    }
    f.min = w.valueRange?.min === undefined ? '' : String(w.valueRange.min);
    f.max = w.valueRange?.max === undefined ? '' : String(w.valueRange.max);
    f.lineLabel = w.referenceLines?.[0]?.label ?? '';
    f.lineValue = w.referenceLines?.[0] === undefined ? '' : String(w.referenceLines[0].value);
    f.legendList = (w.legendList ?? []).join(', ');
  }
  if (w.type === 'value') {
    f.fractionSize = w.fractionSize === undefined ? '' : String(w.fractionSize);
    f.suffix = w.suffix ?? '';
    const r = w.formatRules?.[0];
    if (r !== undefined) {
      f.ruleName = r.name;
      f.ruleThreshold = String(r.threshold);
      f.ruleOperator = r.operator;
    }
  }
  if (w.type === 'markdown') f.markdown = w.markdown ?? '';
  if (w.type === 'alertStatus') f.roleFullname = w.roleFullname ?? '';
  return f;
}

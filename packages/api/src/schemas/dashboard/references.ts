// What widgets name: hosts, services and roles. A write naming one that does not exist is refused;
// a read of a widget whose host, service or role has gone since answers `{"type":"unknown"}`
// (graphs, metrics) or `roleFullname: null` (alert status), as Mackerel does (spec api §12).
// Expressions and queries are not looked into. docs/dashboards.md says why writes are checked.
import { fail } from './fields.ts';
import type { Graph, UnknownRef } from './graph.ts';
import type { Metric } from './metric.ts';
import { type Widget, widgetLabel } from './widgets.ts';

/** What exists in the organization now. A retired host counts as gone. */
export interface DashboardRefs {
  hasHost(id: string): boolean;
  hasService(name: string): boolean;
  hasRole(service: string, role: string): boolean;
}

const UNKNOWN: UnknownRef = { type: 'unknown' };

/** The host ids the widgets name, each once. */
export function referencedHostIds(widgets: readonly Widget[]): string[] {
  const ids = new Set<string>();
  for (const w of widgets) {
    const ref = w.type === 'graph' ? w.graph : w.type === 'value' ? w.metric : undefined;
    if (ref?.type === 'host') ids.add(ref.hostId);
  }
  return [...ids];
}

/** Refuses widgets naming a host, service or role that does not exist, naming the widget and field. */
export function checkReferences(widgets: readonly Widget[], refs: DashboardRefs): void {
  widgets.forEach((w, i) => {
    const where = `${widgetLabel(i, w.title)}: `;
    if (w.type === 'graph') checkRef(w.graph, 'graph', where, refs);
    else if (w.type === 'value') checkRef(w.metric, 'metric', where, refs);
    else if (w.type === 'alertStatus' && w.roleFullname !== null && !roleExists(w.roleFullname, refs)) {
      fail(where, 'roleFullname', `names no role "${w.roleFullname}"`);
    }
  });
}

/** The widgets as a read answers them: what names a host, service or role that is gone becomes unknown or null. */
export function resolveReferences(widgets: readonly Widget[], refs: DashboardRefs): Widget[] {
  return widgets.map((w) => resolveWidget(w, refs));
}

function resolveWidget(w: Widget, refs: DashboardRefs): Widget {
  if (w.type === 'graph') return exists(w.graph, refs) ? w : { ...w, graph: UNKNOWN };
  if (w.type === 'value') return exists(w.metric, refs) ? w : { ...w, metric: UNKNOWN };
  if (w.type === 'alertStatus' && w.roleFullname !== null && !roleExists(w.roleFullname, refs)) {
    return { ...w, roleFullname: null };
  }
  return w;
}

function checkRef(ref: Graph | Metric | UnknownRef, field: string, where: string, refs: DashboardRefs): void {
  if (exists(ref, refs)) return;
  if (ref.type === 'host') fail(where, `${field}.hostId`, `names no host "${ref.hostId}" (or it is retired)`);
  if (ref.type === 'service') fail(where, `${field}.serviceName`, `names no service "${ref.serviceName}"`);
  if (ref.type === 'role') fail(where, `${field}.roleFullname`, `names no role "${ref.roleFullname}"`);
}

function exists(ref: Graph | Metric | UnknownRef, refs: DashboardRefs): boolean {
  switch (ref.type) {
    case 'host':
      return refs.hasHost(ref.hostId);
    case 'service':
      return refs.hasService(ref.serviceName);
    case 'role':
      return roleExists(ref.roleFullname, refs);
    case 'expression':
    case 'query':
    case 'unknown':
      return true;
  }
}

/** `service:role`, as the schema stores it (no spaces: parseRoleFullname trimmed them). */
function roleExists(fullname: string, refs: DashboardRefs): boolean {
  const colon = fullname.indexOf(':');
  return colon > 0 && refs.hasRole(fullname.slice(0, colon), fullname.slice(colon + 1));
}

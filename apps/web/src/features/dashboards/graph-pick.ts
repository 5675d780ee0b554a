// Which series a dashboard graph widget draws (features §5.1), from the same grouping the host
// page uses (features/host/graph-groups.ts): a host graph is one of the host page's graphs by
// name, a role graph is that graph for every host of the role, a service graph is one group of
// the service's metrics.
import type { GraphDef } from '../../api/types.ts';
import { type GraphSeries, type GraphSpec, groupMetrics } from '../host/graph-groups.ts';

/** Mackerel's names of the agent's graphs where they differ from the host page's keys. */
const GRAPH_ALIASES: Readonly<Record<string, string>> = { loadavg5: 'loadavg' };

/** The graph of `names` called `name`: a host page graph key, its Mackerel name, a prefix with or without `.*`, or one metric. */
export function pickGraph(names: readonly string[], defs: readonly GraphDef[], name: string): GraphSpec | undefined {
  const graphs = groupMetrics(names, defs);
  const key = GRAPH_ALIASES[name] ?? name;
  const bare = key.endsWith('.*') ? key.slice(0, -2) : key;
  const found = graphs.find((g) => g.key === key || g.key === `${bare}.*` || g.key === bare);
  if (found !== undefined) return found;
  if (!names.includes(name)) return undefined;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return { key: name, title: name, unit: 'float', series: [{ metric: name, label: last, stacked: false }] };
}

/** The series whose label or metric is in `legendList`; an empty or missing list keeps them all. */
export function filterLegend(spec: GraphSpec, legendList: readonly string[] | undefined): GraphSpec {
  if (legendList === undefined || legendList.length === 0) return spec;
  const keep = new Set(legendList);
  return { ...spec, series: spec.series.filter((s) => keep.has(s.label) || keep.has(s.metric)) };
}

/** One series of a role graph: the host it is read from, and the series. */
export interface RoleSeries extends GraphSeries {
  readonly hostId: string;
}

/**
 * The series of a role graph: the graph's series of every host, labelled with the host (and the
 * series' own label when the graph has several), all stacked when the widget says `isStacked`.
 */
export function roleGraphSeries(
  hosts: ReadonlyArray<{ readonly id: string; readonly label: string; readonly spec: GraphSpec | undefined }>,
  isStacked: boolean,
): RoleSeries[] {
  const out: RoleSeries[] = [];
  for (const h of hosts) {
    if (h.spec === undefined) continue;
    const several = h.spec.series.length > 1;
    for (const s of h.spec.series) {
      out.push({
        hostId: h.id,
        metric: s.metric,
        label: several ? `${h.label} ${s.label}` : h.label,
        stacked: isStacked,
      });
    }
  }
  return out;
}

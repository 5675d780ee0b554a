// Which graphs a host page draws, from the host's metric names and the organization's graph
// definitions, grouped the way Mackerel groups them (features §1.4, §1.6): the agent's system
// metrics into their fixed graphs, every other name with the names that share everything before
// its last dot, and custom metrics under the definition whose name matches that prefix.
import type { GraphDef } from '../../api/types.ts';

/** One series of a graph: the metric it reads, its legend label and whether it stacks. */
export interface GraphSeries {
  readonly metric: string;
  readonly label: string;
  readonly stacked: boolean;
}

/** One graph of a host page. */
export interface GraphSpec {
  /** The graph name: `cpu`, `memory`, a graph definition's name, or `<prefix>.*`. */
  readonly key: string;
  readonly title: string;
  /** A graph definition unit (features §1.6). */
  readonly unit: string;
  readonly series: readonly GraphSeries[];
}

/** One of the agent's fixed graphs (features §1.6 "System-metric graphs have fixed definitions"). */
interface SystemGraph {
  readonly key: string;
  readonly title: string;
  readonly unit: string;
  readonly pattern: RegExp;
  readonly label: (m: RegExpExecArray) => string;
  readonly stacked: (m: RegExpExecArray) => boolean;
  /** Where the series goes among its graph's: lower first; ties go by label. */
  readonly rank: (m: RegExpExecArray) => number;
}

/** Stacked bottom to top as Mackerel draws them: work first, idle on top. */
const CPU_ORDER = ['user', 'nice', 'system', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice', 'idle'];
/** Stacked parts of the memory first (adding up to the total), then the lines. */
const MEMORY_ORDER = [
  'used',
  'buffers',
  'cached',
  'free',
  'mem_available',
  'total',
  'swap_total',
  'swap_free',
  'swap_cached',
];

function rankIn(order: readonly string[], name: string | undefined): number {
  const i = order.indexOf(name ?? '');
  return i < 0 ? order.length : i;
}

const SEGMENT = '[-a-zA-Z0-9_]+';

const SYSTEM: readonly SystemGraph[] = [
  {
    key: 'loadavg',
    title: 'Load average',
    unit: 'float',
    pattern: /^loadavg(1|5|15)$/,
    label: (m) => `loadavg${m[1]}`,
    stacked: () => false,
    rank: (m) => Number(m[1]),
  },
  {
    key: 'cpu',
    title: 'CPU',
    unit: 'percentage',
    pattern: new RegExp(`^cpu\\.(${SEGMENT})\\.percentage$`),
    label: (m) => m[1] as string,
    stacked: () => true,
    rank: (m) => rankIn(CPU_ORDER, m[1]),
  },
  {
    key: 'memory',
    title: 'Memory',
    unit: 'bytes',
    pattern: new RegExp(`^memory\\.(${SEGMENT})$`),
    label: (m) => m[1] as string,
    stacked: (m) => m[1] !== 'total' && !(m[1] as string).startsWith('swap_'),
    rank: (m) => rankIn(MEMORY_ORDER, m[1]),
  },
  {
    key: 'disk',
    title: 'Disk IOPS',
    unit: 'iops',
    pattern: new RegExp(`^disk\\.(${SEGMENT})\\.(reads|writes)\\.delta$`),
    label: (m) => `${m[1]} ${m[2]}`,
    stacked: () => false,
    rank: () => 0,
  },
  {
    key: 'interface',
    title: 'Network traffic',
    unit: 'bytes/sec',
    pattern: new RegExp(`^interface\\.(${SEGMENT})\\.(rxBytes|txBytes)\\.delta$`),
    label: (m) => `${m[1]} ${m[2] === 'rxBytes' ? 'rx' : 'tx'}`,
    stacked: () => false,
    rank: () => 0,
  },
  {
    key: 'filesystem',
    title: 'Filesystem',
    unit: 'bytes',
    pattern: new RegExp(`^filesystem\\.(${SEGMENT})\\.(size|used)$`),
    label: (m) => `${m[1]} ${m[2]}`,
    stacked: () => false,
    rank: () => 0,
  },
];

/**
 * The segments of `name` that the wildcards of `pattern` matched (`*` and `#` stand for one
 * dot-free segment, features §1.6), with the position of the `#` among them; undefined when
 * `name` does not match.
 */
export function matchWildcards(pattern: string, name: string): { matches: string[]; hash: number } | undefined {
  const ps = pattern.split('.');
  const ns = name.split('.');
  if (ps.length !== ns.length) return undefined;
  const matches: string[] = [];
  let hash = -1;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as string;
    const n = ns[i] as string;
    if (p === '*' || p === '#') {
      if (p === '#') hash = matches.length;
      matches.push(n);
    } else if (p !== n) {
      return undefined;
    }
  }
  return { matches, hash };
}

function wildcardCount(name: string): number {
  return name.split('.').filter((s) => s === '*' || s === '#').length;
}

/** The definition for a graph prefix: among those that match, the one with the fewest wildcards. */
function findDef(prefix: string, defs: readonly GraphDef[]): GraphDef | undefined {
  let best: GraphDef | undefined;
  for (const d of defs) {
    if (matchWildcards(d.name, prefix) === undefined) continue;
    if (
      best === undefined ||
      wildcardCount(d.name) < wildcardCount(best.name) ||
      (wildcardCount(d.name) === wildcardCount(best.name) && d.name < best.name)
    )
      best = d;
  }
  return best;
}

/** `%1`, `%2`… in a display name replaced by the wildcard matches. */
function substitute(displayName: string, matches: readonly string[]): string {
  return displayName.replace(/%(\d)/g, (all, d: string) => matches[Number(d) - 1] ?? all);
}

interface Pending {
  spec: { key: string; title: string; unit: string };
  series: Array<GraphSeries & { sort: [number | string, number, string] }>;
}

/** The graphs of a host with these metric names, system graphs first in Mackerel's order, then by name. */
export function groupMetrics(names: readonly string[], defs: readonly GraphDef[]): GraphSpec[] {
  const graphs = new Map<string, Pending>();
  const add = (
    spec: Pending['spec'],
    series: GraphSeries,
    sort: [number | string, number, string] = ['', 0, series.label],
  ) => {
    let g = graphs.get(spec.key);
    if (g === undefined) {
      g = { spec, series: [] };
      graphs.set(spec.key, g);
    }
    g.series.push({ ...series, sort });
  };
  for (const name of [...new Set(names)]) {
    const system = systemSeries(name);
    if (system !== undefined) {
      add(system.graph, system.series, [system.rank, 0, system.series.label]);
      continue;
    }
    const dot = name.lastIndexOf('.');
    const prefix = dot < 0 ? name : name.slice(0, dot);
    const last = dot < 0 ? name : name.slice(dot + 1);
    const def = name.startsWith('custom.') ? findDef(prefix, defs) : undefined;
    if (def === undefined) {
      const key = dot < 0 ? name : `${prefix}.*`;
      add({ key, title: key, unit: 'float' }, { metric: name, label: last, stacked: false });
      continue;
    }
    const spec = { key: def.name, title: def.displayName !== '' ? def.displayName : def.name, unit: def.unit };
    const index = def.metrics.findIndex((x) => matchWildcards(x.name, name) !== undefined);
    const m = def.metrics[index];
    // A posted name that none of the definition's metrics names still belongs to its graph.
    const pattern = m?.name ?? `${def.name}.*`;
    const match = matchWildcards(pattern, name) ?? { matches: [], hash: -1 };
    const hashValue = match.hash >= 0 ? (match.matches[match.hash] ?? '') : '';
    add(
      spec,
      {
        metric: name,
        label: seriesLabel(m?.displayName ?? '', pattern, match.matches, last),
        stacked: m?.isStacked ?? false,
      },
      [hashValue, index < 0 ? def.metrics.length : index, name],
    );
  }
  const order = (key: string) => {
    const i = SYSTEM.findIndex((s) => s.key === key);
    return i < 0 ? SYSTEM.length : i;
  };
  return [...graphs.values()]
    .sort((a, b) => order(a.spec.key) - order(b.spec.key) || compare(a.spec.key, b.spec.key))
    .map((g) => ({
      ...g.spec,
      series: g.series
        .sort((a, b) => compare(a.sort[0], b.sort[0]) || a.sort[1] - b.sort[1] || compare(a.sort[2], b.sort[2]))
        .map(({ metric, label, stacked }) => ({ metric, label, stacked })),
    }));
}

/**
 * A custom series' legend label: its display name with `%1`, `%2`… replaced by the wildcard
 * matches; without one, what the wildcards matched (and the last segment when it is fixed), so
 * `custom.docker.cpu.#.user` labels `custom.docker.cpu.web1.user` "web1.user".
 */
function seriesLabel(displayName: string, pattern: string, matches: readonly string[], last: string): string {
  if (displayName !== '') return substitute(displayName, matches);
  if (matches.length === 0) return last;
  const lastSeg = pattern.slice(pattern.lastIndexOf('.') + 1);
  return lastSeg === '*' || lastSeg === '#' ? matches.join('.') : [...matches, last].join('.');
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function systemSeries(name: string): { graph: Pending['spec']; series: GraphSeries; rank: number } | undefined {
  for (const s of SYSTEM) {
    const m = s.pattern.exec(name);
    if (m === null) continue;
    return {
      graph: { key: s.key, title: s.title, unit: s.unit },
      series: { metric: name, label: s.label(m), stacked: s.stacked(m) },
      rank: s.rank(m),
    };
  }
  return undefined;
}

// The fleet the monitor benchmark judges (issue 5): hosts in roles, host monitors scoped to one
// role each, and the values every host posts each minute, with a fixed share that breaches.
import { mixSeries } from '../../../../tools/datagen/mix.ts';

/** The shape of a benchmark fleet. */
export interface FleetShape {
  readonly hosts: number;
  /** Roles, `hosts / roles` hosts each; roles are dealt 10 to a service. */
  readonly roles: number;
  /** Monitored metrics: every host posts them, and each has one monitor per role (or one unscoped). */
  readonly metrics: number;
  /** Values each host posts besides the monitored ones (no monitor reads them). */
  readonly extraValues: number;
  /** One monitor per (role, metric) scoped to the role; false: one unscoped monitor per metric. */
  readonly scoped: boolean;
  /** Adds the metric `bench.flip` and one unscoped monitor that flips on every post (delay bench). */
  readonly flip: boolean;
}

/** Issue 5's shape: 1,000 hosts in 100 roles of 10 services, 100 metrics × 100 role monitors. */
export const ISSUE_FLEET: FleetShape = {
  hosts: 1_000,
  roles: 100,
  metrics: 100,
  extraValues: 20,
  scoped: true,
  flip: false,
};

/** Prometheus's shape in the comparison: 100 monitors, each over one metric of 200 hosts (20k series). */
export const PROMETHEUS_SHAPE: FleetShape = {
  hosts: 200,
  roles: 1,
  metrics: 100,
  extraValues: 0,
  scoped: false,
  flip: false,
};

/** The metric the delay bench's flip monitor watches. */
export const FLIP_METRIC = 'bench.flip';

/**
 * Agent-like metric names (`cpu.user.percentage.0`, `interface.eth0.rxBytes.3`...): the realistic
 * mix's names for 120 series, all distinct. The first `metrics` are monitored, the rest are not.
 */
export const METRIC_NAMES: readonly string[] = mixSeries(120).map((s) => s.name.replaceAll('_', '.'));

/** The Prometheus name of a metric (dots are not allowed there). */
export function promName(metric: string): string {
  return metric.replaceAll('.', '_');
}

/** The role a host is in: `svc<n>:role<m>`, 10 roles to a service. */
export function roleOf(shape: FleetShape, host: number): { service: string; role: string } {
  const r = Math.floor(host / (shape.hosts / shape.roles));
  return { service: `svc${Math.floor(r / 10)}`, role: `role${r % 10}` };
}

/** A name for host `h` (`bench-0042`). */
export function hostName(h: number): string {
  return `bench-${String(h).padStart(4, '0')}`;
}

/** Averaging windows and attempts are mixed: durations 1, 3, 5 by metric; attempts 1 or 3. */
export function durationOf(metric: number): number {
  return [1, 3, 5][metric % 3] as number;
}

/** Max check attempts of the monitor of `role` on `metric`. */
export function attemptsOf(role: number, metric: number): number {
  return (role + metric) % 2 === 0 ? 1 : 3;
}

/** Warning and critical thresholds of every bench monitor (operator `>`). */
export const WARNING = 50;
/** Critical threshold. */
export const CRITICAL = 90;

/** The monitors of a fleet, as API JSON. */
export function monitorJsons(shape: FleetShape): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const common = { type: 'host', operator: '>', warning: WARNING, critical: CRITICAL };
  for (let k = 0; k < shape.metrics; k++) {
    const metric = METRIC_NAMES[k] as string;
    if (!shape.scoped) {
      out.push({ ...common, name: metric, metric, duration: durationOf(k), maxCheckAttempts: attemptsOf(0, k) });
      continue;
    }
    for (let r = 0; r < shape.roles; r++) {
      const { service, role } = roleOf(shape, r * (shape.hosts / shape.roles));
      out.push({
        ...common,
        name: `${metric} ${service}:${role}`,
        metric,
        duration: durationOf(k),
        maxCheckAttempts: attemptsOf(r, k),
        scopes: [`${service}:${role}`],
      });
    }
  }
  if (shape.flip) out.push({ ...common, name: 'flip', metric: FLIP_METRIC, duration: 1, maxCheckAttempts: 1 });
  return out;
}

// A (host, metric) pair is hot for HOT_MINUTES of every CYCLE_MINUTES, at an offset of its own.
// 5 of 700 minutes hot (0.71 %) plus the minutes the average takes to come back down (0, 2 or 4
// by duration) make ~1.0 % of judgements breach; 1/700 of the pairs start a hot spell every
// minute, so alerts open and close all the time.
const HOT_MINUTES = 5;
const CYCLE_MINUTES = 700;
/** A prime with no factor in common with 700: pair → offset spreads the pairs evenly over the cycle. */
const SPREAD = 7_919;

/** Whether the pair (host, metric) posts a breaching value in `minute`. */
export function isHot(host: number, metric: number, minute: number): boolean {
  const offset = ((host * 1_000 + metric) * SPREAD) % CYCLE_MINUTES;
  return (((minute + offset) % CYCLE_MINUTES) + CYCLE_MINUTES) % CYCLE_MINUTES < HOT_MINUTES;
}

/** The value host `host` posts for metric `metric` in `minute`: 10–29 normally, 1000 when hot. */
export function valueAt(host: number, metric: number, minute: number): number {
  if (isHot(host, metric, minute)) return 1_000;
  return 10 + ((host + metric + minute) % 20);
}

/** The flip metric's value: alternately above critical and zero, so each post opens or closes an alert. */
export function flipValue(host: number, minute: number): number {
  return (host + minute) % 2 === 0 ? 100 : 0;
}

/**
 * One host's minute as an agent posts it: a bare JSON array of every value at time `time` (epoch
 * seconds), monitored metrics first.
 */
export function hostBatch(shape: FleetShape, hostId: string, host: number, minute: number, time: number): string {
  const id = JSON.stringify(hostId);
  const items: string[] = [];
  const item = (name: string, value: number) => `{"hostId":${id},"name":"${name}","time":${time},"value":${value}}`;
  for (let k = 0; k < shape.metrics; k++) items.push(item(METRIC_NAMES[k] as string, valueAt(host, k, minute)));
  for (let k = 0; k < shape.extraValues; k++) {
    items.push(item(METRIC_NAMES[shape.metrics + k] as string, (host + k + minute) % 100));
  }
  if (shape.flip) items.push(item(FLIP_METRIC, flipValue(host, minute)));
  return `[${items.join(',')}]`;
}

/** (monitor, host) judgements one minute of posts makes. */
export function judgementsPerMinute(shape: FleetShape): number {
  return shape.hosts * shape.metrics + (shape.flip ? shape.hosts : 0);
}

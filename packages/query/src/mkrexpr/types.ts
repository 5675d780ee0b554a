/** One point of a series: epoch seconds and a value. */
export interface Point {
  time: number;
  value: number;
}

/** A series as a source returns it and as expressions pass it on. */
export interface Series {
  /** The legend: the metric name for source series, rewritten by functions and `alias`. */
  name: string;
  /** Whose series it is: a host id, a service name, or '' for series combined from many. */
  source: string;
  /** Ascending by time, at most one point per time. */
  points: Point[];
  /** Set by `stack()`: draw stacked. */
  stacked?: boolean;
}

/**
 * Where series come from; the server implements it over the catalog and the tsdb, tests with tables.
 * `metricPattern` may hold `*` wildcards (see metric-pattern.ts); points are minute-aligned, within [from, to].
 */
export interface ExprSource {
  /** One host's series whose metric matches the pattern. */
  hostSeries(hostId: string, metricPattern: string, from: number, to: number): Promise<Series[]>;
  /** One service's service-metric series. */
  serviceSeries(service: string, metricPattern: string, from: number, to: number): Promise<Series[]>;
  /** Series of hosts currently in the role (`Service:role`). */
  roleSeries(roleFullname: string, metricPattern: string, from: number, to: number): Promise<Series[]>;
  /** Series of hosts that are or were in the role, each only for its time in the role. */
  roleSlotSeries(roleFullname: string, metricPattern: string, from: number, to: number): Promise<Series[]>;
}

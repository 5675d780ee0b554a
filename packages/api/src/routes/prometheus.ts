// The Prometheus HTTP API at /api/v1 (docs/prometheus-api.md): queries, series, label names and
// values, metadata and build info, answered in Prometheus's JSON so that Grafana's Prometheus data
// source (health check, metric browser, range queries) works against Saba. Only labelled series
// (remote_write, OTLP: decision 0013) are visible, and their mark never shows.

import {
  BadDataError,
  compareLabels,
  LABELED_LABEL,
  LABELED_VALUE,
  type Labels,
  type OrgId,
  type UnixMs,
} from '@saba/model';
import { type Matcher, matcher } from '@saba/storage';
import type { ApiDeps, PromqlPort } from '../deps.ts';
import type { Handler, Reply, Route } from '../http/route.ts';
import { failure, labelObject, prometheusErrorReply, queryData, queryFailure, success } from './prometheus-json.ts';
import { ALL_TIME, durationParam, formParams, limitParam, timeParam } from './prometheus-params.ts';

/** Prometheus's limit on a range query's points per series (its API refuses more than 11,000 steps). */
const MAX_POINTS_PER_SERIES = 11_000;

/** The Prometheus version whose API this follows: Grafana picks the features it uses by it. */
const PROMETHEUS_API_VERSION = '2.42.0';

const LABELED: Matcher = matcher('=', LABELED_LABEL, LABELED_VALUE);

/** Prometheus's label-name rule. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The Prometheus HTTP API's routes; each read route answers GET and POST (form-encoded), as Prometheus does. */
export function prometheusRoutes(deps: ApiDeps): Route[] {
  const both = (path: string, name: string, handler: Handler): Route[] =>
    (['GET', 'POST'] as const).map((method) => ({
      method,
      path,
      access: 'read',
      name,
      parseJson: false,
      // Grafana sends the key as a custom header (X-Api-Key), as Bearer, or as Basic auth's password.
      senderKeyHeaders: true,
      errorReply: prometheusErrorReply,
      handler,
    }));
  return [
    ...both('/api/v1/query', 'prometheus.query', (ctx) => instantQuery(deps, ctx.principal.orgId, formParams(ctx))),
    ...both('/api/v1/query_range', 'prometheus.query_range', (ctx) =>
      rangeQuery(deps, ctx.principal.orgId, formParams(ctx)),
    ),
    ...both('/api/v1/series', 'prometheus.series', (ctx) => series(deps, ctx.principal.orgId, formParams(ctx))),
    ...both('/api/v1/labels', 'prometheus.labels', (ctx) => labelNames(deps, ctx.principal.orgId, formParams(ctx))),
    ...both('/api/v1/label/:name/values', 'prometheus.label_values', (ctx) =>
      labelValues(deps, ctx.principal.orgId, ctx.params.name as string, formParams(ctx)),
    ),
    ...both('/api/v1/query_exemplars', 'prometheus.query_exemplars', () => success([])),
    // Neither remote_write 1.0 metadata nor OTLP descriptions are stored: an empty object, as a
    // Prometheus that has scraped nothing answers.
    ...both('/api/v1/metadata', 'prometheus.metadata', () => success({})),
    ...both('/api/v1/status/buildinfo', 'prometheus.buildinfo', () =>
      success({
        version: PROMETHEUS_API_VERSION,
        revision: 'saba',
        branch: 'saba',
        buildUser: 'saba',
        buildDate: '',
        goVersion: `node${process.versions.node}`,
      }),
    ),
  ];
}

function engine(deps: ApiDeps): PromqlPort {
  if (deps.promql === undefined) throw new BadDataError('PromQL queries are not available on this server');
  return deps.promql;
}

async function instantQuery(deps: ApiDeps, org: OrgId, p: URLSearchParams): Promise<Reply> {
  const at = timeParam(p, 'time', deps.clock());
  const r = await engine(deps).instant(org, p.get('query') ?? '', at, durationParam(p, 'timeout'));
  if (r.kind === 'error') return queryFailure(r);
  return success(queryData(r, at), r);
}

async function rangeQuery(deps: ApiDeps, org: OrgId, p: URLSearchParams): Promise<Reply> {
  const start = timeParam(p, 'start');
  const end = timeParam(p, 'end');
  if (end < start) return failure('bad_data', 'end timestamp must not be before start time');
  const step = durationParam(p, 'step');
  if (step === undefined) return failure('bad_data', 'invalid parameter "step": cannot parse "" to a valid duration');
  if (step <= 0)
    return failure(
      'bad_data',
      'zero or negative query resolution step widths are not accepted. Try a positive integer',
    );
  // Prometheus's rule: more steps than this is a mistake (a step meant in ms, say), not a query.
  if ((end - start) / step > MAX_POINTS_PER_SERIES)
    return failure(
      'bad_data',
      'exceed maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
    );
  const r = await engine(deps).range(org, p.get('query') ?? '', start, end, step, durationParam(p, 'timeout'));
  if (r.kind === 'error') return queryFailure(r);
  return success(queryData(r, end), r);
}

/** The matcher lists of `match[]`; a list of the labelled mark alone when `optional` and none was given. */
function matchParams(deps: ApiDeps, p: URLSearchParams, optional: boolean): Matcher[][] {
  const selectors = p.getAll('match[]');
  if (selectors.length === 0) {
    if (!optional) throw new BadDataError('no match[] parameter provided');
    return [[LABELED]];
  }
  return selectors.map((s) => engine(deps).seriesMatchers(s));
}

/** The closed range [start, end] of a metadata query; all time when absent. */
function timeRange(p: URLSearchParams): { start: UnixMs; end: UnixMs } {
  const start = timeParam(p, 'start', ALL_TIME.start);
  const end = timeParam(p, 'end', ALL_TIME.end);
  if (end < start) throw new BadDataError('end timestamp must not be before start time');
  return { start, end };
}

/** `limit` applied as Prometheus does: the first `limit` entries and a warning that some were left out. */
function limited<T>(items: T[], limit: number): Reply {
  if (limit > 0 && items.length > limit)
    return success(items.slice(0, limit), { warnings: ['results truncated due to limit'], infos: [] });
  return success(items);
}

function series(deps: ApiDeps, org: OrgId, p: URLSearchParams): Reply {
  const matchers = matchParams(deps, p, false);
  const limit = limitParam(p);
  const { start, end } = timeRange(p);
  const q = deps.storage.querier(org, start, end);
  const found = new Map<string, Labels>();
  for (const m of matchers)
    for (const s of q.select(m)) {
      const key = s.labels.map((l) => `${l.name}\u0000${l.value}`).join('\u0001');
      if (!found.has(key)) found.set(key, s.labels);
    }
  const sorted = [...found.values()].sort(compareLabels);
  return limited(
    sorted.map((l) => labelObject(l)),
    limit,
  );
}

function labelNames(deps: ApiDeps, org: OrgId, p: URLSearchParams): Reply {
  const matchers = matchParams(deps, p, true);
  const limit = limitParam(p);
  const { start, end } = timeRange(p);
  const q = deps.storage.querier(org, start, end);
  const names = new Set<string>();
  for (const m of matchers) for (const n of q.labelNames(m)) if (n !== LABELED_LABEL) names.add(n);
  return limited([...names].sort(), limit);
}

function labelValues(deps: ApiDeps, org: OrgId, name: string, p: URLSearchParams): Reply {
  if (!LABEL_NAME.test(name)) throw new BadDataError(`invalid label name: ${JSON.stringify(name)}`);
  const matchers = matchParams(deps, p, true);
  const limit = limitParam(p);
  const { start, end } = timeRange(p);
  const q = deps.storage.querier(org, start, end);
  const values = new Set<string>();
  // The mark itself is no label of any series, as far as the API shows.
  if (name !== LABELED_LABEL) for (const m of matchers) for (const v of q.labelValues(name, m)) values.add(v);
  return limited([...values].sort(), limit);
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { listGraphDefs, listHosts, listServices } from '../../api/hosts.ts';
import {
  type GraphAnnotation,
  listAnnotations,
  roleMetricNames,
  serviceMetric,
  serviceMetricNames,
} from '../../api/services.ts';
import type { GraphDef, Service } from '../../api/types.ts';
import { Link } from '../../app/Link.tsx';
import { navigate, usePlace, withQuery } from '../../app/router.ts';
import { useMinute } from '../../app/use-minute.ts';
import { AnnotationForm } from '../annotations/AnnotationForm.tsx';
import { AnnotationList } from '../annotations/AnnotationList.tsx';
import { annotationBands } from '../annotations/annotation-scope.ts';
import { type DragMode, DragModeSwitch } from '../annotations/DragMode.tsx';
import { GraphCard } from '../graphs/GraphCard.tsx';
import { createLimiter } from '../graphs/limiter.ts';
import { RangeBar } from '../graphs/RangeBar.tsx';
import { type GraphRange, isLive, parseRange, rangeQuery, rangeWindow, zoomRange } from '../graphs/ranges.ts';
import { type GraphSpec, groupMetrics } from '../host/graph-groups.ts';
import { countHosts, type ServiceHostCounts } from './host-counts.ts';
import { RoleGraphCard } from './RoleGraphCard.tsx';
import { SIMPLIFY_OVER } from './role-series.ts';

/** Requests in flight at once for the whole page, as on the host page (see limiter.ts). */
const CONCURRENT_METRIC_REQUESTS = 6;

/**
 * A service: a tab of its service metric graphs and one per role with role graphs, the graph
 * annotations drawn on them and listed underneath; dragging zooms, or in annotate mode opens the
 * form for a new annotation of the dragged window.
 */
export function ServicePage({ name, role }: { name: string; role?: string }) {
  const place = usePlace();
  const range = parseRange(place.query);
  const rangeKey = rangeQuery(range).flat().join('=');
  const tick = useMinute(isLive(range));
  const [service, setService] = useState<Service | null | undefined>(undefined);
  const [counts, setCounts] = useState<ServiceHostCounts | undefined>(undefined);
  const [defs, setDefs] = useState<GraphDef[]>([]);
  const [names, setNames] = useState<{ for: string; names: string[] } | undefined>(undefined);
  const [annotations, setAnnotations] = useState<GraphAnnotation[]>([]);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  const [mode, setMode] = useState<DragMode>('zoom');
  const [draft, setDraft] = useState<{ from: number; to: number } | undefined>(undefined);
  const [showAll, setShowAll] = useState(false);
  const limit = useMemo(() => createLimiter(CONCURRENT_METRIC_REQUESTS), []);
  const window = useMemo(() => rangeWindow(range, Date.now() / 1000), [rangeKey, tick]);
  const tab = role ?? '';
  useEffect(() => {
    document.title = `${role === undefined ? name : `${name}: ${role}`} · Saba`;
  }, [name, role]);
  useEffect(() => {
    const ac = new AbortController();
    const s = ac.signal;
    Promise.all([listServices(s), listHosts(s), listGraphDefs(s)]).then(
      ([all, hosts, d]) => {
        setService(all.find((x) => x.name === name) ?? null);
        setCounts(countHosts(hosts).get(name));
        setDefs(d);
        setError('');
      },
      (err: Error) => {
        if (!s.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [name, tick]);
  useEffect(() => {
    if (!service) return undefined;
    const ac = new AbortController();
    const known = role === undefined || service.roles.includes(role);
    if (!known) return undefined;
    (role === undefined ? serviceMetricNames(name, ac.signal) : roleMetricNames(name, role, ac.signal)).then(
      (n) => setNames({ for: tab, names: n }),
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [service, name, role, tick]);
  useEffect(() => {
    if (!service) return undefined;
    const ac = new AbortController();
    listAnnotations(name, window.from, window.to, ac.signal).then(setAnnotations, (err: Error) => {
      if (!ac.signal.aborted) setError(err.message);
    });
    return () => ac.abort();
  }, [service, name, window, reload]);
  const graphs = useMemo(
    (): GraphSpec[] | undefined => (names?.for === tab ? groupMetrics(names.names, defs) : undefined),
    [names, tab, defs],
  );
  const bands = useMemo(() => annotationBands(annotations, role), [annotations, role]);
  const setRange = (r: GraphRange) => navigate(withQuery(place.path, rangeQuery(r)));
  const onSelect = (from: number, to: number) => {
    if (mode === 'annotate') {
      setDraft({ from: Math.floor(Math.min(from, to)), to: Math.ceil(Math.max(from, to)) });
      return;
    }
    const r = zoomRange(from, to);
    if (r !== undefined) setRange(r);
  };
  const base = `/services/${encodeURIComponent(name)}`;
  const q = withQuery('', rangeQuery(range));
  const roleHosts = role === undefined ? 0 : (counts?.roles[role] ?? 0);
  if (service === null) {
    return (
      <section class="page">
        <h1 tabIndex={-1}>Service not found</h1>
        <p>
          There is no service {name}. <Link href="/services">Go to the services</Link>.
        </p>
      </section>
    );
  }
  const unknownRole = service !== undefined && role !== undefined && !service.roles.includes(role);
  return (
    <section class="page service-page">
      <p class="muted">
        <Link href="/services">Services</Link> /
      </p>
      <h1 tabIndex={-1}>{role === undefined ? name : `${name}: ${role}`}</h1>
      {service?.memo ? <p class="memo">{service.memo}</p> : null}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {service === undefined ? (
        error === '' && <p class="muted">Loading…</p>
      ) : (
        <>
          <nav class="tabs" aria-label={`Graphs of ${name}`}>
            <Link href={base + q} aria-current={role === undefined ? 'page' : undefined}>
              Service metrics
            </Link>
            {service.roles.map((r) => (
              <Link
                key={r}
                href={`${base}/roles/${encodeURIComponent(r)}${q}`}
                aria-current={r === role ? 'page' : undefined}
              >
                {r} ({counts?.roles[r] ?? 0})
              </Link>
            ))}
          </nav>
          {unknownRole ? (
            <p class="error" role="alert">
              {name} has no role {role}.
            </p>
          ) : (
            <section class="graphs" aria-labelledby="graphs-title">
              <h2 id="graphs-title">{role === undefined ? 'Service metrics' : `Role graphs: ${role}`}</h2>
              <RangeBar range={range} onChange={setRange} />
              <div class="graph-controls">
                <DragModeSwitch
                  mode={mode}
                  onChange={(m) => {
                    setMode(m);
                    setDraft(undefined);
                  }}
                />
                {role !== undefined && roleHosts > SIMPLIFY_OVER && (
                  <label>
                    <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />{' '}
                    Show all hosts ({roleHosts})
                  </label>
                )}
              </div>
              {draft !== undefined && (
                <AnnotationForm
                  service={name}
                  roles={service.roles}
                  initial={{ ...draft, roles: role === undefined ? [] : [role] }}
                  onSaved={() => {
                    setDraft(undefined);
                    setReload((n) => n + 1);
                  }}
                  onCancel={() => setDraft(undefined)}
                />
              )}
              {graphs === undefined ? (
                <p class="muted">Loading…</p>
              ) : graphs.length === 0 ? (
                <p class="muted">
                  {role === undefined
                    ? 'No service metrics posted yet (POST /api/v0/services/<name>/tsdb, or mkr throw --service).'
                    : 'No metrics from the hosts of this role yet.'}
                </p>
              ) : (
                <div class="graph-grid">
                  {graphs.map((g) =>
                    role === undefined ? (
                      <GraphCard
                        key={g.key}
                        source={`service:${name}`}
                        read={(metric, from, to, signal) => serviceMetric(name, metric, from, to, signal)}
                        spec={g}
                        from={window.from}
                        to={window.to}
                        limit={limit}
                        bands={bands}
                        onZoom={onSelect}
                      />
                    ) : (
                      <RoleGraphCard
                        key={`${role}:${g.key}`}
                        service={name}
                        role={role}
                        spec={g}
                        from={window.from}
                        to={window.to}
                        limit={limit}
                        showAll={showAll}
                        bands={bands}
                        onSelect={onSelect}
                      />
                    ),
                  )}
                </div>
              )}
            </section>
          )}
          <AnnotationList
            service={name}
            roles={service.roles}
            annotations={role === undefined ? annotations : annotations.filter((a) => bands.some((b) => b.id === a.id))}
            onChanged={() => setReload((n) => n + 1)}
          />
        </>
      )}
    </section>
  );
}

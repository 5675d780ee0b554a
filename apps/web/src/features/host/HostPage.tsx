import { useEffect, useMemo, useState } from 'preact/hooks';
import { getHost, hostMetric, listGraphDefs, metricNames, openAlerts } from '../../api/hosts.ts';
import { type GraphAnnotation, listAnnotations } from '../../api/services.ts';
import type { Alert, Host } from '../../api/types.ts';
import { navigate, usePlace, withQuery } from '../../app/router.ts';
import { HostStatusBadge } from '../../app/StatusBadge.tsx';
import { useMinute } from '../../app/use-minute.ts';
import { hostAnnotationBands } from '../annotations/annotation-scope.ts';
import { GraphCard } from '../graphs/GraphCard.tsx';
import { createLimiter } from '../graphs/limiter.ts';
import { RangeBar } from '../graphs/RangeBar.tsx';
import { type GraphRange, isLive, parseRange, rangeQuery, rangeWindow, zoomRange } from '../graphs/ranges.ts';
import { hostLabel } from '../hosts/host-filter.ts';
import { type GraphSpec, groupMetrics } from './graph-groups.ts';
import { HostAlerts } from './HostAlerts.tsx';
import { HostHeader } from './HostHeader.tsx';
import { HostSpecPanel } from './HostSpecPanel.tsx';

/** Metric requests in flight at once for the whole page (see limiter.ts). */
const CONCURRENT_METRIC_REQUESTS = 6;

/** One host: name, status and actions, open alerts, every metric group as a graph, and its spec. */
export function HostPage({ id }: { id: string }) {
  const place = usePlace();
  const range = parseRange(place.query);
  const rangeKey = rangeQuery(range).flat().join('=');
  const tick = useMinute(isLive(range));
  const [host, setHost] = useState<Host | undefined>(undefined);
  const [graphs, setGraphs] = useState<GraphSpec[] | undefined>(undefined);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  // One limiter for every graph of the page, so 60 metrics make at most 6 requests at a time.
  const limit = useMemo(() => createLimiter(CONCURRENT_METRIC_REQUESTS), []);
  const window = useMemo(() => rangeWindow(range, Date.now() / 1000), [rangeKey, tick]);
  useEffect(() => {
    const ac = new AbortController();
    const s = ac.signal;
    Promise.all([getHost(id, s), metricNames(id, s), listGraphDefs(s), openAlerts(s)]).then(
      ([h, names, defs, open]) => {
        setHost(h);
        setGraphs(groupMetrics(names, defs));
        setAlerts(open.filter((a) => a.hostId === id));
        setError('');
      },
      (err: Error) => {
        if (!s.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [id, tick, reload]);
  useEffect(() => {
    if (host !== undefined) document.title = `${hostLabel(host)} · Saba`;
  }, [host]);
  // Annotations of the host's services, one request per service (features §1.7).
  const [annotations, setAnnotations] = useState<GraphAnnotation[]>([]);
  const services = host === undefined ? '' : Object.keys(host.roles).sort().join('\n');
  useEffect(() => {
    if (services === '') return undefined;
    const ac = new AbortController();
    Promise.all(services.split('\n').map((s) => listAnnotations(s, window.from, window.to, ac.signal))).then(
      (lists) => setAnnotations(lists.flat()),
      () => setAnnotations([]),
    );
    return () => ac.abort();
  }, [services, window]);
  const bands = useMemo(
    () => (host === undefined ? [] : hostAnnotationBands(annotations, host.roles)),
    [annotations, host],
  );
  const setRange = (r: GraphRange) => navigate(withQuery(place.path, rangeQuery(r)));
  const zoom = (from: number, to: number) => {
    const r = zoomRange(from, to);
    if (r !== undefined) setRange(r);
  };
  return (
    <section class="page host-page">
      <div class="host-title">
        <h1 tabIndex={-1}>{host === undefined ? 'Host' : hostLabel(host)}</h1>
        {host !== undefined && <HostStatusBadge status={host.status} />}
        {host?.isRetired && <span class="badge retired">retired</span>}
      </div>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {host === undefined ? (
        error === '' && <p class="muted">Loading…</p>
      ) : (
        <>
          <HostHeader
            host={host}
            onChanged={() => setReload((r) => r + 1)}
            onRetired={() => navigate('/hosts')}
            onError={setError}
          />
          <div class="host-layout">
            <div class="host-main">
              <HostAlerts alerts={alerts} />
              <section class="graphs" aria-labelledby="graphs-title">
                <h2 id="graphs-title">Graphs</h2>
                <RangeBar range={range} onChange={setRange} />
                {graphs === undefined || graphs.length === 0 ? (
                  <p class="muted">No metrics posted yet.</p>
                ) : (
                  <div class="graph-grid">
                    {graphs.map((g) => (
                      <GraphCard
                        key={g.key}
                        source={`host:${id}`}
                        read={(metric, from, to, signal) => hostMetric(id, metric, from, to, signal)}
                        spec={g}
                        from={window.from}
                        to={window.to}
                        limit={limit}
                        onZoom={zoom}
                        bands={bands}
                      />
                    ))}
                  </div>
                )}
              </section>
            </div>
            <aside class="host-side">
              <HostSpecPanel host={host} />
            </aside>
          </div>
        </>
      )}
    </section>
  );
}

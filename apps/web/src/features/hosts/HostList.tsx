import { useEffect, useMemo, useState } from 'preact/hooks';
import { latestValues, listHosts, listServices } from '../../api/hosts.ts';
import type { Host, Service } from '../../api/types.ts';
import { navigate, usePlace, withQuery } from '../../app/router.ts';
import { useMinute } from '../../app/use-minute.ts';
import { createLimiter } from '../graphs/limiter.ts';
import { BulkActions } from './BulkActions.tsx';
import { HostFilters } from './HostFilters.tsx';
import { HostTable } from './HostTable.tsx';
import { filterHosts, type HostFilter, hostFilterQuery, parseHostFilter } from './host-filter.ts';
import { batches, KEY_METRIC_NAMES, type KeyMetrics, keyMetrics, LATEST_BATCH } from './key-metrics.ts';

/** Key metrics of the hosts, 100 hosts a request, a few requests at a time, merged in as they come. */
function loadKeyMetrics(hosts: readonly Host[], signal: AbortSignal, merge: (m: Map<string, KeyMetrics>) => void) {
  const limit = createLimiter(4);
  for (const ids of batches(
    hosts.map((h) => h.id),
    LATEST_BATCH,
  )) {
    limit(() => latestValues(ids, KEY_METRIC_NAMES, signal)).then(
      (latest) => merge(new Map(ids.map((id) => [id, keyMetrics(latest[id])]))),
      // A host list without its numbers is still a host list.
      () => {},
    );
  }
}

/** The host list: search and filters in the URL, status, roles, key metrics, bulk status and retire. */
export function HostList() {
  const place = usePlace();
  const filter = parseHostFilter(place.query);
  const [hosts, setHosts] = useState<Host[] | undefined>(undefined);
  const [services, setServices] = useState<Service[]>([]);
  const [metrics, setMetrics] = useState<ReadonlyMap<string, KeyMetrics>>(new Map());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [reload, setReload] = useState(0);
  const tick = useMinute(true);
  useEffect(() => {
    document.title = 'Hosts · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([listHosts(ac.signal), listServices(ac.signal)]).then(
      ([h, s]) => {
        setHosts(h);
        setServices(s);
        setError('');
        const live = new Set(h.map((x) => x.id));
        setSelected((sel) => new Set([...sel].filter((id) => live.has(id))));
        loadKeyMetrics(h, ac.signal, (m) => setMetrics((prev) => new Map([...prev, ...m])));
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [tick, reload]);
  const shown = useMemo(
    () => (hosts === undefined ? [] : filterHosts(hosts, filter)),
    [hosts, filter.q, filter.service, filter.role, filter.status],
  );
  const setFilter = (f: HostFilter) => navigate(withQuery('/hosts', hostFilterQuery(f)), true);
  const toggle = (id: string) =>
    setSelected((sel) => {
      const next = new Set(sel);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = (select: boolean) => setSelected(select ? new Set(shown.map((h) => h.id)) : new Set());
  return (
    <section class="page">
      <h1 tabIndex={-1}>Hosts</h1>
      <HostFilters filter={filter} services={services} onChange={setFilter} />
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {hosts === undefined
          ? 'Loading hosts…'
          : `Showing ${shown.length} of ${hosts.length} host${hosts.length === 1 ? '' : 's'}.`}
        {notice !== '' && ` ${notice}`}
      </p>
      {selected.size > 0 && (
        <BulkActions
          ids={[...selected]}
          onDone={(m) => {
            setNotice(m);
            setSelected(new Set());
            setReload((r) => r + 1);
          }}
          onError={setError}
        />
      )}
      {hosts !== undefined && hosts.length === 0 && (
        <p class="empty">
          No hosts yet. Point mackerel-agent or saba-agent at this server (its <code>apibase</code>) and the host
          appears here within a minute.
        </p>
      )}
      {shown.length > 0 && (
        <HostTable hosts={shown} metrics={metrics} selected={selected} onToggle={toggle} onToggleAll={toggleAll} />
      )}
    </section>
  );
}

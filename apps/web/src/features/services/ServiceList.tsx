import { useEffect, useState } from 'preact/hooks';
import { listHosts, listServices } from '../../api/hosts.ts';
import type { Service } from '../../api/types.ts';
import { Link } from '../../app/Link.tsx';
import { useMinute } from '../../app/use-minute.ts';
import { countHosts, type ServiceHostCounts } from './host-counts.ts';

/** How a count reads: "1 host", "3 hosts". */
function hostsWord(n: number): string {
  return `${n} host${n === 1 ? '' : 's'}`;
}

/** Every service with its memo, its roles and the number of live hosts in each; refreshes each minute. */
export function ServiceList() {
  const tick = useMinute(true);
  const [services, setServices] = useState<Service[] | undefined>(undefined);
  const [counts, setCounts] = useState<Map<string, ServiceHostCounts>>(new Map());
  const [error, setError] = useState('');
  useEffect(() => {
    document.title = 'Services · Saba';
    const ac = new AbortController();
    Promise.all([listServices(ac.signal), listHosts(ac.signal)]).then(
      ([s, hosts]) => {
        setServices([...s].sort((a, b) => (a.name < b.name ? -1 : 1)));
        setCounts(countHosts(hosts));
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [tick]);
  return (
    <section class="page services-page">
      <h1 tabIndex={-1}>Services</h1>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {services === undefined ? (
        error === '' && <p class="muted">Loading…</p>
      ) : services.length === 0 ? (
        <p class="muted">
          No services yet: create one with `mkr services create` or the API, then give hosts its roles.
        </p>
      ) : (
        <ul class="service-list">
          {services.map((s) => {
            const c = counts.get(s.name);
            return (
              <li key={s.name} class="service-item" data-service={s.name}>
                <h2>
                  <Link href={`/services/${encodeURIComponent(s.name)}`}>{s.name}</Link>
                </h2>
                {s.memo !== '' && <p class="memo">{s.memo}</p>}
                <p class="muted service-hosts">{hostsWord(c?.hosts ?? 0)}</p>
                {s.roles.length === 0 ? (
                  <p class="muted">No roles.</p>
                ) : (
                  <ul class="role-counts" aria-label={`Roles of ${s.name}`}>
                    {s.roles.map((r) => (
                      <li key={r} data-role={r}>
                        <Link href={`/services/${encodeURIComponent(s.name)}/roles/${encodeURIComponent(r)}`}>{r}</Link>
                        {': '}
                        <span class="role-count">{hostsWord(c?.roles[r] ?? 0)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

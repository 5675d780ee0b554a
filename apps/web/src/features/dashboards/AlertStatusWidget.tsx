import { useEffect, useState } from 'preact/hooks';
import { roleHosts } from '../../api/dashboards.ts';
import { openAlerts } from '../../api/hosts.ts';
import { Link } from '../../app/Link.tsx';
import { hostLabel } from '../hosts/host-filter.ts';
import { type AlertTile, alertTiles } from './alert-tiles.ts';

const SHAPES = { OK: 'circle', WARNING: 'triangle', CRITICAL: 'diamond', UNKNOWN: 'ring' } as const;

/** An alertStatus widget: the role's hosts as tiles in their worst open alert's colour, shape and word. */
export function AlertStatusWidget({ roleFullname, tick }: { roleFullname: string | null; tick: number }) {
  const [tiles, setTiles] = useState<AlertTile[] | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    if (roleFullname === null) return undefined;
    const ac = new AbortController();
    Promise.all([roleHosts(roleFullname, ac.signal), openAlerts(ac.signal)]).then(
      ([hosts, alerts]) => {
        setTiles(
          alertTiles(
            hosts.map((h) => ({ id: h.id, label: hostLabel(h) })),
            alerts,
          ),
        );
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [roleFullname, tick]);
  if (roleFullname === null) return <p class="widget-notice">The role of this widget was deleted.</p>;
  if (error !== '') return <p class="error">{error}</p>;
  if (tiles === undefined) return <p class="muted">Loading…</p>;
  if (tiles.length === 0) return <p class="muted">No hosts in {roleFullname}.</p>;
  return (
    <ul class="alert-tiles" aria-label={`Hosts of ${roleFullname}`}>
      {tiles.map((t) => (
        <li key={t.hostId}>
          <Link
            href={`/hosts/${encodeURIComponent(t.hostId)}`}
            class={`alert-tile alert-${t.status.toLowerCase()}`}
            title={`${t.label}: ${t.status}`}
          >
            <span class={`shape shape-${SHAPES[t.status]}`} aria-hidden="true" />
            <span class="tile-name">{t.label}</span>
            <span class="visually-hidden"> {t.status}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

import { ALERT_STATUSES, type Alert } from '../../api/types.ts';
import { AlertStatusBadge } from '../../app/StatusBadge.tsx';

/** The host's open alerts, most severe first, then newest first. */
export function HostAlerts({ alerts }: { alerts: readonly Alert[] }) {
  const sorted = [...alerts].sort(
    (a, b) => ALERT_STATUSES.indexOf(a.status) - ALERT_STATUSES.indexOf(b.status) || b.openedAt - a.openedAt,
  );
  return (
    <section class="panel alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Open alerts</h2>
      {sorted.length === 0 ? (
        <p class="muted">No open alerts.</p>
      ) : (
        <ul class="alert-list">
          {sorted.map((a) => (
            <li key={a.id}>
              <AlertStatusBadge status={a.status} />
              <span class="alert-text">{a.message ?? `${a.type} monitor ${a.monitorId}`}</span>
              <time class="muted" dateTime={new Date(a.openedAt * 1000).toISOString()}>
                since {new Date(a.openedAt * 1000).toLocaleString()}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

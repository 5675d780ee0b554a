import { Link } from '../../app/Link.tsx';
import { useOpenAlerts } from '../../app/use-open-alerts.ts';
import { countText } from './alert-view.ts';

/** The navigation's Alerts link with the count of open alerts, live on every page. */
export function AlertsNavLink({ current }: { current: boolean }) {
  const { alerts } = useOpenAlerts();
  const n = alerts?.length ?? 0;
  return (
    <Link href="/alerts" aria-current={current ? 'page' : undefined} class="alerts-nav">
      Alerts
      {n > 0 && (
        <span class="nav-count" data-count={n}>
          {countText(n)}
          <span class="visually-hidden"> open</span>
        </span>
      )}
    </Link>
  );
}

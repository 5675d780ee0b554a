import { useEffect, useRef, useState } from 'preact/hooks';
import { alertPage, type FullAlert } from '../../api/alerts.ts';
import { Link } from '../../app/Link.tsx';
import { usePlace } from '../../app/router.ts';
import { useOpenAlerts } from '../../app/use-open-alerts.ts';
import { AlertTable } from './AlertTable.tsx';
import { newAlertIds, sortOpenAlerts } from './alert-view.ts';
import { useAlertNames } from './use-alert-names.tsx';

/** The open alerts, live: new ones appear (and are announced) without a reload. */
function OpenAlerts() {
  const { alerts, error } = useOpenAlerts();
  const names = useAlertNames(alerts?.length ?? 0);
  const seen = useRef<readonly FullAlert[] | undefined>(undefined);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (alerts === undefined) return;
    // The first list is what the page opened with; only later arrivals are "new".
    if (seen.current !== undefined) {
      const ids = newAlertIds(seen.current, alerts);
      if (ids.length > 0) setFresh(new Set(ids));
    }
    seen.current = alerts;
  }, [alerts]);
  const sorted = alerts === undefined ? [] : sortOpenAlerts(alerts);
  return (
    <>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {alerts === undefined
          ? 'Loading alerts…'
          : `${alerts.length} open alert${alerts.length === 1 ? '' : 's'}.${fresh.size > 0 ? ` ${fresh.size} new.` : ''}`}
      </p>
      {alerts !== undefined && alerts.length === 0 && <p class="empty">No open alerts. Everything is OK.</p>}
      {sorted.length > 0 && (
        <AlertTable alerts={sorted} names={names} closed={false} nowSec={Date.now() / 1000} fresh={fresh} />
      )}
    </>
  );
}

/** Closed alerts, newest first, a page at a time (the API's `withClosed` pages hold open ones too). */
function ClosedAlerts() {
  const [alerts, setAlerts] = useState<FullAlert[]>([]);
  const [next, setNext] = useState<string | undefined>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const names = useAlertNames(0);
  const load = (from: string) => {
    setBusy(true);
    alertPage(true, from).then(
      (page) => {
        setAlerts((prev) => [...prev, ...page.alerts.filter((a) => a.closedAt !== undefined)]);
        setNext(page.nextId);
        setBusy(false);
        setError('');
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  useEffect(() => load(''), []);
  return (
    <>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {busy && alerts.length === 0
          ? 'Loading alerts…'
          : `${alerts.length} closed alert${alerts.length === 1 ? '' : 's'} shown.`}
      </p>
      {alerts.length > 0 && <AlertTable alerts={alerts} names={names} closed nowSec={Date.now() / 1000} />}
      {next !== undefined && next !== '' && (
        <p>
          <button type="button" disabled={busy} onClick={() => load(next)}>
            {busy ? 'Loading…' : 'Show older alerts'}
          </button>
        </p>
      )}
      {!busy && next === undefined && alerts.length === 0 && <p class="empty">No closed alerts.</p>}
    </>
  );
}

/** The alerts page: open alerts (live) and closed alerts, as two tabs kept in the address. */
export function AlertsPage() {
  const place = usePlace();
  const closed = place.query.get('tab') === 'closed';
  useEffect(() => {
    document.title = 'Alerts · Saba';
  }, []);
  return (
    <section class="page alerts-page">
      <h1 tabIndex={-1}>Alerts</h1>
      <nav class="tabs" aria-label="Alerts">
        <Link href="/alerts" aria-current={closed ? undefined : 'page'}>
          Open
        </Link>
        <Link href="/alerts?tab=closed" aria-current={closed ? 'page' : undefined}>
          Closed
        </Link>
      </nav>
      {closed ? <ClosedAlerts /> : <OpenAlerts />}
    </section>
  );
}

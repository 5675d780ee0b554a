import { useEffect, useState } from 'preact/hooks';
import { type AlertLog, alertLogs, closeAlert, type FullAlert, getAlert, setAlertMemo } from '../../api/alerts.ts';
import { Link } from '../../app/Link.tsx';
import { AlertStatusBadge } from '../../app/StatusBadge.tsx';
import { refreshOpenAlerts } from '../../app/use-open-alerts.ts';
import { alertDuration, targetText, valueText } from './alert-view.ts';
import { monitorName, monitorService, useAlertNames } from './use-alert-names.tsx';

function time(sec: number): string {
  return new Date(sec * 1000).toLocaleString();
}

/** The memo: a text area and Save; the saved text shows as "Saved." until it is edited again. */
function MemoForm({ alert }: { alert: FullAlert }) {
  const [memo, setMemo] = useState(alert.memo ?? '');
  const [state, setState] = useState<'' | 'saving' | 'saved'>('');
  const [error, setError] = useState('');
  const save = (e: Event) => {
    e.preventDefault();
    setState('saving');
    setAlertMemo(alert.id, memo).then(
      () => {
        setState('saved');
        setError('');
      },
      (err: Error) => {
        setState('');
        setError(err.message);
      },
    );
  };
  return (
    <form class="panel memo-form" onSubmit={save}>
      <label>
        <span>Memo</span>
        <textarea
          name="memo"
          rows={4}
          value={memo}
          onInput={(e) => {
            setMemo(e.currentTarget.value);
            setState('');
          }}
        />
      </label>
      <div class="form-actions">
        <button type="submit" disabled={state === 'saving'}>
          Save memo
        </button>
        <span aria-live="polite" class="muted">
          {state === 'saved' ? 'Saved.' : ''}
        </span>
      </div>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Closing by hand: the reason is required (spec features §2.1). */
function CloseForm({ alert, onClosed }: { alert: FullAlert; onClosed: (a: FullAlert) => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const close = (e: Event) => {
    e.preventDefault();
    if (reason.trim() === '') {
      setError('Say why the alert is closed: a reason is required.');
      return;
    }
    setBusy(true);
    closeAlert(alert.id, reason.trim()).then(
      (closed) => {
        setBusy(false);
        onClosed(closed);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  return (
    <form class="panel close-form" onSubmit={close} noValidate>
      <label>
        <span>Reason for closing (required)</span>
        <textarea
          name="reason"
          rows={2}
          required
          aria-invalid={error !== '' ? true : undefined}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <div class="form-actions">
        <button type="submit" class="danger" disabled={busy}>
          Close alert
        </button>
      </div>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** One alert: its status, target and value, memo, a close form while open, and its log. */
export function AlertDetail({ id }: { id: string }) {
  const [alert, setAlert] = useState<FullAlert | undefined>(undefined);
  const [logs, setLogs] = useState<AlertLog[]>([]);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  const names = useAlertNames(0);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([getAlert(id, ac.signal), alertLogs(id, ac.signal)]).then(
      ([a, l]) => {
        setAlert(a);
        setLogs(l);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [id, reload]);
  useEffect(() => {
    document.title = `Alert ${id} · Saba`;
  }, [id]);
  if (alert === undefined) {
    return (
      <section class="page">
        <h1 tabIndex={-1}>Alert {id}</h1>
        {error !== '' ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </section>
    );
  }
  const open = alert.closedAt === undefined;
  const target = targetText(alert, names.hosts, monitorService(names, alert.monitorId));
  return (
    <section class="page alert-detail">
      <p class="breadcrumb">
        <Link href={open ? '/alerts' : '/alerts?tab=closed'}>← Alerts</Link>
      </p>
      <h1 tabIndex={-1}>{monitorName(names, alert.monitorId)}</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          {open ? (
            <AlertStatusBadge status={alert.status} />
          ) : (
            <span class="badge closed">
              <span class="shape shape-square" aria-hidden="true" />
              closed
            </span>
          )}
        </dd>
        <dt>{alert.hostId !== undefined ? 'Host' : 'Target'}</dt>
        <dd>
          {alert.hostId !== undefined ? (
            <Link href={`/hosts/${encodeURIComponent(alert.hostId)}`} class="host-link">
              {target}
            </Link>
          ) : (
            target || '—'
          )}
        </dd>
        <dt>{alert.value !== undefined ? 'Value' : 'Message'}</dt>
        <dd class="value">{valueText(alert) || '—'}</dd>
        <dt>Opened</dt>
        <dd>
          {time(alert.openedAt)} ({open ? 'open for ' : 'lasted '}
          {alertDuration(alert, Date.now() / 1000)})
        </dd>
        {!open && (
          <>
            <dt>Closed</dt>
            <dd>
              {time(alert.closedAt as number)}
              {alert.reason !== undefined && `: ${alert.reason}`}
            </dd>
          </>
        )}
        <dt>Monitor</dt>
        <dd>
          {names.monitors.get(alert.monitorId)?.type !== 'check' && names.monitors.has(alert.monitorId) ? (
            <Link href={`/monitors/${encodeURIComponent(alert.monitorId)}`}>Edit the monitor</Link>
          ) : (
            <span class="muted">{alert.type}</span>
          )}
        </dd>
      </dl>
      <MemoForm alert={alert} />
      {open && (
        <CloseForm
          alert={alert}
          onClosed={(closed) => {
            setAlert(closed);
            setReload((r) => r + 1);
            void refreshOpenAlerts();
          }}
        />
      )}
      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title">Log</h2>
        {logs.length === 0 ? (
          <p class="muted">No entries.</p>
        ) : (
          <ol class="alert-log">
            {logs.map((l) => (
              <li key={l.id}>
                <AlertStatusBadge status={l.status} />
                <span>{l.trigger}</span>
                {l.targetValue !== null && <span class="value">{valueText({ ...alert, value: l.targetValue })}</span>}
                {l.statusDetail?.detail?.message !== undefined && <span>{l.statusDetail.detail.message}</span>}
                <time class="muted" dateTime={new Date(l.createdAt * 1000).toISOString()}>
                  {time(l.createdAt)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

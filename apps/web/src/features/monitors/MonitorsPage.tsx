import { useEffect, useState } from 'preact/hooks';
import { deleteMonitor, listMonitors, type MonitorJson } from '../../api/monitors.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { Link } from '../../app/Link.tsx';
import { isFormType, MONITOR_TYPES, TYPE_LABELS } from './monitor-form.ts';
import { conditionSummary, targetSummary } from './monitor-summary.ts';

/** The monitors of one type as a table. */
function TypeTable({ monitors, onDelete }: { monitors: readonly MonitorJson[]; onDelete: (m: MonitorJson) => void }) {
  return (
    <div class="table-wrap">
      <table class="monitors-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Target</th>
            <th scope="col" class="col-optional">
              Alerts when
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {monitors.map((m) => (
            <tr key={m.id} data-monitor={m.id}>
              <th scope="row">
                <Link href={`/monitors/${encodeURIComponent(m.id)}`} class="monitor-link">
                  {m.name}
                </Link>
                {m.isMute === true && <span class="chip muted-chip">muted</span>}
              </th>
              <td class="target">
                <code>{targetSummary(m)}</code>
              </td>
              <td class="col-optional">{conditionSummary(m)}</td>
              <td class="actions">
                <button type="button" class="danger" onClick={() => onDelete(m)} aria-label={`Delete ${m.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The monitor list by type, with create, edit and (after a confirmation) delete. */
export function MonitorsPage() {
  const [monitors, setMonitors] = useState<MonitorJson[] | undefined>(undefined);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [doomed, setDoomed] = useState<MonitorJson | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    document.title = 'Monitors · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    listMonitors(ac.signal).then(setMonitors, (err: Error) => {
      if (!ac.signal.aborted) setError(err.message);
    });
    return () => ac.abort();
  }, [reload]);
  const remove = (m: MonitorJson) => {
    setBusy(true);
    deleteMonitor(m.id).then(
      () => {
        setBusy(false);
        setDoomed(undefined);
        setNotice(`Deleted ${m.name}.`);
        setReload((r) => r + 1);
      },
      (err: Error) => {
        setBusy(false);
        setDoomed(undefined);
        setError(err.message);
      },
    );
  };
  return (
    <section class="page monitors-page">
      <div class="page-head">
        <h1 tabIndex={-1}>Monitors</h1>
        <Link href="/monitors/new" class="button primary">
          New monitor
        </Link>
      </div>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line" aria-live="polite">
        {monitors === undefined
          ? 'Loading monitors…'
          : `${monitors.length} monitor${monitors.length === 1 ? '' : 's'}.`}
        {notice !== '' && ` ${notice}`}
      </p>
      {MONITOR_TYPES.map((type) => {
        const list = (monitors ?? []).filter((m) => m.type === type);
        if (list.length === 0) return null;
        return (
          <section key={type} class="monitor-type" aria-labelledby={`type-${type}`}>
            <h2 id={`type-${type}`}>{TYPE_LABELS[type]}</h2>
            <TypeTable monitors={list} onDelete={setDoomed} />
          </section>
        );
      })}
      {monitors?.some((m) => !isFormType(m.type)) && (
        <p class="muted">Some monitors are of a type this page does not know.</p>
      )}
      {doomed !== undefined && (
        <ConfirmDialog
          title={`Delete ${doomed.name}?`}
          confirmLabel="Delete monitor"
          danger
          busy={busy}
          onCancel={() => setDoomed(undefined)}
          onConfirm={() => remove(doomed)}
        >
          <p>Its open alerts close with the reason "delete monitor". This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useEffect, useMemo, useState } from 'preact/hooks';
import { type DowntimeJson, deleteDowntime, listDowntimes } from '../../api/downtimes.ts';
import { listServices } from '../../api/hosts.ts';
import { listMonitors, type MonitorJson } from '../../api/monitors.ts';
import type { Service } from '../../api/types.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { DowntimeForm } from './DowntimeForm.tsx';
import { scopeText, whenText } from './downtime-form.ts';

/** The downtimes: a list with when and what each covers, and a form to create or edit one. */
export function DowntimesPage() {
  const [downtimes, setDowntimes] = useState<DowntimeJson[] | undefined>(undefined);
  const [services, setServices] = useState<Service[]>([]);
  const [monitors, setMonitors] = useState<MonitorJson[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // null: no form; 'new': the create form; otherwise the id being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const [doomed, setDoomed] = useState<DowntimeJson | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    document.title = 'Downtimes · Saba';
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    Promise.all([listDowntimes(ac.signal), listServices(ac.signal), listMonitors(ac.signal)]).then(
      ([d, s, m]) => {
        setDowntimes(d);
        setServices(s);
        setMonitors(m);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [reload]);
  const monitorNames = useMemo(() => new Map(monitors.map((m) => [m.id, m.name])), [monitors]);
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    setReload((r) => r + 1);
  };
  const remove = (d: DowntimeJson) => {
    setBusy(true);
    deleteDowntime(d.id).then(
      () => {
        setBusy(false);
        setDoomed(undefined);
        done(`Deleted ${d.name}.`);
      },
      (err: Error) => {
        setBusy(false);
        setDoomed(undefined);
        setError(err.message);
      },
    );
  };
  const edited = downtimes?.find((d) => d.id === editing);
  return (
    <section class="page downtimes-page">
      <div class="page-head">
        <h1 tabIndex={-1}>Downtimes</h1>
        {editing === null && (
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            New downtime
          </button>
        )}
      </div>
      <p class="muted">During a downtime no alerts open for what it covers; alerts already open stay open.</p>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {editing !== null && (editing === 'new' || edited !== undefined) && (
        <DowntimeForm
          key={editing}
          {...(edited !== undefined ? { downtime: edited } : {})}
          services={services}
          monitors={monitors}
          onDone={(d) => done(`${editing === 'new' ? 'Created' : 'Saved'} ${d.name}.`)}
          onCancel={() => setEditing(null)}
        />
      )}
      <p class="status-line" aria-live="polite">
        {downtimes === undefined
          ? 'Loading downtimes…'
          : `${downtimes.length} downtime${downtimes.length === 1 ? '' : 's'}.`}
        {notice !== '' && ` ${notice}`}
      </p>
      {downtimes !== undefined && downtimes.length > 0 && (
        <div class="table-wrap">
          <table class="downtimes-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">When</th>
                <th scope="col" class="col-optional">
                  Covers
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {downtimes.map((d) => (
                <tr key={d.id} data-downtime={d.id}>
                  <th scope="row">
                    {d.name}
                    {d.memo !== undefined && <span class="muted memo">{d.memo}</span>}
                  </th>
                  <td>{whenText(d)}</td>
                  <td class="col-optional">{scopeText(d, monitorNames)}</td>
                  <td class="actions">
                    <button type="button" onClick={() => setEditing(d.id)} aria-label={`Edit ${d.name}`}>
                      Edit
                    </button>
                    <button type="button" class="danger" onClick={() => setDoomed(d)} aria-label={`Delete ${d.name}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {doomed !== undefined && (
        <ConfirmDialog
          title={`Delete ${doomed.name}?`}
          confirmLabel="Delete downtime"
          danger
          busy={busy}
          onCancel={() => setDoomed(undefined)}
          onConfirm={() => remove(doomed)}
        >
          <p>Alerts it would have held back open again as usual.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { createDashboard, type Dashboard, deleteDashboard, listDashboards } from '../../api/dashboards.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { Link } from '../../app/Link.tsx';
import { navigate } from '../../app/router.ts';

/** The address of a dashboard's page: its urlPath, whose slashes stay path separators. */
export function dashboardHref(d: { urlPath: string }): string {
  return `/dashboards/${d.urlPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The dashboards: title, memo and urlPath; create one, delete one after confirming. */
export function DashboardList() {
  const [dashboards, setDashboards] = useState<Dashboard[] | undefined>(undefined);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  const [form, setForm] = useState({ title: '', urlPath: '', memo: '' });
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [doomed, setDoomed] = useState<Dashboard | undefined>(undefined);
  useEffect(() => {
    document.title = 'Dashboards · Saba';
    const ac = new AbortController();
    listDashboards(ac.signal).then(
      (d) => {
        setDashboards(d);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [reload]);
  const create = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    createDashboard(form).then(
      (d) => {
        setBusy(false);
        navigate(dashboardHref(d));
      },
      (err: Error) => {
        setBusy(false);
        setFormError(err.message);
      },
    );
  };
  const remove = () => {
    if (doomed === undefined) return;
    setBusy(true);
    deleteDashboard(doomed.id).then(
      () => {
        setBusy(false);
        setDoomed(undefined);
        setReload((r) => r + 1);
      },
      (err: Error) => {
        setBusy(false);
        setDoomed(undefined);
        setError(err.message);
      },
    );
  };
  const field = (name: 'title' | 'urlPath' | 'memo') => ({
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <section class="page dashboards-page">
      <h1 tabIndex={-1}>Dashboards</h1>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {dashboards === undefined ? (
        error === '' && <p class="muted">Loading…</p>
      ) : dashboards.length === 0 ? (
        <p class="muted">No dashboards yet.</p>
      ) : (
        <ul class="dashboard-list">
          {dashboards.map((d) => (
            <li key={d.id}>
              <div>
                <Link href={dashboardHref(d)} class="dashboard-link">
                  {d.title}
                </Link>
                <span class="muted url-path"> /{d.urlPath}</span>
                {d.memo !== '' && <p class="memo">{d.memo}</p>}
              </div>
              <button type="button" class="danger" onClick={() => setDoomed(d)} aria-label={`Delete ${d.title}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="dashboard-create" onSubmit={create}>
        <h2>New dashboard</h2>
        <label>
          Title
          <input {...field('title')} required />
        </label>
        <label>
          URL path <span class="muted">(letters, digits, - and _, segments split by /; empty makes one up)</span>
          <input {...field('urlPath')} />
        </label>
        <label>
          Memo
          <textarea {...field('memo')} rows={2} />
        </label>
        {formError !== '' && (
          <p class="error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          Create
        </button>
      </form>
      {doomed !== undefined && (
        <ConfirmDialog
          title={`Delete "${doomed.title}"?`}
          confirmLabel="Delete dashboard"
          danger
          busy={busy}
          onConfirm={remove}
          onCancel={() => setDoomed(undefined)}
        >
          <p>The dashboard and its widgets are deleted. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { listHosts, listServices, metricNames } from '../../api/hosts.ts';
import { createMonitor, getMonitor, type MonitorJson, updateMonitor } from '../../api/monitors.ts';
import type { Service } from '../../api/types.ts';
import { Link } from '../../app/Link.tsx';
import { navigate } from '../../app/router.ts';
import { createLimiter } from '../graphs/limiter.ts';
import { MonitorField } from './MonitorField.tsx';
import {
  checkMonitor,
  type FieldValue,
  type FormType,
  type FormValues,
  formBody,
  formFields,
  formValues,
  isFormType,
  MONITOR_TYPES,
  newFormValues,
  RATE_METRIC_NAMES,
  TYPE_LABELS,
} from './monitor-form.ts';

/** Metric names are gathered from this many hosts: enough to offer the usual names without a request per host of a large fleet. */
const METRIC_NAME_HOSTS = 20;

/** The metric names the first hosts have posted, for the host monitor's metric suggestions (free text stays allowed). */
function useHostMetricNames(wanted: boolean): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!wanted) return undefined;
    const ac = new AbortController();
    const limit = createLimiter(4);
    listHosts(ac.signal).then(
      (hosts) =>
        Promise.all(
          hosts.slice(0, METRIC_NAME_HOSTS).map((h) => limit(() => metricNames(h.id, ac.signal).catch(() => []))),
        ).then((lists) => setNames([...new Set(lists.flat())].sort())),
      () => {},
    );
    return () => ac.abort();
  }, [wanted]);
  return names;
}

/** Create (`id` undefined) or edit a monitor; the kind's schema checks the form before it is sent. */
export function MonitorFormPage({ id, initialType }: { id?: string; initialType?: string }) {
  const editing = id !== undefined;
  const [stored, setStored] = useState<MonitorJson | undefined>(undefined);
  const [type, setType] = useState<FormType>(
    initialType !== undefined && isFormType(initialType) ? initialType : 'host',
  );
  const [values, setValues] = useState<FormValues>(() => newFormValues(type));
  const [services, setServices] = useState<Service[]>([]);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const metricNames = useHostMetricNames(type === 'host');
  useEffect(() => {
    document.title = `${editing ? 'Edit' : 'New'} monitor · Saba`;
    const ac = new AbortController();
    listServices(ac.signal).then(setServices, () => {});
    if (id !== undefined) {
      getMonitor(id, ac.signal).then(
        (m) => {
          setStored(m);
          if (isFormType(m.type)) {
            setType(m.type);
            setValues(formValues(m));
          }
        },
        (err: Error) => {
          if (!ac.signal.aborted) setProblem(err.message);
        },
      );
    }
    return () => ac.abort();
  }, [id]);
  const set = (key: string, v: FieldValue) => setValues((prev) => ({ ...prev, [key]: v }));
  const submit = (e: Event) => {
    e.preventDefault();
    const body = formBody(type, values, stored);
    // The same schema as the API's: most mistakes are named here, before a request.
    const message = checkMonitor(body, services, Math.floor(Date.now() / 1000), stored);
    if (message !== null) {
      setProblem(message);
      return;
    }
    setBusy(true);
    (stored !== undefined ? updateMonitor(stored.id, body) : createMonitor(body)).then(
      () => navigate('/monitors'),
      (err: Error) => {
        setBusy(false);
        setProblem(err.message);
      },
    );
  };
  if (editing && stored === undefined) {
    return (
      <section class="page">
        <h1 tabIndex={-1}>Edit monitor</h1>
        {problem !== '' ? (
          <p class="error" role="alert">
            {problem}
          </p>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </section>
    );
  }
  if (stored !== undefined && !isFormType(stored.type)) {
    return (
      <section class="page">
        <h1 tabIndex={-1}>{stored.name}</h1>
        <p>Monitors of type {stored.type} cannot be edited here.</p>
      </section>
    );
  }
  const names = [...RATE_METRIC_NAMES, ...metricNames];
  return (
    <section class="page monitor-form-page">
      <p class="breadcrumb">
        <Link href="/monitors">← Monitors</Link>
      </p>
      <h1 tabIndex={-1}>{stored !== undefined ? `Edit ${stored.name}` : 'New monitor'}</h1>
      <form class="monitor-form" onSubmit={submit} noValidate aria-describedby="monitor-problem">
        <label class="field">
          <span>Type</span>
          <select
            name="type"
            value={type}
            disabled={editing}
            onChange={(e) => {
              const t = e.currentTarget.value as FormType;
              setType(t);
              // Fields both types have (name, memo, thresholds...) keep what was typed.
              setValues((prev) => {
                const fresh = newFormValues(t);
                const kept = Object.fromEntries(Object.entries(prev).filter(([k, v]) => k in fresh && v !== ''));
                return { ...fresh, ...kept };
              });
              setProblem('');
            }}
          >
            {MONITOR_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <div class="fields">
          {formFields(type, editing).map((f) => (
            <MonitorField
              key={`${type}.${f.key}`}
              field={f}
              value={values[f.key]}
              services={services}
              metricNames={names}
              // The metric of a host monitor cannot change after creation (spec features §2.3).
              disabled={editing && type === 'host' && f.key === 'metric'}
              onChange={(v) => set(f.key, v)}
            />
          ))}
        </div>
        <div id="monitor-problem" class="problem" aria-live="assertive">
          {problem !== '' && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
        </div>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            {stored !== undefined ? 'Save monitor' : 'Create monitor'}
          </button>
          <Link href="/monitors">Cancel</Link>
        </div>
      </form>
    </section>
  );
}

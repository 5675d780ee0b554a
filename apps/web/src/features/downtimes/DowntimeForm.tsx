import { useState } from 'preact/hooks';
import { createDowntime, type DowntimeJson, updateDowntime } from '../../api/downtimes.ts';
import type { MonitorJson } from '../../api/monitors.ts';
import type { Service } from '../../api/types.ts';
import { CheckList, scopeChoices } from '../../app/CheckList.tsx';
import {
  checkDowntime,
  type DowntimeValues,
  downtimeBody,
  downtimeValues,
  newDowntimeValues,
  RECURRENCE_TYPES,
  type ScopeList,
  WEEKDAYS,
} from './downtime-form.ts';

const SCOPE_GROUPS: ReadonlyArray<{ include: ScopeList; exclude: ScopeList; what: string }> = [
  { include: 'serviceScopes', exclude: 'serviceExcludeScopes', what: 'services' },
  { include: 'roleScopes', exclude: 'roleExcludeScopes', what: 'roles' },
  { include: 'monitorScopes', exclude: 'monitorExcludeScopes', what: 'monitors' },
];

/** Create (`downtime` undefined) or edit a downtime; the API's schema checks it in the browser first. */
export function DowntimeForm(props: {
  downtime?: DowntimeJson;
  services: readonly Service[];
  monitors: readonly MonitorJson[];
  onDone: (saved: DowntimeJson) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<DowntimeValues>(() =>
    props.downtime !== undefined ? downtimeValues(props.downtime) : newDowntimeValues(Date.now() / 1000),
  );
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof DowntimeValues>(k: K, value: DowntimeValues[K]) => setV((p) => ({ ...p, [k]: value }));
  const setScope = (k: ScopeList, list: string[]) => setV((p) => ({ ...p, scopes: { ...p.scopes, [k]: list } }));
  const choices = {
    services: props.services.map((s) => ({ value: s.name, label: s.name })),
    roles: scopeChoices(props.services, true),
    monitors: props.monitors.map((m) => ({ value: m.id, label: `${m.name} (${m.type})` })),
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const body = downtimeBody(v);
    const message = checkDowntime(body, props.services, new Set(props.monitors.map((m) => m.id)));
    if (message !== null) {
      setProblem(message);
      return;
    }
    setBusy(true);
    const d = props.downtime;
    (d !== undefined ? updateDowntime(d.id, body) : createDowntime(body)).then(props.onDone, (err: Error) => {
      setBusy(false);
      setProblem(err.message);
    });
  };
  return (
    <form class="panel downtime-form" onSubmit={submit} noValidate aria-labelledby="downtime-form-title">
      <h2 id="downtime-form-title">{props.downtime !== undefined ? `Edit ${props.downtime.name}` : 'New downtime'}</h2>
      <div class="fields">
        <label class="field">
          <span>Name *</span>
          <input name="name" required value={v.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Starts</span>
          <input
            name="start"
            type="datetime-local"
            value={v.start}
            onInput={(e) => set('start', e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Lasts (minutes)</span>
          <input
            name="duration"
            inputMode="numeric"
            value={v.duration}
            onInput={(e) => set('duration', e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Repeats</span>
          <select name="recurrence" value={v.recurrence} onChange={(e) => set('recurrence', e.currentTarget.value)}>
            <option value="">never</option>
            {RECURRENCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {v.recurrence !== '' && (
          <>
            <label class="field">
              <span>Every (how many)</span>
              <input
                name="interval"
                inputMode="numeric"
                value={v.interval}
                onInput={(e) => set('interval', e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>Until (empty: no end)</span>
              <input
                name="until"
                type="datetime-local"
                value={v.until}
                onInput={(e) => set('until', e.currentTarget.value)}
              />
            </label>
          </>
        )}
        {v.recurrence === 'weekly' && (
          <div class="field wide">
            <CheckList
              legend="On"
              hint="None ticked: the start's weekday."
              choices={WEEKDAYS.map((d) => ({ value: d, label: d }))}
              selected={v.weekdays}
              onChange={(list) => set('weekdays', list)}
            />
          </div>
        )}
        <label class="field wide">
          <span>Memo</span>
          <textarea name="memo" rows={2} value={v.memo} onInput={(e) => set('memo', e.currentTarget.value)} />
        </label>
      </div>
      <details
        class="scopes"
        open={SCOPE_GROUPS.some((g) => v.scopes[g.include].length + v.scopes[g.exclude].length > 0)}
      >
        <summary>Scopes (every alert when none is ticked; ticked lists must all match)</summary>
        <div class="scope-grid">
          {SCOPE_GROUPS.map((g) => (
            <div key={g.what} class="scope-pair">
              <CheckList
                legend={`Only these ${g.what}`}
                choices={choices[g.what as keyof typeof choices]}
                selected={v.scopes[g.include]}
                onChange={(list) => setScope(g.include, list)}
              />
              <CheckList
                legend={`Not these ${g.what}`}
                choices={choices[g.what as keyof typeof choices]}
                selected={v.scopes[g.exclude]}
                onChange={(list) => setScope(g.exclude, list)}
              />
            </div>
          ))}
        </div>
      </details>
      <div class="problem" aria-live="assertive">
        {problem !== '' && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {props.downtime !== undefined ? 'Save downtime' : 'Create downtime'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

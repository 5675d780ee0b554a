import { useEffect, useMemo, useState } from 'preact/hooks';
import { type Dashboard, type DashboardWidget, listDashboards, saveDashboard } from '../../api/dashboards.ts';
import { listHosts, listServices } from '../../api/hosts.ts';
import type { Host, Service } from '../../api/types.ts';
import { Link } from '../../app/Link.tsx';
import { navigate, usePlace, withQuery } from '../../app/router.ts';
import { useMinute } from '../../app/use-minute.ts';
import { createLimiter } from '../graphs/limiter.ts';
import { RangeBar } from '../graphs/RangeBar.tsx';
import { type GraphRange, parseRange, rangeQuery, rangeWindow, zoomRange } from '../graphs/ranges.ts';
import { AlertStatusWidget } from './AlertStatusWidget.tsx';
import { DashboardGrid, rowsToPx } from './DashboardGrid.tsx';
import { GraphWidget } from './GraphWidget.tsx';
import { NEW_SIZE, placeNew, type WidgetType } from './grid.ts';
import { MarkdownWidget } from './MarkdownWidget.tsx';
import { ValueWidget } from './ValueWidget.tsx';
import { WidgetForm } from './WidgetForm.tsx';
import { emptyFields, fieldsToWidget, type WidgetFields, widgetToFields } from './widget-form.ts';
import { describeRange, widgetWindow } from './widget-range.ts';

/** Metric requests in flight at once for the whole dashboard (see graphs/limiter.ts). */
const CONCURRENT_METRIC_REQUESTS = 6;
/** Room a graph widget's title bar, padding and legend take from its cells, in px. */
const GRAPH_CHROME_PX = 92;

const ADD: ReadonlyArray<[WidgetType, string]> = [
  ['graph', 'Graph'],
  ['value', 'Value'],
  ['markdown', 'Markdown'],
  ['alertStatus', 'Alert status'],
];

/** The editor's state: the widgets being edited, the steps to undo, and the widget form when open. */
interface Editor {
  readonly widgets: DashboardWidget[];
  readonly history: DashboardWidget[][];
  readonly form?: { readonly index: number; readonly fields: WidgetFields };
}

/** One dashboard, found by its urlPath: the range controller and the widgets; Edit to change them. */
export function DashboardPage({ urlPath }: { urlPath: string }) {
  const place = usePlace();
  const range = parseRange(place.query);
  const rangeKey = rangeQuery(range).flat().join('=');
  const tick = useMinute(true);
  const [dashboard, setDashboard] = useState<Dashboard | undefined | null>(undefined);
  const [error, setError] = useState('');
  const [editor, setEditor] = useState<Editor | undefined>(undefined);
  const [saveError, setSaveError] = useState('');
  const [saving, setSaving] = useState(false);
  const [choices, setChoices] = useState<{ hosts: Host[]; services: Service[] }>({ hosts: [], services: [] });
  const limit = useMemo(() => createLimiter(CONCURRENT_METRIC_REQUESTS), []);
  // One "now" per minute: widgets' relative windows must not move on every render (a drag renders often).
  const now = useMemo(() => Date.now() / 1000, [tick]);
  const window = useMemo(() => rangeWindow(range, now), [rangeKey, now]);
  const editing = editor !== undefined;
  useEffect(() => {
    if (editing) return undefined;
    const ac = new AbortController();
    listDashboards(ac.signal).then(
      (all) => {
        setDashboard(all.find((d) => d.urlPath === urlPath) ?? null);
        setError('');
      },
      (err: Error) => {
        if (!ac.signal.aborted) setError(err.message);
      },
    );
    return () => ac.abort();
  }, [urlPath, tick, editing]);
  useEffect(() => {
    document.title = `${dashboard?.title ?? 'Dashboard'} · Saba`;
  }, [dashboard?.title]);
  const setRange = (r: GraphRange) => navigate(withQuery(place.path, rangeQuery(r)));
  const zoom = (from: number, to: number) => {
    const r = zoomRange(from, to);
    if (r !== undefined) setRange(r);
  };
  const startEditing = () => {
    if (dashboard == null) return;
    setSaveError('');
    setEditor({ widgets: dashboard.widgets.slice(), history: [] });
    Promise.all([listHosts(), listServices()]).then(
      ([hosts, services]) => setChoices({ hosts, services }),
      (err: Error) => setSaveError(err.message),
    );
  };
  const change = (next: DashboardWidget[], before?: readonly DashboardWidget[]) => {
    if (editor === undefined) return;
    setEditor({
      ...editor,
      widgets: next,
      history: before === undefined ? editor.history : [...editor.history, before.slice()],
    });
  };
  const undo = () => {
    if (editor === undefined || editor.history.length === 0) return;
    const h = editor.history.slice();
    const prev = h.pop() as DashboardWidget[];
    setEditor({ widgets: prev, history: h });
  };
  const formDone = (f: WidgetFields) => {
    if (editor?.form === undefined) return;
    const { index } = editor.form;
    const old = editor.widgets[index];
    const layout =
      old?.layout ??
      placeNew(
        editor.widgets.map((w) => w.layout),
        NEW_SIZE[f.type],
      );
    const next = editor.widgets.slice();
    next[old === undefined ? next.length : index] = fieldsToWidget(f, layout);
    setEditor({ widgets: next, history: [...editor.history, editor.widgets] });
  };
  const save = () => {
    if (editor === undefined || dashboard == null) return;
    setSaving(true);
    saveDashboard({ ...dashboard, widgets: editor.widgets }).then(
      (d) => {
        setSaving(false);
        setDashboard(d);
        setEditor(undefined);
      },
      (err: Error) => {
        setSaving(false);
        setSaveError(err.message);
      },
    );
  };
  const body = (w: DashboardWidget) => {
    switch (w.type) {
      case 'graph': {
        const win = widgetWindow(w.range, window, now);
        const note = describeRange(w.range);
        return (
          <>
            {note !== '' && <span class="widget-range muted">{note}</span>}
            <GraphWidget
              graph={w.graph}
              legendList={w.legendList}
              valueRange={w.valueRange}
              referenceLines={w.referenceLines}
              from={win.from}
              to={win.to}
              height={Math.max(60, rowsToPx(w.layout.height) - GRAPH_CHROME_PX)}
              limit={limit}
              onZoom={win.variable && !editing ? zoom : undefined}
            />
          </>
        );
      }
      case 'value':
        return (
          <ValueWidget
            metric={w.metric}
            fractionSize={w.fractionSize}
            suffix={w.suffix}
            formatRules={w.formatRules}
            tick={tick}
          />
        );
      case 'markdown':
        return <MarkdownWidget markdown={w.markdown ?? ''} />;
      default:
        return <AlertStatusWidget roleFullname={w.roleFullname} tick={tick} />;
    }
  };
  if (dashboard === null)
    return (
      <section class="page">
        <h1 tabIndex={-1}>Dashboard not found</h1>
        <p>
          No dashboard has the path /{urlPath}. <Link href="/dashboards">Go to the dashboards</Link>.
        </p>
      </section>
    );
  const widgets = editor?.widgets ?? dashboard?.widgets ?? [];
  return (
    <section class="page dashboard-page">
      <div class="dashboard-title">
        <h1 tabIndex={-1}>{dashboard?.title ?? 'Dashboard'}</h1>
        {dashboard !== undefined && !editing && (
          <button type="button" onClick={startEditing}>
            Edit
          </button>
        )}
      </div>
      {dashboard?.memo && <p class="memo">{dashboard.memo}</p>}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {editor !== undefined && (
        <div class="editor-bar" role="toolbar" aria-label="Dashboard editor">
          <fieldset class="add-widget">
            <legend>Add widget</legend>
            {ADD.map(([type, label]) => (
              <button
                key={type}
                type="button"
                onClick={() =>
                  setEditor({ ...editor, form: { index: editor.widgets.length, fields: emptyFields(type) } })
                }
              >
                {label}
              </button>
            ))}
          </fieldset>
          <span class="editor-actions">
            <button type="button" onClick={undo} disabled={editor.history.length === 0}>
              Undo
            </button>
            <button type="button" onClick={() => setEditor(undefined)}>
              Cancel
            </button>
            <button type="button" class="primary" onClick={save} disabled={saving}>
              Save
            </button>
          </span>
        </div>
      )}
      {saveError !== '' && (
        <p class="error" role="alert">
          {saveError}
        </p>
      )}
      {editor?.form !== undefined && (
        <WidgetForm
          key={`${editor.form.index}-${editor.form.fields.type}`}
          initial={editor.form.fields}
          isNew={editor.form.index >= editor.widgets.length}
          hosts={choices.hosts}
          services={choices.services}
          onDone={formDone}
          onCancel={() => setEditor({ widgets: editor.widgets, history: editor.history })}
        />
      )}
      <RangeBar range={range} onChange={setRange} />
      {dashboard === undefined ? (
        error === '' && <p class="muted">Loading…</p>
      ) : widgets.length === 0 ? (
        <p class="muted">No widgets yet{editing ? ': add one above.' : '. Choose Edit to add some.'}</p>
      ) : (
        <DashboardGrid
          widgets={widgets}
          editing={editing}
          body={body}
          onChange={change}
          onEdit={(index) => {
            const w = editor?.widgets[index];
            if (editor !== undefined && w !== undefined)
              setEditor({ ...editor, form: { index, fields: widgetToFields(w) } });
          }}
          onRemove={(index) => {
            if (editor !== undefined)
              change(
                editor.widgets.filter((_, i) => i !== index),
                editor.widgets,
              );
          }}
        />
      )}
    </section>
  );
}

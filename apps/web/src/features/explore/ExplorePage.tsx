import { useEffect, useMemo, useState } from 'preact/hooks';
import { instantQuery, rangeQuery } from '../../api/prometheus.ts';
import { navigate, usePlace, withQuery } from '../../app/router.ts';
import { useMinute } from '../../app/use-minute.ts';
import { alignSeries } from '../graphs/align.ts';
import { RangeBar } from '../graphs/RangeBar.tsx';
import {
  type GraphRange,
  isLive,
  parseRange,
  rangeQuery as rangePairs,
  rangeWindow,
  stepFor,
  zoomRange,
} from '../graphs/ranges.ts';
import { type ChartInput, TimeChart } from '../graphs/TimeChart.tsx';
import { formatQuery, type TextError } from './format-query.ts';
import { chartSeries, errorPosition, offsetOf, type QueryData, type TableRow, tableRows } from './prom-result.ts';
import { type EditorSource, QueryEditor } from './QueryEditor.tsx';

/** A chart of more series than this is unreadable and slow to draw; the rest are left out, and the page says so. */
export const MAX_GRAPH_SERIES = 200;

type Tab = 'graph' | 'table';

/** What one run of the query gave: the data, or the server's error, and how long it took. */
type Outcome =
  | { readonly kind: 'data'; readonly data: QueryData; readonly ms: number; readonly from: number; readonly to: number }
  | { readonly kind: 'error'; readonly message: string };

/** Runs `expr` as the tab shows it: a range query over the window, or an instant query at its end. */
async function runQuery(expr: string, tab: Tab, from: number, to: number, live: boolean, signal: AbortSignal) {
  const started = performance.now();
  if (tab === 'table') {
    const data = await instantQuery(expr, live ? undefined : to, signal);
    return { data, ms: performance.now() - started };
  }
  // A start on the step's grid, so each point has its own slot in the chart.
  const step = stepFor(to - from);
  const data = await rangeQuery(expr, Math.floor(from / step) * step, to, step, signal);
  return { data, ms: performance.now() - started };
}

/**
 * The query explorer (`/explore?q=...`): a PromQL editor that completes metric names, label names
 * and values and functions, and the result as a graph over a range or as a table at an instant.
 * The address holds the query, the tab and the range, so a result can be bookmarked and shared.
 */
export function ExplorePage() {
  const place = usePlace();
  const expr = place.query.get('q') ?? '';
  const tab: Tab = place.query.get('tab') === 'table' ? 'table' : 'graph';
  const range = parseRange(place.query);
  const rangeKey = rangePairs(range).flat().join('=');
  const live = isLive(range);
  const tick = useMinute(live && expr !== '');
  const window = useMemo(() => rangeWindow(range, Date.now() / 1000), [rangeKey, tick]);
  const [draft, setDraft] = useState(expr);
  const [source, setSource] = useState<EditorSource>({ text: expr, seq: 0 });
  const [formatError, setFormatError] = useState<TextError | undefined>(undefined);
  const [runs, setRuns] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  useEffect(() => {
    document.title = 'Query explorer · Saba';
  }, []);
  // A run, back and forward bring their query into the editor.
  useEffect(() => {
    setDraft(expr);
    setSource((s) => ({ text: expr, seq: s.seq + 1 }));
  }, [expr]);
  const edit = (text: string) => {
    setDraft(text);
    setFormatError(undefined);
  };
  const format = () => {
    const f = formatQuery(draft);
    if ('error' in f) {
      setFormatError(f.error);
      return;
    }
    setFormatError(undefined);
    setDraft(f.text);
    setSource((s) => ({ text: f.text, seq: s.seq + 1 }));
  };
  useEffect(() => {
    setOutcome(undefined);
    if (expr.trim() === '') return undefined;
    const ac = new AbortController();
    const { from, to } = window;
    runQuery(expr, tab, from, to, live, ac.signal).then(
      ({ data, ms }) => setOutcome({ kind: 'data', data, ms, from, to }),
      (err: Error) => {
        if (!ac.signal.aborted) setOutcome({ kind: 'error', message: err.message });
      },
    );
    return () => ac.abort();
  }, [expr, tab, window, runs]);
  const go = (next: { expr?: string; tab?: Tab; range?: GraphRange }) =>
    navigate(
      withQuery('/explore', [
        ['q', next.expr ?? expr],
        ['tab', (next.tab ?? tab) === 'table' ? 'table' : ''],
        ...rangePairs(next.range ?? range),
      ]),
    );
  const run = () => {
    const text = draft.trim();
    if (text === expr) setRuns((n) => n + 1);
    else go({ expr: text });
  };
  const editorError = useMemo((): TextError | undefined => {
    if (formatError !== undefined) return formatError;
    if (outcome?.kind !== 'error' || draft !== expr) return undefined;
    const pos = errorPosition(outcome.message);
    if (pos === undefined) return undefined;
    const from = offsetOf(expr, pos);
    return { from, to: from + 1, message: outcome.message };
  }, [formatError, outcome, draft, expr]);
  return (
    <section class="page explore-page">
      <h1 tabIndex={-1}>Query explorer</h1>
      <form
        class="explore-form"
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <QueryEditor text={draft} source={source} onChange={edit} onRun={run} error={editorError} />
        <button type="button" onClick={format} title="Rewrite the expression in PromQL's canonical form">
          Format
        </button>
        <button type="submit" class="primary">
          Run
        </button>
      </form>
      <p class="muted explore-hint">
        Enter runs the query, Shift+Enter starts a new line; Ctrl+Space lists what can come next. Mackerel metrics are{' '}
        <code>{'{"mackerel.<name>", host="<id>"}'}</code>.
      </p>
      <div class="explore-tabs" role="tablist" aria-label="Result">
        {(['graph', 'table'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => go({ tab: t })}>
            {t === 'graph' ? 'Graph' : 'Table'}
          </button>
        ))}
      </div>
      {tab === 'graph' ? <RangeBar range={range} onChange={(r) => go({ range: r })} /> : null}
      <ExploreResult
        expr={expr}
        tab={tab}
        outcome={outcome}
        onZoom={(from, to) => {
          const zoomed = zoomRange(from, to);
          if (zoomed !== undefined) go({ range: zoomed });
        }}
      />
    </section>
  );
}

/** The result of the last run: nothing yet, the error, the graph or the table. */
function ExploreResult(props: {
  expr: string;
  tab: Tab;
  outcome: Outcome | undefined;
  onZoom: (from: number, to: number) => void;
}) {
  const { outcome } = props;
  if (props.expr.trim() === '') return <p class="muted">Write an expression and run it.</p>;
  if (outcome === undefined) return <p class="chart-placeholder muted">Running…</p>;
  if (outcome.kind === 'error')
    return (
      <p class="error explore-error" role="alert">
        {outcome.message}
      </p>
    );
  const count =
    outcome.data.resultType === 'matrix' || outcome.data.resultType === 'vector' ? outcome.data.result.length : 1;
  const stats = (
    <p class="muted explore-stats" aria-live="polite">
      {count} {count === 1 ? 'result' : 'results'} · {Math.round(outcome.ms)} ms
    </p>
  );
  return (
    <>
      {stats}
      {props.tab === 'table' ? (
        <ResultTable rows={tableRows(outcome.data)} />
      ) : (
        <ResultGraph data={outcome.data} from={outcome.from} to={outcome.to} onZoom={props.onZoom} />
      )}
    </>
  );
}

/** The range query's series on one chart, at most MAX_GRAPH_SERIES of them. */
function ResultGraph(props: { data: QueryData; from: number; to: number; onZoom: (from: number, to: number) => void }) {
  const { data, from, to } = props;
  const input = useMemo((): ChartInput | undefined => {
    if (data.resultType !== 'matrix') return undefined;
    const s = chartSeries(data.result.slice(0, MAX_GRAPH_SERIES), '');
    if (s.points.every((p) => p.length === 0)) return undefined;
    return {
      data: alignSeries(s.points, stepFor(to - from)),
      labels: s.labels,
      stacked: s.labels.map(() => false),
      unit: 'float',
      from,
      to,
      height: 320,
    };
  }, [data, from, to]);
  if (data.resultType !== 'matrix')
    return <p class="muted">The expression gives a {data.resultType}; the table shows it.</p>;
  if (input === undefined) return <p class="chart-placeholder muted">No data in this range.</p>;
  return (
    <>
      {data.result.length > MAX_GRAPH_SERIES ? (
        <p class="muted">
          The graph shows the first {MAX_GRAPH_SERIES} of {data.result.length} series; aggregate the expression to see
          them all.
        </p>
      ) : null}
      <TimeChart input={input} onZoom={props.onZoom} />
    </>
  );
}

/** The instant query's rows: each series with its value. */
function ResultTable({ rows }: { rows: TableRow[] }) {
  if (rows.length === 0) return <p class="muted">No series match at this instant.</p>;
  return (
    <table class="explore-table">
      <thead>
        <tr>
          <th scope="col">Series</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td class="mono">{r.series}</td>
            <td class="mono num">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { type GraphRange, RANGES } from './ranges.ts';

function when(sec: number): string {
  return new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The range buttons (1 hour to 460 days), and after a zoom the window shown with a way back. */
export function RangeBar(props: { range: GraphRange; onChange: (r: GraphRange) => void }) {
  const r = props.range;
  return (
    <div class="range-bar">
      <fieldset class="range-buttons">
        <legend class="visually-hidden">Graph range</legend>
        {RANGES.map((x) => (
          <button
            key={x.key}
            type="button"
            aria-pressed={r.kind === 'relative' && r.key === x.key}
            title={`Last ${x.label}`}
            onClick={() => props.onChange({ kind: 'relative', key: x.key })}
          >
            {x.key}
          </button>
        ))}
      </fieldset>
      <p class="range-note" aria-live="polite">
        {r.kind === 'relative' ? (
          <>
            Last {RANGES.find((x) => x.key === r.key)?.label} · live, refreshed each minute · drag across a graph to
            zoom
          </>
        ) : (
          <>
            <span class="range-window">
              {when(r.from)} – {when(r.to)}
            </span>{' '}
            <button type="button" class="link-button" onClick={() => props.onChange({ kind: 'relative', key: '1d' })}>
              Back to the last day
            </button>
          </>
        )}
      </p>
    </div>
  );
}

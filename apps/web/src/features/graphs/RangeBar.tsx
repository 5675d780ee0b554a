import { useId, useRef, useState } from 'preact/hooks';
import { CustomRangeForm } from './CustomRangeForm.tsx';
import { type GraphRange, RANGES, rangeWindow } from './ranges.ts';

function when(sec: number): string {
  return new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The range buttons (1 hour to 460 days), Custom… for a window typed in, and after a zoom the
 * window shown with a way back.
 */
export function RangeBar(props: { range: GraphRange; onChange: (r: GraphRange) => void }) {
  const r = props.range;
  // The window the custom form starts from, fixed when it opens; undefined while it is closed.
  // The range alone gives it (a relative one ends at the moment Custom… is pressed), so the
  // pages need not pass the window they fetched.
  const [custom, setCustom] = useState<{ from: number; to: number } | undefined>(undefined);
  const customButton = useRef<HTMLButtonElement>(null);
  const formId = useId();
  const close = () => {
    setCustom(undefined);
    customButton.current?.focus();
  };
  const pick = (next: GraphRange) => {
    setCustom(undefined);
    props.onChange(next);
  };
  return (
    <div class="range-bar">
      <div class="range-controls">
        <fieldset class="range-buttons">
          <legend class="visually-hidden">Graph range</legend>
          {RANGES.map((x) => (
            <button
              key={x.key}
              type="button"
              aria-pressed={r.kind === 'relative' && r.key === x.key}
              title={`Last ${x.label}`}
              onClick={() => pick({ kind: 'relative', key: x.key })}
            >
              {x.key}
            </button>
          ))}
        </fieldset>
        <button
          ref={customButton}
          type="button"
          class="custom-range-toggle"
          aria-expanded={custom !== undefined}
          aria-controls={custom !== undefined ? formId : undefined}
          title="A window of your choice"
          onClick={() => (custom === undefined ? setCustom(rangeWindow(r, Date.now() / 1000)) : close())}
        >
          Custom…
        </button>
      </div>
      {custom !== undefined && (
        <CustomRangeForm
          id={formId}
          initial={custom}
          onApply={(next) => {
            close();
            props.onChange(next);
          }}
          onCancel={close}
        />
      )}
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
            <button type="button" class="link-button" onClick={() => pick({ kind: 'relative', key: '1d' })}>
              Back to the last day
            </button>
          </>
        )}
      </p>
    </div>
  );
}

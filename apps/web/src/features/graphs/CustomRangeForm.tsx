import { useEffect, useRef, useState } from 'preact/hooks';
import { fromLocalInput, localInput } from '../monitors/monitor-form.ts';
import { customRange, type GraphRange } from './ranges.ts';

/**
 * The custom range form: From and To as local date and time, prefilled with the window shown.
 * Apply hands a valid window to `onApply`; an invalid one is explained inline and changes
 * nothing. Escape or Cancel closes it.
 */
export function CustomRangeForm(props: {
  id: string;
  /** The window the graphs show now, in epoch seconds. */
  initial: { readonly from: number; readonly to: number };
  onApply: (r: GraphRange) => void;
  onCancel: () => void;
}) {
  const [from, setFrom] = useState(localInput(props.initial.from));
  const [to, setTo] = useState(localInput(props.initial.to));
  const [error, setError] = useState('');
  const fromRef = useRef<HTMLInputElement>(null);
  useEffect(() => fromRef.current?.focus(), []);
  const submit = (e: Event) => {
    e.preventDefault();
    const r = customRange(fromLocalInput(from), fromLocalInput(to), Date.now() / 1000);
    if ('error' in r) setError(r.error);
    else props.onApply(r.range);
  };
  // A new value may mend the window, so the old message no longer applies.
  const edit = (set: (v: string) => void, value: string) => {
    set(value);
    setError('');
  };
  // noValidate: customRange words every refusal inline, where the browser's own bubble would
  // speak of a field and never of the window as a whole.
  return (
    <form
      id={props.id}
      class="custom-range"
      aria-label="Custom range"
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          props.onCancel();
        }
      }}
    >
      <label>
        From
        <input
          ref={fromRef}
          type="datetime-local"
          name="from"
          value={from}
          onInput={(e) => edit(setFrom, e.currentTarget.value)}
        />
      </label>
      <label>
        To
        <input type="datetime-local" name="to" value={to} onInput={(e) => edit(setTo, e.currentTarget.value)} />
      </label>
      <div class="custom-range-actions">
        <button type="submit" class="primary">
          Apply
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {error !== '' && (
        <p class="error custom-range-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

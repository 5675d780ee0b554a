import { useId } from 'preact/hooks';
import type { Service } from '../../api/types.ts';
import { CheckList, scopeChoices } from '../../app/CheckList.tsx';
import type { FieldValue, FormField } from './monitor-form.ts';

/** One field of a monitor form, entered as its description says. */
export function MonitorField(props: {
  field: FormField;
  value: FieldValue | undefined;
  services: readonly Service[];
  metricNames: readonly string[];
  disabled?: boolean;
  onChange: (v: FieldValue) => void;
}) {
  const { field: f, value } = props;
  const listId = useId();
  const hintId = useId();
  const text = typeof value === 'string' ? value : '';
  const label = (
    <span>
      {f.label}
      {f.required === true && <span aria-hidden="true"> *</span>}
    </span>
  );
  const hint =
    f.hint !== undefined ? (
      <small id={hintId} class="hint">
        {f.hint}
      </small>
    ) : null;
  const described = f.hint !== undefined ? hintId : undefined;
  const common = {
    name: f.key,
    required: f.required === true,
    disabled: props.disabled,
    'aria-describedby': described,
  };
  switch (f.input) {
    case 'checkbox':
      return (
        <label class="check field">
          <input
            type="checkbox"
            name={f.key}
            checked={value === true}
            disabled={props.disabled}
            onChange={(e) => props.onChange(e.currentTarget.checked)}
          />
          <span>{f.label}</span>
        </label>
      );
    case 'scopes':
    case 'roles':
      return (
        <div class="field wide">
          <CheckList
            legend={f.label + (f.required === true ? ' *' : '')}
            choices={scopeChoices(props.services, f.input === 'roles')}
            selected={Array.isArray(value) ? value : []}
            onChange={props.onChange}
            {...(f.hint !== undefined ? { hint: f.hint } : {})}
            {...(props.disabled !== undefined ? { disabled: props.disabled } : {})}
          />
        </div>
      );
    case 'select':
      return (
        <label class="field">
          {label}
          <select {...common} value={text} onChange={(e) => props.onChange(e.currentTarget.value)}>
            {(f.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o === '' ? 'not set' : o}
              </option>
            ))}
          </select>
          {hint}
        </label>
      );
    case 'service':
      return (
        <label class="field">
          {label}
          <select {...common} value={text} onChange={(e) => props.onChange(e.currentTarget.value)}>
            <option value="">{f.required === true ? 'Choose a service' : 'none'}</option>
            {props.services.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
            {text !== '' && !props.services.some((s) => s.name === text) && <option value={text}>{text}</option>}
          </select>
          {hint}
        </label>
      );
    case 'textarea':
    case 'headers':
      return (
        <label class="field wide">
          {label}
          <textarea
            {...common}
            rows={f.input === 'headers' ? 3 : 2}
            value={text}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
          {hint}
        </label>
      );
    case 'metric':
      return (
        <label class="field">
          {label}
          <input
            {...common}
            type="text"
            list={listId}
            autoComplete="off"
            spellcheck={false}
            value={text}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
          <datalist id={listId}>
            {props.metricNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          {hint}
        </label>
      );
    case 'number':
      return (
        <label class="field">
          {label}
          <input
            {...common}
            type="text"
            inputMode="decimal"
            value={text}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
          {hint}
        </label>
      );
    case 'datetime':
      return (
        <label class="field">
          {label}
          <input
            {...common}
            type="datetime-local"
            value={text}
            onInput={(e) => props.onChange(e.currentTarget.value)}
          />
          {hint}
        </label>
      );
    default:
      return (
        <label class="field">
          {label}
          <input {...common} type="text" value={text} onInput={(e) => props.onChange(e.currentTarget.value)} />
          {hint}
        </label>
      );
  }
}

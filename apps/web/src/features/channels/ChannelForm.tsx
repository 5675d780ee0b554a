import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { type Channel, createChannel, updateChannel } from '../../api/notifications.ts';
import { listUsers, type OrgUser } from '../../api/settings.ts';
import {
  CHANNEL_FORMS,
  CHANNEL_TYPES,
  type ChannelType,
  channelBody,
  checkChannel,
  EVENT_LABELS,
  emptyValues,
  type FieldProblem,
  type FormField,
  type FormValues,
  toggleId,
  userChoices,
  valuesOf,
} from './channel-forms.ts';

/**
 * The organization's users as checkboxes, loaded when the field shows. Ids the channel held when
 * the form opened stay offered (ticked) even when no user has them, so a save drops one only
 * when it is unticked: PUT replaces the whole channel.
 */
function UsersField(props: {
  field: FormField;
  value: FormValues[string] | undefined;
  problem: string | undefined;
  onChange: (v: FormValues[string]) => void;
}) {
  const { field: f, problem } = props;
  const chosen = Array.isArray(props.value) ? props.value : [];
  const [held] = useState(chosen);
  const [users, setUsers] = useState<OrgUser[] | undefined>(undefined);
  const [error, setError] = useState('');
  const note = `${useId()}-note`;
  useEffect(() => {
    const ac = new AbortController();
    listUsers(ac.signal).then(setUsers, (err: Error) => {
      if (!ac.signal.aborted) setError(err.message);
    });
    return () => ac.abort();
  }, []);
  const loading = users === undefined && error === '';
  return (
    <fieldset class="field users-field" aria-describedby={note} aria-busy={loading}>
      <legend>{f.label}</legend>
      {loading && <span class="field-hint users-loading">Loading the organization's users…</span>}
      {!loading &&
        userChoices(users, held).map((c) => (
          <label key={c.id} class="check">
            <input
              type="checkbox"
              name={f.key}
              value={c.id}
              checked={chosen.includes(c.id)}
              onChange={(e) => props.onChange(toggleId(chosen, c.id, e.currentTarget.checked))}
            />
            <span>{c.label}</span>
          </label>
        ))}
      <span id={note}>
        {f.hint !== undefined && <span class="field-hint">{f.hint}</span>}
        {error !== '' && <span class="field-problem">The users could not be loaded: {error}</span>}
        {problem !== undefined && <span class="field-problem">{problem}</span>}
      </span>
    </fieldset>
  );
}

/** One field of a channel form, with its hint and its problem tied to it for screen readers. */
function Field(props: {
  field: FormField;
  /** Whether the label says "(optional)": not for a required field, nor one of a `oneOf` group. */
  optional: boolean;
  value: FormValues[string] | undefined;
  problem: string | undefined;
  onChange: (v: FormValues[string]) => void;
}) {
  const { field: f, value, problem } = props;
  const id = useId();
  const note = `${id}-note`;
  const described = f.hint !== undefined || problem !== undefined ? note : undefined;
  const notes = (
    <>
      {f.hint !== undefined && <span class="field-hint">{f.hint}</span>}
      {problem !== undefined && <span class="field-problem">{problem}</span>}
    </>
  );
  if (f.kind === 'events') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <fieldset class="field events-field" aria-describedby={described}>
        <legend>{f.label}</legend>
        {EVENT_LABELS.map(([event, label]) => (
          <label key={event} class="check">
            <input
              type="checkbox"
              name={`event-${event}`}
              checked={chosen.includes(event)}
              onChange={(e) =>
                props.onChange(
                  e.currentTarget.checked
                    ? EVENT_LABELS.map(([k]) => k).filter((k) => k === event || chosen.includes(k))
                    : chosen.filter((k) => k !== event),
                )
              }
            />
            <span>{label}</span>
          </label>
        ))}
        <span id={note}>{notes}</span>
      </fieldset>
    );
  }
  if (f.kind === 'checkbox') {
    return (
      <div class="field">
        <label class="check">
          <input
            type="checkbox"
            name={f.key}
            checked={value === true}
            aria-describedby={described}
            onChange={(e) => props.onChange(e.currentTarget.checked)}
          />
          <span>{f.label}</span>
        </label>
        <span id={note}>{notes}</span>
      </div>
    );
  }
  const text = typeof value === 'string' ? value : '';
  const common = {
    id,
    name: f.key,
    value: text,
    required: f.required,
    'aria-invalid': problem !== undefined ? true : undefined,
    'aria-describedby': described,
  };
  return (
    <div class="field">
      <label for={id}>
        <span>
          {f.label}
          {props.optional ? ' (optional)' : ''}
        </span>
      </label>
      {f.kind === 'level' ? (
        <select {...common} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="all">Every status</option>
          <option value="critical">Critical only</option>
        </select>
      ) : f.kind === 'emails' ? (
        <textarea {...common} rows={3} onInput={(e) => props.onChange(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={f.kind === 'url' ? 'url' : 'text'}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      )}
      <span id={note}>{notes}</span>
    </div>
  );
}

/**
 * Creating a channel (any type the server has) or editing one (its type fixed): the browser
 * checks what it can, the server's 400 message shows for the rest.
 */
export function ChannelForm(props: { channel?: Channel; onSaved: (c: Channel) => void; onCancel: () => void }) {
  const editing = props.channel;
  const [type, setType] = useState<ChannelType>(
    editing !== undefined ? (editing.type as ChannelType) : (CHANNEL_TYPES[0] as ChannelType),
  );
  const [values, setValues] = useState<FormValues>(() =>
    editing !== undefined ? valuesOf(editing) : emptyValues(CHANNEL_TYPES[0] as ChannelType),
  );
  const [addToDefault, setAddToDefault] = useState(true);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const typeId = useId();
  const submit = (e: Event) => {
    e.preventDefault();
    const found = checkChannel(type, values);
    setProblems(found);
    setError('');
    if (found.length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${found[0]?.key}"]`)?.focus();
      return;
    }
    const body = channelBody(type, values);
    setBusy(true);
    const saved =
      editing !== undefined
        ? updateChannel(editing.id, body)
        : createChannel({ ...body, addToDefaultNotificationGroup: addToDefault });
    saved.then(
      (c) => {
        setBusy(false);
        props.onSaved(c);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  return (
    <form ref={formRef} class="panel channel-form" onSubmit={submit} noValidate>
      <h2>{editing !== undefined ? `Edit ${editing.name}` : 'New channel'}</h2>
      <div class="field">
        <label for={typeId}>
          <span>Type</span>
        </label>
        <select
          id={typeId}
          name="type"
          value={type}
          disabled={editing !== undefined}
          onChange={(e) => {
            const t = e.currentTarget.value as ChannelType;
            setType(t);
            // Keep what was typed into fields both types have (name, URL).
            const fresh = emptyValues(t);
            setValues(Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, values[k] ?? v])));
            setProblems([]);
          }}
        >
          {CHANNEL_TYPES.map((t) => (
            <option key={t} value={t}>
              {CHANNEL_FORMS[t].label}
            </option>
          ))}
        </select>
      </div>
      {CHANNEL_FORMS[type].fields.map((f) => {
        const field = {
          field: f,
          value: values[f.key],
          problem: problems.find((p) => p.key === f.key)?.message,
          onChange: (v: FormValues[string]) => setValues({ ...values, [f.key]: v }),
        };
        return f.kind === 'users' ? (
          <UsersField key={`${type}-${f.key}`} {...field} />
        ) : (
          <Field
            key={`${type}-${f.key}`}
            {...field}
            optional={!f.required && !(CHANNEL_FORMS[type].oneOf?.keys.includes(f.key) ?? false)}
          />
        );
      })}
      {editing === undefined && (
        <label class="check">
          <input type="checkbox" checked={addToDefault} onChange={(e) => setAddToDefault(e.currentTarget.checked)} />
          <span>Add to the default notification group (it receives everything)</span>
        </label>
      )}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={busy}>
          {editing !== undefined ? 'Save' : 'Create channel'}
        </button>
      </div>
    </form>
  );
}

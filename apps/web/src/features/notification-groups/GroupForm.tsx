import { useId, useState } from 'preact/hooks';
import {
  type Channel,
  createGroup,
  type MonitorSummary,
  type NotificationGroup,
  type NotificationGroupInput,
  updateGroup,
} from '../../api/notifications.ts';
import type { Service } from '../../api/types.ts';
import { childGroupChoices, emptyGroup, groupInput, toggled } from './group-tree.ts';

/** A fieldset of checkboxes, one per choice; says so when there is nothing to choose. */
function Choices(props: {
  legend: string;
  name: string;
  choices: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  chosen: readonly string[];
  empty: string;
  onChange: (chosen: string[]) => void;
}) {
  const order = props.choices.map((c) => c.id);
  return (
    <fieldset class="field choices">
      <legend>{props.legend}</legend>
      {props.choices.length === 0 && <p class="muted">{props.empty}</p>}
      {props.choices.map((c) => (
        <label key={c.id} class="check">
          <input
            type="checkbox"
            name={props.name}
            value={c.id}
            checked={props.chosen.includes(c.id)}
            onChange={(e) => props.onChange(toggled(props.chosen, c.id, e.currentTarget.checked, order))}
          />
          <span>{c.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Creating or editing a notification group: name (fixed for the default group), level, and what it names. */
export function GroupForm(props: {
  group?: NotificationGroup;
  groups: readonly NotificationGroup[];
  channels: readonly Channel[];
  services: readonly Service[];
  monitors: readonly MonitorSummary[];
  onSaved: (g: NotificationGroup) => void;
  onCancel: () => void;
}) {
  const editing = props.group;
  const isDefault = editing?.type === 'group-default';
  const [input, setInput] = useState<NotificationGroupInput>(() =>
    editing !== undefined ? groupInput(editing) : emptyGroup(),
  );
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const levelId = useId();
  const set = (patch: Partial<NotificationGroupInput>) => setInput({ ...input, ...patch });
  const skipping = new Set(input.monitors.filter((m) => m.skipDefault).map((m) => m.id));
  const submit = (e: Event) => {
    e.preventDefault();
    if (input.name.trim() === '') {
      setError('Name is required.');
      return;
    }
    setBusy(true);
    setError('');
    (editing !== undefined ? updateGroup(editing.id, input) : createGroup(input)).then(
      (g) => {
        setBusy(false);
        props.onSaved(g);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  return (
    <form class="panel group-form" onSubmit={submit} noValidate>
      <h2>{editing !== undefined ? `Edit ${editing.name}` : 'New notification group'}</h2>
      <div class="field">
        <label for={nameId}>
          <span>Name{isDefault ? ' (the default group keeps its name)' : ''}</span>
        </label>
        <input
          id={nameId}
          name="name"
          value={input.name}
          readOnly={isDefault}
          required
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={levelId}>
          <span>Level</span>
        </label>
        <select
          id={levelId}
          name="notificationLevel"
          value={input.notificationLevel}
          onChange={(e) => set({ notificationLevel: e.currentTarget.value as 'all' | 'critical' })}
        >
          <option value="all">Every status</option>
          <option value="critical">Critical only (no WARNING; OK only after CRITICAL)</option>
        </select>
      </div>
      <Choices
        legend="Channels"
        name="channel"
        choices={props.channels.map((c) => ({ id: c.id, label: c.name }))}
        chosen={input.childChannelIds}
        empty="No channels yet."
        onChange={(childChannelIds) => set({ childChannelIds })}
      />
      <Choices
        legend="Child groups (they receive what this group receives)"
        name="child-group"
        choices={childGroupChoices(props.groups, editing?.id).map((g) => ({ id: g.id, label: g.name }))}
        chosen={input.childNotificationGroupIds}
        empty="No other groups."
        onChange={(childNotificationGroupIds) => set({ childNotificationGroupIds })}
      />
      {!isDefault && (
        <>
          <Choices
            legend="Services (their hosts' and services' notifications)"
            name="service"
            choices={props.services.map((s) => ({ id: s.name, label: s.name }))}
            chosen={input.services.map((s) => s.name)}
            empty="No services yet."
            onChange={(names) => set({ services: names.map((name) => ({ name })) })}
          />
          <fieldset class="field choices">
            <legend>Monitors</legend>
            {props.monitors.length === 0 && <p class="muted">No monitors yet.</p>}
            {props.monitors.map((m) => {
              const on = input.monitors.some((x) => x.id === m.id);
              return (
                <div key={m.id} class="monitor-choice">
                  <label class="check">
                    <input
                      type="checkbox"
                      name="monitor"
                      value={m.id}
                      checked={on}
                      onChange={(e) => {
                        const ids = toggled(
                          input.monitors.map((x) => x.id),
                          m.id,
                          e.currentTarget.checked,
                          props.monitors.map((x) => x.id),
                        );
                        set({ monitors: ids.map((id) => ({ id, skipDefault: skipping.has(id) })) });
                      }}
                    />
                    <span>{m.name}</span>
                  </label>
                  {on && (
                    <label class="check skip-default">
                      <input
                        type="checkbox"
                        name="skipDefault"
                        checked={skipping.has(m.id)}
                        onChange={(e) => {
                          const skip = e.currentTarget.checked;
                          set({
                            monitors: input.monitors.map((x) => (x.id === m.id ? { id: x.id, skipDefault: skip } : x)),
                          });
                        }}
                      />
                      <span>Send its alerts to this group only</span>
                    </label>
                  )}
                </div>
              );
            })}
          </fieldset>
        </>
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
          {editing !== undefined ? 'Save' : 'Create group'}
        </button>
      </div>
    </form>
  );
}

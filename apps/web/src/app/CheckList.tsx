/** One choice of a CheckList: the value sent and the words shown. */
export interface Choice {
  readonly value: string;
  readonly label: string;
  /** Shown a step in, under the choice before it (a role under its service). */
  readonly indent?: boolean;
}

/**
 * A labelled group of check boxes for picking several values (scopes, weekdays): every choice is
 * a real check box, so Tab and Space work and screen readers read the group's name.
 */
export function CheckList(props: {
  legend: string;
  choices: readonly Choice[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  disabled?: boolean;
}) {
  const set = new Set(props.selected);
  // Values that are no longer offered (a deleted role) stay visible, so saving does not drop them silently.
  const missing = props.selected.filter((v) => !props.choices.some((c) => c.value === v));
  const all = [...props.choices, ...missing.map((v) => ({ value: v, label: `${v} (gone)` }))];
  const toggle = (v: string) =>
    props.onChange(set.has(v) ? props.selected.filter((x) => x !== v) : [...props.selected, v]);
  return (
    <fieldset class="check-list" disabled={props.disabled}>
      <legend>{props.legend}</legend>
      {props.hint !== undefined && <p class="hint">{props.hint}</p>}
      {all.length === 0 ? (
        <p class="muted">Nothing to choose from yet.</p>
      ) : (
        <ul>
          {all.map((c) => (
            <li key={c.value} class={'indent' in c && c.indent ? 'indent' : undefined}>
              <label class="check">
                <input type="checkbox" checked={set.has(c.value)} onChange={() => toggle(c.value)} />
                <span>{c.label}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Services and their roles as choices: `service`, then each `service:role` under it. */
export function scopeChoices(
  services: ReadonlyArray<{ readonly name: string; readonly roles: readonly string[] }>,
  rolesOnly = false,
): Choice[] {
  return services.flatMap((s) => [
    ...(rolesOnly ? [] : [{ value: s.name, label: s.name }]),
    ...s.roles.map((r) => ({ value: `${s.name}:${r}`, label: `${s.name}:${r}`, indent: !rolesOnly })),
  ]);
}

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { type AnnotationInput, createAnnotation, type GraphAnnotation, updateAnnotation } from '../../api/services.ts';

function when(sec: number): string {
  return new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The small form that creates an annotation of a dragged window, or edits one: title,
 * description and the roles it covers (none checked: the whole service). Saving POSTs or PUTs.
 */
export function AnnotationForm(props: {
  service: string;
  roles: readonly string[];
  /** The annotation being edited, or the window and preselected roles of a new one. */
  initial: GraphAnnotation | { readonly from: number; readonly to: number; readonly roles: readonly string[] };
  onSaved: (a: GraphAnnotation) => void;
  onCancel: () => void;
}) {
  const editing = 'id' in props.initial ? props.initial : undefined;
  const [title, setTitle] = useState(editing?.title ?? '');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [roles, setRoles] = useState<readonly string[]>(props.initial.roles ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const titleRef = useRef<HTMLInputElement>(null);
  const headingId = useId();
  useEffect(() => titleRef.current?.focus(), []);
  const { from, to } = props.initial;
  const submit = (e: Event) => {
    e.preventDefault();
    const input: AnnotationInput = {
      title: title.trim(),
      description,
      from,
      to,
      service: editing?.service ?? props.service,
      ...(roles.length > 0 ? { roles } : {}),
    };
    setBusy(true);
    (editing === undefined ? createAnnotation(input) : updateAnnotation(editing.id, input)).then(
      (a) => {
        setBusy(false);
        props.onSaved(a);
      },
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  const toggle = (role: string, on: boolean) =>
    setRoles((rs) => (on ? [...rs.filter((r) => r !== role), role] : rs.filter((r) => r !== role)));
  return (
    <form
      class="annotation-form"
      aria-labelledby={headingId}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onCancel();
      }}
    >
      <h3 id={headingId}>{editing === undefined ? 'New annotation' : 'Edit annotation'}</h3>
      <p class="annotation-when">
        {when(from)} – {when(to)}
      </p>
      <label>
        Title
        <input
          ref={titleRef}
          type="text"
          name="title"
          required
          maxLength={250}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </label>
      <label>
        Description
        <textarea
          name="description"
          rows={2}
          maxLength={1024}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </label>
      {props.roles.length > 0 && (
        <fieldset>
          <legend>Roles (none: the whole service)</legend>
          {props.roles.map((r) => (
            <label key={r}>
              <input
                type="checkbox"
                name="role"
                value={r}
                checked={roles.includes(r)}
                onChange={(e) => toggle(r, e.currentTarget.checked)}
              />
              {r}
            </label>
          ))}
        </fieldset>
      )}
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="annotation-actions">
        <button type="submit" class="primary" disabled={busy || title.trim() === ''}>
          {editing === undefined ? 'Add annotation' : 'Save'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

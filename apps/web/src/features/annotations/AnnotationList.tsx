import { useState } from 'preact/hooks';
import { deleteAnnotation, type GraphAnnotation } from '../../api/services.ts';
import { ConfirmDialog } from '../../app/ConfirmDialog.tsx';
import { AnnotationForm } from './AnnotationForm.tsx';

function when(sec: number): string {
  return new Date(sec * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The annotations in the graphs' window, each with Edit (in place) and Delete (after asking). */
export function AnnotationList(props: {
  service: string;
  roles: readonly string[];
  annotations: readonly GraphAnnotation[];
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState('');
  const [deleting, setDeleting] = useState<GraphAnnotation | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const remove = (a: GraphAnnotation) => {
    setBusy(true);
    deleteAnnotation(a.id).then(
      () => {
        setBusy(false);
        setDeleting(undefined);
        props.onChanged();
      },
      (err: Error) => {
        setBusy(false);
        setDeleting(undefined);
        setError(err.message);
      },
    );
  };
  return (
    <section class="annotations" aria-labelledby="annotations-title">
      <h2 id="annotations-title">Annotations</h2>
      {error !== '' && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {props.annotations.length === 0 ? (
        <p class="muted">None in this range. Choose "annotate" above and drag across a graph to add one.</p>
      ) : (
        <ul class="annotation-list">
          {props.annotations.map((a) =>
            editing === a.id ? (
              <li key={a.id}>
                <AnnotationForm
                  service={props.service}
                  roles={props.roles}
                  initial={a}
                  onSaved={() => {
                    setEditing('');
                    props.onChanged();
                  }}
                  onCancel={() => setEditing('')}
                />
              </li>
            ) : (
              <li key={a.id} data-annotation={a.id}>
                <strong class="annotation-title">{a.title}</strong>{' '}
                <span class="annotation-when">
                  {when(a.from)} – {when(a.to)} ·{' '}
                  {a.roles !== undefined && a.roles.length > 0 ? `roles ${a.roles.join(', ')}` : 'whole service'}
                </span>
                {a.description !== '' && <p class="annotation-description">{a.description}</p>}
                <div class="annotation-actions">
                  <button type="button" aria-label={`Edit ${a.title}`} onClick={() => setEditing(a.id)}>
                    Edit
                  </button>
                  <button type="button" class="danger" aria-label={`Delete ${a.title}`} onClick={() => setDeleting(a)}>
                    Delete
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      {deleting !== undefined && (
        <ConfirmDialog
          title="Delete this annotation?"
          confirmLabel="Delete"
          danger
          busy={busy}
          onConfirm={() => remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p>
            "{deleting.title}" goes from every graph of {deleting.service}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

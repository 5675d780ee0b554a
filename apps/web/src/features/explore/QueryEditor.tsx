import { useEffect, useRef, useState } from 'preact/hooks';
import type { TextError } from './format-query.ts';
import type { PromqlEditor } from './promql-editor.ts';

/** A text the page puts into the editor, numbered so that the same text can be put twice. */
export interface EditorSource {
  readonly text: string;
  readonly seq: number;
}

/**
 * The expression field: a plain text area at first, replaced by the PromQL editor (CodeMirror with
 * completion) once its script has loaded, so the page works at once and without the editor if its
 * script cannot be fetched.
 *
 * The editor owns its text while the user types: `text` is read when it mounts, and only a new
 * `source` (the query of the address after a run or back/forward, or the formatted query) is
 * written into it. Writing every `text` back would race the keyboard: a render a keystroke behind
 * would undo that keystroke, and the two texts would chase each other for ever.
 */
export function QueryEditor(props: {
  /** What the field holds (the page's draft). */
  text: string;
  /** A text for the editor to take: it does when `seq` changes. */
  source: EditorSource;
  onChange: (text: string) => void;
  onRun: () => void;
  error: TextError | undefined;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<PromqlEditor | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  // The editor calls these; refs keep it from being rebuilt each time the page re-renders.
  const hooks = useRef(props);
  hooks.current = props;
  const label = 'PromQL expression';
  useEffect(() => {
    let cancelled = false;
    import('./promql-editor.ts').then(
      ({ mountPromqlEditor }) => {
        if (cancelled || host.current === null) return;
        // In a shadow root, so that the editor's generated styles need no inline <style> (see EditorPlace).
        const root = host.current.shadowRoot ?? host.current.attachShadow({ mode: 'open' });
        const parent = document.createElement('div');
        root.replaceChildren(parent);
        editor.current = mountPromqlEditor({ parent, root }, hooks.current.text, {
          onChange: (t) => hooks.current.onChange(t),
          onRun: () => hooks.current.onRun(),
          label,
        });
        setLoaded(true);
      },
      () => {},
    );
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, []);
  useEffect(() => editor.current?.setText(props.source.text), [props.source.seq]);
  useEffect(() => editor.current?.showError(props.error), [props.error, loaded]);
  return (
    <div class="query-editor" data-editor={loaded ? 'promql' : 'plain'}>
      <div ref={host} class="query-editor-host" hidden={!loaded} />
      {loaded ? null : (
        <textarea
          aria-label={label}
          rows={2}
          spellcheck={false}
          value={props.text}
          onInput={(e) => props.onChange(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              props.onRun();
            }
          }}
        />
      )}
    </div>
  );
}

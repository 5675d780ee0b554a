// The PromQL editor of the query explorer: CodeMirror with Prometheus's own PromQL grammar,
// completer and linter (@prometheus-io/codemirror-promql), completing metric names, label names
// and values from this server's /api/v1. Loaded on demand (the explorer imports it lazily), so the
// other pages never download it.
import { autocompletion, closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewline } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, type EditorViewConfig, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import type { TextError } from './format-query.ts';

/** What the explorer does with the editor once it is mounted. */
export interface PromqlEditor {
  /** Replaces the text (after back/forward or a run), as one undoable change. */
  setText(text: string): void;
  /** Marks the range [from, to) as the server's error, or clears it with undefined. */
  showError(error: TextError | undefined): void;
  focus(): void;
  destroy(): void;
}

/** How the editor tells the page about the user's edits and the run key. */
export interface EditorHooks {
  readonly onChange: (text: string) => void;
  /** Enter (or Ctrl/Cmd+Enter) runs the query; Shift+Enter starts a new line. */
  readonly onRun: () => void;
  /** The accessible name of the editing area. */
  readonly label: string;
}

/** Colours from the theme's variables, so the three themes apply to the editor as to the page. */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--series-4)' },
  { tag: [tags.function(tags.variableName), tags.standard(tags.variableName)], color: 'var(--series-0)' },
  { tag: tags.labelName, color: 'var(--series-1)' },
  { tag: tags.string, color: 'var(--series-2)' },
  { tag: [tags.number, tags.unit], color: 'var(--series-5)' },
  { tag: tags.operator, color: 'var(--accent)' },
  { tag: tags.comment, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

const look = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '14px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)', padding: '6px 0' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--surface-2)' },
  '.cm-placeholder': { color: 'var(--muted)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    fontFamily: 'var(--mono)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '1em' },
});

/** The server's Prometheus API, read with the session cookie; GET needs no CSRF token. */
function promqlLanguage(): PromQLExtension {
  return new PromQLExtension().setComplete({
    remote: {
      url: '',
      httpMethod: 'GET',
      // Names and labels change slowly; a minute's cache keeps typing from asking at each key.
      cache: { maxAge: 60_000 },
      lookbackInterval: 12 * 60 * 60 * 1000,
    },
    maxMetricsMetadata: 10_000,
  });
}

/**
 * Where the editor goes: an element inside a shadow root, and that root. CodeMirror styles itself
 * with generated rules: in the document it would add a <style> element, which the UI's
 * Content-Security-Policy (style-src 'self') refuses, while in a shadow root it adopts constructed
 * style sheets, which need no inline style. The theme's CSS variables inherit into the shadow
 * tree, so the editor still follows the theme.
 */
export interface EditorPlace {
  readonly parent: NonNullable<EditorViewConfig['parent']>;
  readonly root: NonNullable<EditorViewConfig['root']>;
}

/** Mounts the editor at `place` with `text`; the page keeps the returned handle. */
export function mountPromqlEditor({ parent, root }: EditorPlace, text: string, hooks: EditorHooks): PromqlEditor {
  const promql = promqlLanguage();
  const run = () => {
    hooks.onRun();
    return true;
  };
  const view = new EditorView({
    parent,
    root,
    state: EditorState.create({
      doc: text,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        // The completion list's own keys come first (Enter takes the chosen completion while it is open).
        autocompletion({ activateOnTypingDelay: 150 }),
        Prec.high(
          keymap.of([
            { key: 'Enter', run },
            { key: 'Mod-Enter', run },
            { key: 'Shift-Enter', run: insertNewline },
          ]),
        ),
        keymap.of([...closeBracketsKeymap, ...historyKeymap, ...defaultKeymap]),
        promql.asExtension(),
        syntaxHighlighting(highlight),
        look,
        placeholder('Expression, e.g. rate(http_requests_total[5m])'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': hooks.label, 'aria-multiline': 'true' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) hooks.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  // Whether a server error is marked: clearing when none is would also clear the linter's own marks.
  let marked = false;
  return {
    setText(next) {
      if (next === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    showError(error) {
      if (error === undefined && !marked) return;
      marked = error !== undefined;
      const length = view.state.doc.length;
      const diagnostics: Diagnostic[] =
        error === undefined
          ? []
          : [
              {
                from: Math.min(error.from, length),
                to: Math.min(Math.max(error.to, error.from), length),
                severity: 'error',
                message: error.message,
              },
            ];
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      promql.destroy();
    },
  };
}

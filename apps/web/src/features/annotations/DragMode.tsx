/** What dragging across a graph does: zoom every graph to the window, or start an annotation of it. */
export type DragMode = 'zoom' | 'annotate';

/** The switch between dragging to zoom (the default) and dragging to annotate. */
export function DragModeSwitch(props: { mode: DragMode; onChange: (m: DragMode) => void }) {
  return (
    <fieldset class="drag-mode">
      <legend>Drag across a graph to</legend>
      <label>
        <input
          type="radio"
          name="drag-mode"
          value="zoom"
          checked={props.mode === 'zoom'}
          onChange={() => props.onChange('zoom')}
        />{' '}
        zoom
      </label>
      <label>
        <input
          type="radio"
          name="drag-mode"
          value="annotate"
          checked={props.mode === 'annotate'}
          onChange={() => props.onChange('annotate')}
        />{' '}
        annotate
      </label>
    </fieldset>
  );
}

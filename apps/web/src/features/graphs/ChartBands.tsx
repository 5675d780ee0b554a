import { render } from 'preact';
import type uPlot from 'uplot';
import { type ChartBand, type PlacedBand, placeBands } from './bands.ts';

/**
 * The bands as translucent boxes over the plot, each with its title as a focusable label that
 * shows the title and description on hover or focus. The boxes let the pointer through, so
 * dragging across a band still zooms or annotates.
 */
function Bands(props: { bands: readonly PlacedBand[] }) {
  return (
    <>
      {props.bands.map((b) => (
        <div
          key={b.id}
          class="chart-band"
          data-annotation={b.id}
          ref={(el) => {
            // Positions go through the CSSOM: the page's Content-Security-Policy refuses style attributes.
            if (el === null) return;
            el.style.left = `${b.left * 100}%`;
            el.style.width = `${b.width * 100}%`;
          }}
        >
          <button
            type="button"
            class={`chart-band-label lane-${b.lane}`}
            aria-label={`Annotation: ${b.title}${b.description !== '' ? `. ${b.description}` : ''}`}
          >
            {b.title}
            <span class="chart-band-tip" role="tooltip">
              <strong>{b.title}</strong>
              {b.description !== '' && <span>{b.description}</span>}
            </span>
          </button>
        </div>
      ))}
    </>
  );
}

/** Draws `bands` over `chart`'s plot for the window [from, to]; returns what removes them. */
export function mountBands(chart: uPlot, bands: readonly ChartBand[], from: number, to: number): () => void {
  const layer = document.createElement('div');
  layer.className = 'chart-bands';
  chart.over.appendChild(layer);
  render(<Bands bands={placeBands(bands, from, to)} />, layer);
  return () => {
    render(null, layer);
    layer.remove();
  };
}

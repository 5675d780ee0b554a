import type { Host } from '../../api/types.ts';
import { hostSpec } from './host-spec.ts';

/** The host's spec as titled definition lists. */
export function HostSpecPanel({ host }: { host: Host }) {
  const sections = hostSpec(host);
  return (
    <section class="panel spec" aria-labelledby="spec-title">
      <h2 id="spec-title">Spec</h2>
      {sections.length === 0 && <p class="muted">The host reported no spec.</p>}
      {sections.map((s) => (
        <div key={s.title} class="spec-section">
          <h3>{s.title}</h3>
          <dl>
            {s.rows.map(([k, v]) => (
              <div key={k} class="spec-row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}

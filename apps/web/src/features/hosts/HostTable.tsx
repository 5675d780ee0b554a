import type { Host } from '../../api/types.ts';
import { Link } from '../../app/Link.tsx';
import { HostStatusBadge } from '../../app/StatusBadge.tsx';
import { formatValue } from '../graphs/units.ts';
import { hostLabel, roleFullnames } from './host-filter.ts';
import type { KeyMetrics } from './key-metrics.ts';

/** One host's row; a plain function of its props, so a thousand rows render in one pass. */
function Row(props: {
  host: Host;
  metrics: KeyMetrics | undefined;
  selected: boolean;
  onToggle: (id: string) => void;
}) {
  const { host: h, metrics: m } = props;
  const label = hostLabel(h);
  return (
    <tr class={props.selected ? 'selected' : undefined}>
      <td class="col-select">
        <input
          type="checkbox"
          aria-label={`Select ${label}`}
          checked={props.selected}
          onChange={() => props.onToggle(h.id)}
        />
      </td>
      <th scope="row" class="col-name">
        <Link href={`/hosts/${encodeURIComponent(h.id)}`} class="host-link">
          {label}
        </Link>
        <span class="muted host-id">{h.id}</span>
      </th>
      <td>
        <HostStatusBadge status={h.status} />
      </td>
      <td class="col-roles col-optional">
        {roleFullnames(h).map((r) => (
          <span key={r} class="chip">
            {r}
          </span>
        ))}
      </td>
      <td class="num">{formatValue(m?.loadavg5, 'float')}</td>
      <td class="num col-optional">{formatValue(m?.cpu, 'percentage')}</td>
      <td class="num col-optional">{formatValue(m?.memory, 'percentage')}</td>
    </tr>
  );
}

/** The host table: select boxes, name, status, roles and key metrics. */
export function HostTable(props: {
  hosts: readonly Host[];
  metrics: ReadonlyMap<string, KeyMetrics>;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
}) {
  const all = props.hosts.length > 0 && props.hosts.every((h) => props.selected.has(h.id));
  return (
    <div class="table-wrap">
      <table class="hosts">
        <thead>
          <tr>
            <th scope="col" class="col-select">
              <input
                type="checkbox"
                aria-label="Select all shown hosts"
                checked={all}
                onChange={() => props.onToggleAll(!all)}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col" class="col-optional">
              Roles
            </th>
            <th scope="col" class="num">
              Load avg 5
            </th>
            <th scope="col" class="num col-optional">
              CPU
            </th>
            <th scope="col" class="num col-optional">
              Memory
            </th>
          </tr>
        </thead>
        <tbody>
          {props.hosts.map((h) => (
            <Row
              key={h.id}
              host={h}
              metrics={props.metrics.get(h.id)}
              selected={props.selected.has(h.id)}
              onToggle={props.onToggle}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

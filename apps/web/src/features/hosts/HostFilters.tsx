import { HOST_STATUSES, type Service } from '../../api/types.ts';
import type { HostFilter } from './host-filter.ts';

/** The search box and the service, role and status filters of the host list. */
export function HostFilters(props: {
  filter: HostFilter;
  services: readonly Service[];
  onChange: (f: HostFilter) => void;
}) {
  const { filter: f, onChange } = props;
  const roles = props.services.find((s) => s.name === f.service)?.roles ?? [];
  return (
    <search class="filters">
      <label class="filter-search">
        <span>Search</span>
        <input
          type="search"
          placeholder="Name, id, role or memo"
          value={f.q}
          onInput={(e) => onChange({ ...f, q: e.currentTarget.value })}
        />
      </label>
      <label>
        <span>Service</span>
        <select value={f.service} onChange={(e) => onChange({ ...f, service: e.currentTarget.value, role: '' })}>
          <option value="">All services</option>
          {props.services.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Role</span>
        <select
          value={f.role}
          disabled={f.service === ''}
          onChange={(e) => onChange({ ...f, role: e.currentTarget.value })}
        >
          <option value="">All roles</option>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Status</span>
        <select
          value={f.status}
          onChange={(e) => onChange({ ...f, status: e.currentTarget.value as HostFilter['status'] })}
        >
          <option value="">All statuses</option>
          {HOST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </search>
  );
}

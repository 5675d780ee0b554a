import type { HostMonitor, WithId } from '../kinds/config.ts';
import type { RoleName } from '../subject.ts';
import { hostInScope } from './scope.ts';

/**
 * The host monitors of one metric, indexed by scope, so that a host's post finds the monitors
 * that apply to it without testing every monitor of the metric: with 100 role-scoped monitors
 * per metric, scanning and testing each scope was half of the engine's time (engine.bench.ts).
 */
export class ScopeIndex {
  private readonly unscoped: WithId<HostMonitor>[] = [];
  private readonly byService = new Map<string, WithId<HostMonitor>[]>();
  private readonly byRole = new Map<string, WithId<HostMonitor>[]>();
  /** Creation order, so that a post's monitors are judged (and their notifications made) in it. */
  private readonly order = new Map<WithId<HostMonitor>, number>();

  /** Adds a monitor; `rank` is its place in the organization's monitor list. */
  add(m: WithId<HostMonitor>, rank: number): void {
    this.order.set(m, rank);
    if (m.scopes.length === 0) {
      this.unscoped.push(m);
      return;
    }
    for (const s of m.scopes) {
      const [map, key] = s.role === undefined ? [this.byService, s.service] : [this.byRole, `${s.service}:${s.role}`];
      const list = map.get(key);
      if (list === undefined) map.set(key, [m]);
      else if (!list.includes(m)) list.push(m);
    }
  }

  /** The monitors that apply to a host with `roles` (exclude scopes applied), in creation order. */
  forHost(roles: readonly RoleName[]): WithId<HostMonitor>[] {
    const found = new Set(this.unscoped);
    for (const r of roles) {
      for (const m of this.byService.get(r.service) ?? []) found.add(m);
      for (const m of this.byRole.get(`${r.service}:${r.role}`) ?? []) found.add(m);
    }
    const out = [...found].filter((m) => m.excludeScopes.length === 0 || hostInScope(m, roles));
    if (out.length > 1) out.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    return out;
  }
}

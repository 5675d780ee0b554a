import type { Alert, AlertGroup, MonitorState, OrgId } from '@saba/model';
import type { AlertGroupSetting } from '../alert-groups/schema.ts';
import type { Downtime } from '../downtime/schema.ts';
import { RATE_METRICS } from '../judge/rate-metrics.ts';
import type {
  ConnectivityMonitor,
  ExpressionMonitor,
  ExternalMonitor,
  Monitor,
  ServiceMonitor,
  WithId,
} from '../kinds/config.ts';
import { ScopeIndex } from './scope-index.ts';

/** The key of a (monitor, target) pair: one open alert and one state at most per key. */
export function targetKey(monitorId: string, target: string): string {
  return `${monitorId}\u0000${target}`;
}

/** A downtime with its id. */
export interface DowntimeEntry {
  readonly id: string;
  readonly downtime: Downtime;
}

/** One organization's monitors, indexed the way evaluations look them up, with its open alerts and states. */
export class OrgState {
  constructor(readonly orgId: OrgId) {}

  readonly monitors = new Map<string, Monitor>();
  /** Host monitors on a posted metric or a rate pseudo-metric (cpu%, disk%...), by metric name and scope. */
  readonly hostByMetric = new Map<string, ScopeIndex>();
  /** Whether any host monitor watches a rate pseudo-metric. */
  hasRateMonitors = false;
  /** Service monitors by `service\0metric`. */
  readonly serviceByMetric = new Map<string, WithId<ServiceMonitor>[]>();
  connectivity: WithId<ConnectivityMonitor>[] = [];
  external: WithId<ExternalMonitor>[] = [];
  expression: WithId<ExpressionMonitor>[] = [];
  /** Open alerts by targetKey. */
  readonly openAlerts = new Map<string, Alert>();
  /** Evaluation states by targetKey (only the persisted ones survive a restart). */
  readonly states = new Map<string, MonitorState>();
  downtimes: DowntimeEntry[] = [];
  groupSettings: { readonly id: string; readonly setting: AlertGroupSetting }[] = [];
  /** Open alert groups by setting id. */
  readonly openGroups = new Map<string, AlertGroup>();

  /** Replaces the monitors and rebuilds the indexes. */
  setMonitors(list: readonly Monitor[]): void {
    this.monitors.clear();
    this.hostByMetric.clear();
    this.serviceByMetric.clear();
    this.hasRateMonitors = false;
    this.connectivity = [];
    this.external = [];
    this.expression = [];
    for (const m of list) {
      this.monitors.set(m.id, m);
      switch (m.type) {
        case 'host': {
          if (RATE_METRICS.has(m.metric)) this.hasRateMonitors = true;
          let index = this.hostByMetric.get(m.metric);
          if (index === undefined) {
            index = new ScopeIndex();
            this.hostByMetric.set(m.metric, index);
          }
          index.add(m, this.monitors.size);
          break;
        }
        case 'service':
          push(this.serviceByMetric, `${m.service}\u0000${m.metric}`, m);
          break;
        case 'connectivity':
          this.connectivity.push(m);
          break;
        case 'external':
          this.external.push(m);
          break;
        case 'expression':
          this.expression.push(m);
          break;
        // anomalyDetection and query monitors are stored; they are evaluated by their own stages.
        default:
          break;
      }
    }
  }

  /** The open alert of a (monitor, target), if any. */
  openAlert(monitorId: string, target: string): Alert | undefined {
    return this.openAlerts.get(targetKey(monitorId, target));
  }

  /** Records an alert as it now is: open ones are indexed, closed ones removed. */
  putAlert(a: Alert): void {
    const k = targetKey(a.monitorId, a.target);
    if (a.closedAt === null) this.openAlerts.set(k, a);
    else if (this.openAlerts.get(k)?.id === a.id) this.openAlerts.delete(k);
  }
}

function push<T>(map: Map<string, T[]>, key: string, v: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [v]);
  else list.push(v);
}

// Turns an outbox event (the monitor engine's decided AlertEvent or AlertGroupEvent, or a host or
// monitor change the API announced, as JSON) into the Notification channels are given, looking up
// what its message shows: organization, monitor settings, host and service.
import type { AnnouncedEvent } from '@saba/api';
import type { Catalog, Host } from '@saba/catalog';
import { type Alert, type AlertTrigger, hostId, type MonitorType, type OrgId } from '@saba/model';
import { type AlertEvent, type AlertGroupEvent, loadMonitor, type Monitor, type NotifyEvent } from '@saba/monitor';
import type {
  AlertInfo,
  HostInfo,
  HostNotification,
  MonitorInfo,
  MonitorNotification,
  Notification,
  ServiceInfo,
} from '@saba/notify';

/** How spec features §2.1 words each trigger in notifications. */
const TRIGGER_TEXT: Readonly<Record<AlertTrigger, string>> = {
  monitoring: 'monitoring',
  manual: 'manual close',
  monitorDelete: 'delete monitor',
  hostRetire: 'retire host',
  serviceDelete: 'delete service',
  anomalyDetectionManuallyRetraining: 'anomaly detection manually retraining',
  externalMonitoringServiceChange: 'attach external monitoring to a different service',
};

function hostInfo(h: Host): HostInfo {
  return {
    id: h.id,
    name: h.name,
    displayName: h.displayName,
    customIdentifier: h.customIdentifier,
    status: h.status,
    memo: h.memo,
    isRetired: h.isRetired,
    roles: h.roles,
  };
}

/** What notifications show of a monitor's settings: the metric or expression judged and its thresholds. */
function monitorInfo(event: AlertEvent, m: Monitor | undefined): MonitorInfo {
  const base = { id: event.monitor.id, type: event.monitor.type, name: event.monitor.name, memo: event.monitor.memo };
  const none = { metricLabel: null, operator: null, warning: null, critical: null, duration: null };
  if (m === undefined) return { ...base, ...none };
  const named = { ...base, name: m.name, memo: m.memo };
  switch (m.type) {
    case 'host':
    case 'service':
      return {
        ...named,
        metricLabel: m.metric,
        operator: m.operator,
        warning: m.warning,
        critical: m.critical,
        duration: m.duration,
      };
    case 'expression':
      return {
        ...named,
        metricLabel: m.expression,
        operator: m.operator,
        warning: m.warning,
        critical: m.critical,
        duration: null,
      };
    case 'query':
      return {
        ...named,
        metricLabel: m.query,
        operator: m.operator,
        warning: m.warning,
        critical: m.critical,
        duration: null,
      };
    case 'external':
      return {
        ...named,
        metricLabel: m.responseTimeWarning !== null || m.responseTimeCritical !== null ? 'response time' : null,
        operator: m.responseTimeWarning !== null || m.responseTimeCritical !== null ? '>' : null,
        warning: m.responseTimeWarning,
        critical: m.responseTimeCritical,
        duration: m.responseTimeDuration,
      };
    default:
      return { ...named, ...none };
  }
}

/** Builds notifications from outbox events over the catalog. */
export class NotificationBuilder {
  constructor(
    private readonly catalog: Catalog,
    private readonly baseUrlOf: () => string,
  ) {}

  private get baseUrl(): string {
    return this.baseUrlOf();
  }

  /** The notification of an outbox event; undefined when its organization is gone or the body is not an event. */
  async build(orgId: OrgId, eventId: string, body: unknown): Promise<Notification | undefined> {
    const org = await this.catalog.orgs.get(orgId);
    if (org === undefined || typeof body !== 'object' || body === null) return undefined;
    const e = body as NotifyEvent | AnnouncedEvent;
    switch (e.event) {
      case 'alert':
        return this.alert(org.name, eventId, e);
      case 'alertGroup':
        return this.group(org.name, eventId, e);
      case 'monitor':
        return this.monitorChange(org.name, eventId, e);
      case 'hostRegister':
      case 'hostStatus':
      case 'hostRetire':
        return this.hostChange(orgId, org.name, eventId, e);
      default:
        return undefined;
    }
  }

  /** A host's registration, status change or retirement; undefined if the host is gone. */
  private async hostChange(
    org: OrgId,
    orgName: string,
    key: string,
    e: Extract<AnnouncedEvent, { event: HostNotification['event'] }>,
  ): Promise<HostNotification | undefined> {
    if (typeof e.hostId !== 'string') return undefined;
    // A retired host is still returned, so its retirement can be told.
    const h = await this.catalog.hosts.get(org, hostId(e.hostId));
    if (h === undefined) return undefined;
    const base = { key, orgName, baseUrl: this.baseUrl, previousStatus: null };
    const host = hostInfo(h);
    switch (e.event) {
      case 'hostRegister':
        return { ...base, event: 'hostRegister', host };
      // The status the change set: a later change has a notification of its own.
      case 'hostStatus':
        return { ...base, event: 'hostStatus', host: { ...host, status: e.status }, previousStatus: e.previousStatus };
      // Retiring removed the roles; the event keeps those it had.
      case 'hostRetire':
        return { ...base, event: 'hostRetire', host: { ...host, roles: e.roles ?? host.roles } };
    }
  }

  /** A monitor's creation, update or deletion, from the monitor's API JSON kept in the event. */
  private monitorChange(
    orgName: string,
    key: string,
    e: Extract<AnnouncedEvent, { event: 'monitor' }>,
  ): MonitorNotification | undefined {
    const m = e.monitor;
    if (!['create', 'update', 'delete'].includes(e.action) || typeof e.monitorId !== 'string') return undefined;
    if (typeof m?.type !== 'string' || typeof m.name !== 'string') return undefined;
    return {
      event: 'monitor',
      action: e.action,
      key,
      orgName,
      baseUrl: this.baseUrl,
      monitor: {
        id: e.monitorId,
        type: m.type as MonitorType,
        name: m.name,
        memo: typeof m.memo === 'string' ? m.memo : '',
      },
    };
  }

  private async alert(orgName: string, key: string, e: AlertEvent): Promise<Notification> {
    const a = e.alert;
    const org = e.orgId;
    const row = e.monitor.type === 'check' ? undefined : await this.catalog.monitors.get(org, e.monitor.id);
    const monitor = row === undefined ? undefined : loadMonitor(row, () => undefined);
    const host = a.hostId === null ? undefined : await this.catalog.hosts.get(org, hostId(a.hostId));
    const service = a.type === 'service' ? await this.catalog.services.get(org, a.target) : undefined;
    const serviceInfo: ServiceInfo | null =
      service === undefined ? null : { name: service.name, memo: service.memo, roles: service.roles };
    return {
      event: 'alert',
      key,
      orgName,
      orgId: org,
      baseUrl: this.baseUrl,
      kind: e.kind,
      alert: await this.alertInfo(org, a, e),
      monitor: monitorInfo(e, monitor),
      host: host === undefined ? null : hostInfo(host),
      service: serviceInfo,
      groupIds: e.groupIds,
    };
  }

  private async alertInfo(org: OrgId, a: Alert, e: AlertEvent): Promise<AlertInfo> {
    // Critical-only routes send an OK only for alerts that reached CRITICAL or UNKNOWN (spec §4.4).
    const logs = await this.catalog.alerts.logs(org, a.id, undefined, 100);
    const reachedCritical =
      a.status === 'CRITICAL' ||
      a.status === 'UNKNOWN' ||
      logs.some((l) => l.status === 'CRITICAL' || l.status === 'UNKNOWN');
    return {
      id: a.id,
      status: a.status,
      previousStatus: e.previousStatus,
      reachedCritical,
      isOpen: a.closedAt === null,
      trigger: TRIGGER_TEXT[e.trigger],
      openedAt: a.openedAt,
      closedAt: a.closedAt,
      statusChangedAt: a.statusChangedAt,
      message: a.message,
      value: a.value,
      reason: a.reason,
      series: a.series,
    };
  }

  private async group(orgName: string, key: string, e: AlertGroupEvent): Promise<Notification> {
    const org = e.orgId;
    const monitorIds = new Set<string>();
    const services = new Set<string>();
    for (const id of e.group.alertIds) {
      const a = await this.catalog.alerts.get(org, id);
      if (a === undefined) continue;
      monitorIds.add(a.monitorId);
      if (a.type === 'service') services.add(a.target);
      if (a.hostId !== null) {
        const h = await this.catalog.hosts.get(org, hostId(a.hostId));
        for (const r of h?.roles ?? []) services.add(r.service);
      }
    }
    return {
      event: 'alertGroup',
      key,
      orgName,
      baseUrl: this.baseUrl,
      kind: e.kind,
      group: {
        id: e.group.id,
        status: e.group.status,
        previousStatus: e.previousStatus,
        openedAt: e.group.openedAt,
        closedAt: e.group.closedAt,
        alertCount: e.group.alertIds.length,
      },
      setting: e.setting,
      services: [...services],
      monitorIds: [...monitorIds],
    };
  }
}

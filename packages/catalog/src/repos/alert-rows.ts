import {
  type Alert,
  type AlertLog,
  type AlertSeries,
  type AlertStatus,
  type AlertStatusDetail,
  type AlertTrigger,
  hostId,
  type MonitorState,
  type MonitorType,
  orgId,
  unixSec,
} from '@saba/model';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AlertLogsTable, AlertsTable, Database, MonitorStatesTable } from '../schema.ts';

/**
 * Ids per `in (...)` list: far under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters,
 * so closing the alerts of a 10,000-host bulk retire takes 10 round trips per step, not 10,000.
 */
export const IDS_PER_QUERY = 1_000;

/** Maps an `alerts` row to the domain record. */
export function toAlert(r: Selectable<AlertsTable>): Alert {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    monitorId: r.monitor_id,
    type: r.type as MonitorType,
    target: r.target,
    hostId: r.host_id === null ? null : hostId(r.host_id),
    status: r.status as AlertStatus,
    value: r.value,
    message: r.message,
    series: r.series === null ? null : (JSON.parse(r.series) as AlertSeries),
    openedAt: unixSec(r.opened_at),
    closedAt: r.closed_at === null ? null : unixSec(r.closed_at),
    reason: r.reason,
    memo: r.memo,
    statusChangedAt: unixSec(r.status_changed_at),
    notifiedAt: r.notified_at === null ? null : unixSec(r.notified_at),
  };
}

/** The `alerts` row of a record, every column written. */
export function alertRow(a: Alert): Selectable<AlertsTable> {
  return {
    id: a.id,
    org_id: a.orgId,
    monitor_id: a.monitorId,
    type: a.type,
    target: a.target,
    host_id: a.hostId,
    status: a.status,
    value: a.value,
    message: a.message,
    series: a.series === null ? null : JSON.stringify(a.series),
    opened_at: a.openedAt,
    closed_at: a.closedAt,
    reason: a.reason,
    memo: a.memo,
    status_changed_at: a.statusChangedAt,
    notified_at: a.notifiedAt,
  };
}

/** Maps an `alert_logs` row to the domain record. */
export function toAlertLog(r: Selectable<AlertLogsTable>): AlertLog {
  return {
    id: r.id,
    alertId: r.alert_id,
    status: r.status as AlertStatus,
    trigger: r.trigger as AlertTrigger,
    monitorId: r.monitor_id,
    targetValue: r.target_value,
    statusDetail: r.status_detail === null ? null : (JSON.parse(r.status_detail) as AlertStatusDetail),
    createdAt: unixSec(r.created_at),
  };
}

/** Maps a `monitor_states` row to the domain record. */
export function toMonitorState(r: Selectable<MonitorStatesTable>): MonitorState {
  return {
    orgId: orgId(r.org_id),
    monitorId: r.monitor_id,
    target: r.target,
    status: r.status as AlertStatus,
    consecutive: r.consecutive,
    observedAt: unixSec(r.observed_at),
    suppressed: r.suppressed !== 0,
  };
}

/**
 * Appends log entries, each after the last stored one of its alert, in the order given.
 * `orgs` names each entry's alert's organization. Run inside the write's transaction.
 */
export async function appendLogs(
  trx: Kysely<Database>,
  logs: readonly AlertLog[],
  orgs: ReadonlyMap<string, string>,
): Promise<void> {
  if (logs.length === 0) return;
  const next = await nextPositions(trx, [...new Set(logs.map((l) => l.alertId))]);
  const rows: Insertable<AlertLogsTable>[] = logs.map((l) => {
    const position = next.get(l.alertId) ?? 0;
    next.set(l.alertId, position + 1);
    return {
      id: l.id,
      alert_id: l.alertId,
      org_id: orgs.get(l.alertId) ?? '',
      position,
      status: l.status,
      trigger: l.trigger,
      monitor_id: l.monitorId,
      target_value: l.targetValue,
      status_detail: l.statusDetail === null ? null : JSON.stringify(l.statusDetail),
      created_at: l.createdAt,
    };
  });
  // 10 columns a row: 100 rows stay far under either driver's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 100) {
    await trx
      .insertInto('alert_logs')
      .values(rows.slice(i, i + 100))
      .execute();
  }
}

/** The next free log position of each alert: one past its last, or 0 for an alert without logs. */
async function nextPositions(trx: Kysely<Database>, alertIds: readonly string[]): Promise<Map<string, number>> {
  const next = new Map<string, number>();
  for (let i = 0; i < alertIds.length; i += IDS_PER_QUERY) {
    const rows = await trx
      .selectFrom('alert_logs')
      .select((eb) => ['alert_id', eb.fn.max('position').as('last')])
      .where('alert_id', 'in', alertIds.slice(i, i + IDS_PER_QUERY))
      .groupBy('alert_id')
      .execute();
    for (const r of rows) next.set(r.alert_id, Number(r.last) + 1);
  }
  return next;
}

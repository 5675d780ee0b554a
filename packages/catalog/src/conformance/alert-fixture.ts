import type { Alert, AlertLog, MonitorState, OrgId } from '@saba/model';
import type { AlertBatch } from '../catalog.ts';
import { newId } from '../ids.ts';
import { at, T0 } from './fixture.ts';

/** An open host alert of `org` with harmless defaults and a new id. */
export function alertOf(org: OrgId, over: Partial<Alert> = {}): Alert {
  return {
    id: newId(),
    orgId: org,
    monitorId: 'monitor0001',
    type: 'host',
    target: 'target',
    hostId: null,
    status: 'CRITICAL',
    value: 1,
    message: null,
    series: null,
    openedAt: T0,
    closedAt: null,
    reason: null,
    memo: '',
    statusChangedAt: T0,
    notifiedAt: null,
    ...over,
  };
}

/** A log entry of `alertId` written by the engine, with a new id. */
export function logOf(alertId: string, over: Partial<AlertLog> = {}): AlertLog {
  return {
    id: newId(),
    alertId,
    status: 'CRITICAL',
    trigger: 'monitoring',
    monitorId: 'monitor0001',
    targetValue: null,
    statusDetail: null,
    createdAt: T0,
    ...over,
  };
}

/** An evaluation state of `org`. */
export function stateOf(org: OrgId, over: Partial<MonitorState> = {}): MonitorState {
  return {
    orgId: org,
    monitorId: 'monitor0001',
    target: 'target',
    status: 'CRITICAL',
    consecutive: 1,
    observedAt: at(60),
    suppressed: false,
    ...over,
  };
}

/** A batch of only what is given. */
export function batchOf(over: Partial<AlertBatch>): AlertBatch {
  return { alerts: [], logs: [], states: [], dropStates: [], groups: [], outbox: [], ...over };
}

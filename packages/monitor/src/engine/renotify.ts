// Re-notification (spec features §2.1): an open alert is announced again every
// notificationInterval minutes while its status holds; paused while nobody may hear of it.
import { type Alert, type HostId, labelsFromRecord, type OrgId } from '@saba/model';
import type { AlertEvent } from '../alerts/events.ts';
import { renotifyDue } from '../alerts/lifecycle.ts';
import { expandLabels } from '../kinds/query.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';
import type { CheckFacts } from './ports.ts';
import { hostSubject, serviceSubject } from './scope.ts';

/** The monitor facts a re-notification needs: interval, mute, name and memo. */
interface Due {
  readonly interval: number | null;
  readonly isMute: boolean;
  readonly name: string;
  readonly memo: string;
  readonly service: string | null;
}

/** Announces again every open alert of an organization that is due. */
export async function renotify(ctx: EngineContext, org: OrgId, d: Decisions): Promise<void> {
  const state = ctx.org(org);
  const now = ctx.now();
  const checksOf = new Map<HostId, Map<string, CheckFacts>>();
  for (const alert of [...state.openAlerts.values()]) {
    const due = await dueOf(ctx, org, alert, checksOf);
    if (due === undefined || due.isMute || !renotifyDue(alert, due.interval, now)) continue;
    let subject = serviceSubject(alert.monitorId, due.service);
    if (alert.hostId !== null) {
      const facts = await ctx.hostFacts(org, alert.hostId);
      // Only a working host's alerts are heard (standby, maintenance and poweroff are silent).
      if (facts === undefined || facts.status !== 'working') continue;
      subject = hostSubject(alert.monitorId, facts.roles);
    }
    if (ctx.inDowntime(org, subject)) continue;
    const again: Alert = { ...alert, notifiedAt: now };
    const event: AlertEvent = {
      event: 'alert',
      orgId: org,
      kind: 'renotify',
      alert: again,
      previousStatus: alert.status,
      trigger: 'monitoring',
      monitor: { id: alert.monitorId, type: alert.type, name: due.name, memo: due.memo },
      groupIds: [],
    };
    d.putAlert(again, undefined, event);
  }
}

async function dueOf(
  ctx: EngineContext,
  org: OrgId,
  alert: Alert,
  checksOf: Map<HostId, Map<string, CheckFacts>>,
): Promise<Due | undefined> {
  if (alert.type === 'check') {
    if (alert.hostId === null) return undefined;
    let checks = checksOf.get(alert.hostId);
    if (checks === undefined) {
      const list = await ctx.deps.checks.states(org, alert.hostId);
      checks = new Map(list.map((c) => [c.monitorId, c]));
      checksOf.set(alert.hostId, checks);
    }
    const c = checks.get(alert.monitorId);
    if (c === undefined) return undefined;
    return { interval: c.notificationInterval, isMute: false, name: c.name, memo: '', service: null };
  }
  const m = ctx.org(org).monitors.get(alert.monitorId);
  if (m === undefined) return undefined;
  const service = m.type === 'service' || m.type === 'external' ? m.service : null;
  // A query monitor's name is expanded with its alert's series labels (spec §2.9).
  const name = alert.series === null ? m.name : expandLabels(m.name, labelsFromRecord(alert.series.labels));
  return { interval: m.notificationInterval, isMute: m.isMute, name, memo: m.memo, service };
}

// Alert groups (spec features §4.1): the open alerts matching an alert group setting are
// bundled while any is open. A group's status is the worst of its open alerts'; it is announced
// when an announced alert changes it, and closes when its last alert closes.
import type { Alert, AlertGroup, AlertStatus, OrgId } from '@saba/model';
import { alertGroupMatches } from '../alert-groups/match.ts';
import type { AlertGroupEvent, NotifyEvent } from '../alerts/events.ts';
import type { EngineContext } from './context.ts';
import type { Decisions } from './decisions.ts';

/** Severity order for a group's worst status. */
const SEVERITY: Readonly<Record<AlertStatus, number>> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

function groupEvent(
  d: Decisions,
  org: OrgId,
  kind: AlertGroupEvent['kind'],
  group: AlertGroup,
  previous: AlertStatus | null,
): AlertGroupEvent {
  const s = d.org.groupSettings.find((x) => x.id === group.settingId);
  return {
    event: 'alertGroup',
    orgId: org,
    kind,
    group,
    previousStatus: previous,
    setting: { id: group.settingId, name: s?.setting.name ?? '', memo: s?.setting.memo ?? '' },
  };
}

/** Adds the job's alert changes to the groups they belong to, deciding group notifications. */
export function decideGroups(ctx: EngineContext, org: OrgId, d: Decisions): void {
  const state = d.org;
  if (d.alerts.length === 0 || (state.groupSettings.length === 0 && state.openGroups.size === 0)) return;
  const now = ctx.now();
  const latest = new Map<string, Alert>();
  for (const a of d.alerts) latest.set(a.id, a);
  const announced = new Set<string>();
  for (const e of d.events) if (e.event === 'alert') announced.add(e.alert.id);

  const touched = new Map<string, AlertGroup>();
  const current = (settingId: string) => touched.get(settingId) ?? d.openGroup(settingId);
  for (const a of latest.values()) {
    const subject = d.subjects.get(a.id);
    if (a.closedAt === null && subject !== undefined) {
      for (const { id, setting } of state.groupSettings) {
        if (!alertGroupMatches(setting, subject)) continue;
        const g = current(id) ?? {
          id: ctx.deps.newId(),
          orgId: org,
          settingId: id,
          status: 'OK' as const,
          alertIds: [],
          openedAt: now,
          closedAt: null,
          statusChangedAt: now,
          notifiedAt: null,
        };
        touched.set(id, g.alertIds.includes(a.id) ? g : { ...g, alertIds: [...g.alertIds, a.id] });
      }
    }
    for (const [settingId, g] of state.openGroups) {
      if (!touched.has(settingId) && g.alertIds.includes(a.id)) touched.set(settingId, current(settingId) ?? g);
    }
  }
  if (touched.size === 0) return;

  const openById = new Map<string, Alert>();
  for (const a of state.openAlerts.values()) openById.set(a.id, a);
  for (const g of touched.values()) {
    let worst: AlertStatus | undefined;
    for (const id of g.alertIds) {
      const a = latest.get(id) ?? openById.get(id);
      if (a === undefined || a.closedAt !== null) continue;
      if (worst === undefined || SEVERITY[a.status] > SEVERITY[worst]) worst = a.status;
    }
    const isNew = !state.openGroups.has(g.settingId) || state.openGroups.get(g.settingId)?.id !== g.id;
    const heard = g.alertIds.some((id) => announced.has(id));
    if (worst === undefined) {
      const closed: AlertGroup = { ...g, status: 'OK', closedAt: now, statusChangedAt: now };
      const event: NotifyEvent | undefined =
        g.notifiedAt !== null ? groupEvent(d, org, 'close', { ...closed, notifiedAt: now }, g.status) : undefined;
      d.putGroup(event === undefined ? closed : { ...closed, notifiedAt: now }, event);
      continue;
    }
    const changed: AlertGroup = { ...g, status: worst, statusChangedAt: worst === g.status ? g.statusChangedAt : now };
    const firstNews = g.notifiedAt === null;
    // Announced when an announced alert opens it, changes its worst status, or is its first news.
    if (!heard || (worst === g.status && !isNew && !firstNews)) {
      d.putGroup(changed);
      continue;
    }
    const next = { ...changed, notifiedAt: now };
    d.putGroup(next, groupEvent(d, org, firstNews ? 'open' : 'change', next, firstNews ? null : g.status));
  }
}

/**
 * The ids of the groups each announced alert belongs to: the groups open after this job, and
 * those this job closed (the close of a group's last alert is part of that group's news, spec
 * features §4.1, so a channel taking groups must not get it one by one).
 */
export function withGroupIds(d: Decisions): void {
  const groups = new Map(d.org.openGroups);
  for (const g of d.groups) groups.set(g.settingId, g);
  if (groups.size === 0) return;
  for (let i = 0; i < d.events.length; i++) {
    const e = d.events[i] as NotifyEvent;
    if (e.event !== 'alert') continue;
    const ids = [...groups.values()].filter((g) => g.alertIds.includes(e.alert.id)).map((g) => g.id);
    if (ids.length > 0) d.events[i] = { ...e, groupIds: ids };
  }
}

/** Announces again every open, announced group whose setting's interval has passed. */
export function renotifyGroups(ctx: EngineContext, org: OrgId, d: Decisions): void {
  const now = ctx.now();
  for (const g of d.org.openGroups.values()) {
    const s = d.org.groupSettings.find((x) => x.id === g.settingId);
    const interval = s?.setting.notificationInterval ?? null;
    if (interval === null || g.notifiedAt === null || now - g.notifiedAt < interval * 60) continue;
    const again = { ...g, notifiedAt: now };
    d.putGroup(again, groupEvent(d, org, 'renotify', again, g.status));
  }
}

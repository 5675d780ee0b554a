// What a service, role or monitor delete does to the settings that name it, in the catalog's
// terms: the monitor package decides for monitors, downtimes and alert group settings
// (scope-cleanup.ts); notification groups forget the service and the monitors deleted. The
// catalog applies it all in the delete's transaction.
import type { Cleanup, DocRecord, ReferenceCleanup } from '@saba/catalog';
import { type Alert, msToSec, type OrgId, type UnixSec } from '@saba/model';
import {
  alertGroupSettingToJson,
  alertGroupSettingWithout,
  type Cleaned,
  type DeletedScope,
  downtimeToJson,
  downtimeWithout,
  monitorWithout,
  parseAlertGroupSetting,
  parseDowntime,
} from '@saba/monitor';
import { notificationGroupToJson } from '@saba/notify';
import type { ApiDeps } from '../deps.ts';
import { storedGroup } from './group-docs.ts';
import { monitorEvent, settingsOf, toWrite } from './monitor-settings.ts';
import type { OrgQueue } from './org-queue.ts';

/** A decision about settings of type T as the catalog takes it, with `write` turning T into what it stores. */
function asCleanup<T extends object, W>(c: Cleaned<T>, write: (t: T) => W): Cleanup<W> {
  return c === 'keep' || c === 'delete' ? c : { replace: write(c) };
}

/**
 * The cleanup of the organization's settings after `gone` is deleted, or (`gone` undefined) only
 * monitors, as a monitor's own delete does; monitors changed are announced.
 */
function referenceCleanup(deps: ApiDeps, org: OrgId, gone: DeletedScope | undefined): ReferenceCleanup {
  return {
    // A monitor names no other monitor: a monitor's delete leaves the others as they are.
    monitor: (row) => (gone === undefined ? 'keep' : asCleanup(monitorWithout(settingsOf(row), gone), toWrite)),
    // Stored documents load without a context: what they name was checked when they were written.
    downtime: (d, deleted) =>
      asCleanup(downtimeWithout(parseDowntime(d.body, undefined), gone, deleted), (x) => body(downtimeToJson(x))),
    alertGroupSetting: (d, deleted) =>
      asCleanup(alertGroupSettingWithout(parseAlertGroupSetting(d.body, undefined), gone, deleted), (x) =>
        body(alertGroupSettingToJson(x)),
      ),
    notificationGroup: (d, deleted) => {
      const g = storedGroup(d);
      const services =
        gone !== undefined && gone.role === undefined ? g.services.filter((s) => s.name !== gone.service) : g.services;
      const monitors = g.monitors.filter((m) => !deleted.has(m.id));
      // A group lists what it receives on its own account: fewer entries only ever narrow it.
      if (services.length === g.services.length && monitors.length === g.monitors.length) return 'keep';
      return { replace: body(notificationGroupToJson({ ...g, services, monitors })) };
    },
    outbox: (m, action) => monitorEvent(deps, org, action, settingsOf(m)),
  };
}

/**
 * Runs a delete (of a service, a role, or with `gone` undefined a monitor) with the cleanup of
 * every setting that names what it deletes, and brings the engine up to date. Answers what `del`
 * answers. In the group queue, because the delete rewrites groups as any group write does; between
 * the engine's decisions, so that no evaluation in flight reopens an alert this closes, and the
 * engine forgets deleted monitors and sees rewritten scopes and downtimes before the next one (or
 * that one could open an alert for a monitor that no longer exists, which nothing would close).
 */
export async function deleteWithCleanup<R extends { readonly closed: readonly Alert[] }>(
  deps: ApiDeps,
  groupWrites: OrgQueue,
  org: OrgId,
  gone: DeletedScope | undefined,
  del: (cleanup: ReferenceCleanup, now: UnixSec) => Promise<R>,
): Promise<R> {
  const engine = deps.monitor;
  const r = await groupWrites.run(org, () =>
    engine.exclusive(async () => {
      const done = await del(referenceCleanup(deps, org, gone), msToSec(deps.clock()));
      engine.alertsClosed(org, done.closed);
      await engine.reloadMonitors(org);
      await engine.reloadDowntimes(org);
      await engine.reloadAlertGroupSettings(org);
      return done;
    }),
  );
  // Monitors deleted or rewritten were announced in the outbox.
  deps.wakeDelivery();
  return r;
}

function body(json: unknown): DocRecord['body'] {
  return json as DocRecord['body'];
}

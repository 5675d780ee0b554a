// Removing check states and check monitors once nothing needs them (spec §6: a check monitor "is
// removed when absent from the host's checks list and it has no open alert").
//
// A host update marks the states of the checks its list no longer names (`is_dropped`); a marked
// state goes at once unless an open alert of its (monitor, host) keeps it, and then it goes in the
// transaction that closes that alert: a manual close, the check reporting OK, or a retirement.
// Waiting for the next host update instead would keep the monitor listed for up to an hour (the
// agent PUTs at start and hourly, spec §15.3), and a server restart in between would judge the
// kept CRITICAL state again and reopen the alert that was just closed.
import type { Alert, HostId, OrgId } from '@saba/model';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { IDS_PER_QUERY } from './alert-rows.ts';

/**
 * Deletes the dropped check states of `hosts` that no open alert keeps, then the org's check
 * monitors nothing keeps: no state, no host listing the name, no open alert. Runs in the caller's
 * transaction.
 */
export async function pruneChecks(trx: Kysely<Database>, org: OrgId, hosts: readonly string[]): Promise<void> {
  const unique = [...new Set(hosts)];
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    await trx
      .deleteFrom('check_states')
      .where('org_id', '=', org)
      .where('host_id', 'in', unique.slice(i, i + IDS_PER_QUERY))
      .where('is_dropped', '=', 1)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('alerts')
              .select('alerts.id')
              .whereRef('alerts.monitor_id', '=', 'check_states.monitor_id')
              .whereRef('alerts.target', '=', 'check_states.host_id')
              .where('alerts.closed_at', 'is', null),
          ),
        ),
      )
      .execute();
  }
  // A remaining state (another host, or a custom-identifier host the agent reports for without
  // listing it) keeps the monitor, as does any host that still lists the name or an open alert.
  await trx
    .deleteFrom('check_monitors')
    .where('org_id', '=', org)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('check_states')
            .select('check_states.name')
            .whereRef('check_states.monitor_id', '=', 'check_monitors.id'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('host_checks')
            .innerJoin('hosts', 'hosts.id', 'host_checks.host_id')
            .select('host_checks.name')
            .where('hosts.org_id', '=', org)
            .whereRef('host_checks.name', '=', 'check_monitors.name'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alerts')
            .select('alerts.id')
            .whereRef('alerts.monitor_id', '=', 'check_monitors.id')
            .where('alerts.closed_at', 'is', null),
        ),
      ),
    )
    .execute();
}

/**
 * Follows a host's new checks list: marks the host's states of checks it no longer lists as
 * dropped, unmarks those listed again, then prunes. Runs in the host update's transaction.
 */
export async function dropUnlistedChecks(
  trx: Kysely<Database>,
  org: OrgId,
  host: HostId,
  names: readonly string[],
): Promise<void> {
  let unlisted = trx
    .updateTable('check_states')
    .set({ is_dropped: 1 })
    .where('org_id', '=', org)
    .where('host_id', '=', host);
  if (names.length > 0) {
    unlisted = unlisted.where('name', 'not in', names);
    await trx
      .updateTable('check_states')
      .set({ is_dropped: 0 })
      .where('org_id', '=', org)
      .where('host_id', '=', host)
      .where('name', 'in', names)
      .execute();
  }
  await unlisted.execute();
  await pruneChecks(trx, org, [host]);
}

/** Runs pruneChecks for the hosts of the closed check alerts among `alerts`, per organization. */
export async function pruneClosedChecks(trx: Kysely<Database>, alerts: readonly Alert[]): Promise<void> {
  const hostsByOrg = new Map<OrgId, string[]>();
  for (const a of alerts) {
    if (a.type !== 'check' || a.closedAt === null || a.hostId === null) continue;
    const list = hostsByOrg.get(a.orgId);
    if (list === undefined) hostsByOrg.set(a.orgId, [a.hostId]);
    else list.push(a.hostId);
  }
  for (const [org, hosts] of hostsByOrg) await pruneChecks(trx, org, hosts);
}

import { type Kysely, sql } from 'kysely';
import type { Catalog } from './catalog.ts';
import { alertRepo } from './repos/alerts.ts';
import { channelRepo } from './repos/channels.ts';
import { checkRepo } from './repos/checks.ts';
import { dashboardRepo } from './repos/dashboards.ts';
import { docRepo } from './repos/docs.ts';
import { graphAnnotationRepo } from './repos/graph-annotations.ts';
import { graphDefRepo } from './repos/graph-defs.ts';
import { hostRepo } from './repos/hosts.ts';
import { metadataRepo } from './repos/metadata.ts';
import { monitorRepo } from './repos/monitors.ts';
import { orgRepo } from './repos/orgs.ts';
import { outboxRepo } from './repos/outbox.ts';
import { serviceRepo } from './repos/services.ts';
import { sessionRepo } from './repos/sessions.ts';
import { userRepo } from './repos/users.ts';
import type { Database } from './schema.ts';

/** The catalog over an open, migrated Kysely database: the same repositories for both dialects. */
export function sqlCatalog(db: Kysely<Database>): Catalog {
  return {
    orgs: orgRepo(db),
    hosts: hostRepo(db),
    services: serviceRepo(db),
    metadata: metadataRepo(db),
    graphDefs: graphDefRepo(db),
    checks: checkRepo(db),
    monitors: monitorRepo(db),
    alerts: alertRepo(db),
    downtimes: docRepo(db, 'downtimes'),
    alertGroupSettings: docRepo(db, 'alert_group_settings'),
    channels: channelRepo(db),
    notificationGroups: docRepo(db, 'notification_groups'),
    outbox: outboxRepo(db),
    dashboards: dashboardRepo(db),
    graphAnnotations: graphAnnotationRepo(db),
    users: userRepo(db),
    sessions: sessionRepo(db),
    async ping(): Promise<boolean> {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close(): Promise<void> {
      return db.destroy();
    },
  };
}

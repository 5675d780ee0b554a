import { NotFoundError, type OrgId, type UnixSec, unixSec } from '@saba/model';
import type { Kysely } from 'kysely';
import type { ChannelRepo } from '../catalog.ts';
import type { Database } from '../schema.ts';
import { docRepo } from './docs.ts';

/** Channels: documents, plus their suspension. */
export function channelRepo(db: Kysely<Database>): ChannelRepo {
  return {
    ...docRepo(db, 'channels'),

    async suspended(org: OrgId): Promise<Map<string, UnixSec>> {
      const rows = await db
        .selectFrom('channels')
        .select(['id', 'suspended_at'])
        .where('org_id', '=', org)
        .where('suspended_at', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.id, unixSec(Number(r.suspended_at))]));
    },

    async setSuspended(org: OrgId, id: string, at: UnixSec | null): Promise<void> {
      const r = await db
        .updateTable('channels')
        .set({ suspended_at: at })
        .where('org_id', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`Channel ${id} not found.`);
    },
  };
}

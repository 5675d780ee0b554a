import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * When each delivery was last attempted: a failed delivery's give-up time, and a retrying one's
 * last failure, which a channel's delivery list shows. Rows made before it have null.
 */
export const deliveryAttempts: Migration = {
  name: '0007-delivery-attempts',
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('notification_deliveries').addColumn('last_attempt_at', 'bigint').execute();
  },
};

import type { Kysely } from 'kysely';
import type { Migration } from './migration.ts';

/**
 * Marks a check state whose host no longer lists the check but which an open alert keeps (spec
 * §6): the mark is the only record that the host dropped it, since a custom-identifier host never
 * lists the checks reported for it. Closing the alert removes the marked state (check-prune.ts).
 */
export const droppedChecks: Migration = {
  name: '0008-dropped-checks',
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('check_states')
      .addColumn('is_dropped', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};

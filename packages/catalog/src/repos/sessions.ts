import { NotFoundError, type UnixSec, unixSec } from '@saba/model';
import type { Kysely, Selectable } from 'kysely';
import type { Session, SessionRepo, User } from '../catalog.ts';
import { isForeignKeyViolation } from '../constraint.ts';
import type { Database, SessionsTable } from '../schema.ts';
import { toUser } from './users.ts';

function toSession(r: Selectable<SessionsTable>): Session {
  return {
    tokenHash: r.token_hash,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    createdAt: unixSec(r.created_at),
    expiresAt: unixSec(r.expires_at),
    lastSeenAt: unixSec(r.last_seen_at),
  };
}

/** Sessions over Kysely, keyed by the SHA-256 of the cookie's token. */
export function sessionRepo(db: Kysely<Database>): SessionRepo {
  return {
    create(session: Session, now: UnixSec): Promise<void> {
      return db.transaction().execute(async (trx) => {
        // Pruning at each sign-in keeps the table to the live sessions without a timer.
        await trx.deleteFrom('sessions').where('expires_at', '<=', now).execute();
        try {
          await trx
            .insertInto('sessions')
            .values({
              token_hash: session.tokenHash,
              user_id: session.userId,
              csrf_token: session.csrfToken,
              created_at: session.createdAt,
              expires_at: session.expiresAt,
              last_seen_at: session.lastSeenAt,
            })
            .execute();
        } catch (e) {
          if (isForeignKeyViolation(e)) throw new NotFoundError(`User ${session.userId} not found.`);
          throw e;
        }
      });
    },

    async get(tokenHash: string, now: UnixSec): Promise<{ session: Session; user: User } | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.token_hash',
          'sessions.user_id',
          'sessions.csrf_token',
          'sessions.created_at',
          'sessions.expires_at',
          'sessions.last_seen_at',
          'users.id',
          'users.org_id',
          'users.email',
          'users.screen_name',
          'users.authority',
          'users.created_at as user_created_at',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      if (row.expires_at <= now) {
        await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
        return undefined;
      }
      return { session: toSession(row), user: toUser({ ...row, created_at: row.user_created_at }) };
    },

    async touch(tokenHash: string, now: UnixSec): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
    },

    async delete(tokenHash: string): Promise<boolean> {
      const r = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async prune(now: UnixSec): Promise<number> {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

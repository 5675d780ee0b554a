import {
  asciiLower,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type OrgId,
  orgId,
  type UnixSec,
  unixSec,
} from '@saba/model';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Authority, User, UserCreate, UserRepo } from '../catalog.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../constraint.ts';
import { newOrderedId } from '../ids.ts';
import type { Database, UsersTable } from '../schema.ts';

/** A user row as the domain sees it: everything but the password hash. */
export function toUser(r: Omit<Selectable<UsersTable>, 'password_hash'>): User {
  return {
    id: r.id,
    orgId: orgId(r.org_id),
    email: r.email,
    screenName: r.screen_name,
    authority: r.authority as Authority,
    createdAt: unixSec(r.created_at),
  };
}

/** The columns of a User, never the hash. */
export const USER_COLUMNS = ['id', 'org_id', 'email', 'screen_name', 'authority', 'created_at'] as const;

/** Users over Kysely; an email is unique on the whole server through the index on lower(email). */
export function userRepo(db: Kysely<Database>): UserRepo {
  return {
    async create(org: OrgId, input: UserCreate, now: UnixSec): Promise<User> {
      const row = {
        // Ordered: users made within one second list in the order they were made.
        id: newOrderedId(),
        org_id: org,
        email: input.email,
        screen_name: input.screenName,
        password_hash: input.passwordHash,
        authority: input.authority,
        created_at: now,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`A user with email ${JSON.stringify(input.email)} exists.`);
        if (isForeignKeyViolation(e)) throw new NotFoundError(`Organization ${org} not found.`);
        throw e;
      }
      return toUser(row);
    },

    async get(org: OrgId, id: string): Promise<User | undefined> {
      const row = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('org_id', '=', org)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toUser(row);
    },

    async list(org: OrgId): Promise<User[]> {
      const rows = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('org_id', '=', org)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },

    async findLogin(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
      const row = await db
        .selectFrom('users')
        .select([...USER_COLUMNS, 'password_hash'])
        .where(sql<string>`lower(email)`, '=', asciiLower(email))
        .executeTakeFirst();
      return row && { user: toUser(row), passwordHash: row.password_hash };
    },

    delete(org: OrgId, id: string): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const members = trx.selectFrom('users').select(USER_COLUMNS).where('org_id', '=', org);
        const row = await members.where('id', '=', id).executeTakeFirst();
        if (row === undefined) throw new NotFoundError(`User ${id} not found.`);
        const creator = await members.orderBy('created_at').orderBy('id').limit(1).executeTakeFirstOrThrow();
        if (creator.id === id) throw new ForbiddenError("The organization's creator cannot be deleted.");
        // Sessions go with the user (on delete cascade): a deleted user is signed out at once.
        await trx.deleteFrom('users').where('id', '=', id).execute();
        return toUser(row);
      });
    },

    setPassword(userId: string, passwordHash: string): Promise<void> {
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('users')
          .set({ password_hash: passwordHash })
          .where('id', '=', userId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`User ${userId} not found.`);
        // Whoever knew the old password may hold a session: a reset ends them all.
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { checkNewPassword, ensureDefaultNotificationGroups, hashPassword } from '@saba/api';
import type { Catalog, Org } from '@saba/catalog';
import { BadDataError, msToSec, nowMs, type UnixSec } from '@saba/model';
import { createOrganization } from './monitoring.ts';

/** What the first start did, for the banner. */
export interface Bootstrap {
  readonly orgName: string;
  /** A key generated now; printed once, never stored in clear. */
  readonly generatedKey: string | undefined;
  /** The email of the owner created now (the organization had no user), for the banner. */
  readonly ownerEmail: string | undefined;
  /** That owner's password when it was generated (no SABA_ADMIN_PASSWORD); printed once, stored only hashed. */
  readonly generatedPassword: string | undefined;
}

/** The first owner's sign-in, from SABA_ADMIN_EMAIL and SABA_ADMIN_PASSWORD. */
export interface AdminLogin {
  readonly email: string;
  /** Undefined: generate one. */
  readonly password: string | undefined;
}

/**
 * Makes sure the default organization exists and `SABA_API_KEY` (when set) works: the first start
 * creates the organization with that read-write key, or with a generated one that is printed once.
 * While that organization has no user, its owner is created for web sign-in (`admin`). Then every
 * organization gets the default notification group it lacks: those made before groups existed
 * have none, and the API counts on one (spec features §4.4).
 */
export async function bootstrap(
  catalog: Catalog,
  orgName: string,
  apiKey: string | undefined,
  admin: AdminLogin,
): Promise<Bootstrap> {
  const now = msToSec(nowMs());
  const { org, generatedKey } = await defaultOrganization(catalog, orgName, apiKey, now);
  const owner = org === undefined ? undefined : await firstOwner(catalog, org, admin, now);
  await ensureDefaultNotificationGroups(catalog, now);
  return { orgName, generatedKey, ownerEmail: owner?.email, generatedPassword: owner?.generatedPassword };
}

/** Creates the organization's owner when it has no user; what was made, for the banner. */
async function firstOwner(
  catalog: Catalog,
  org: Org,
  admin: AdminLogin,
  now: UnixSec,
): Promise<{ email: string; generatedPassword: string | undefined } | undefined> {
  if ((await catalog.users.list(org.id)).length > 0) return undefined;
  // 18 random bytes: 24 base64url characters, 144 bits.
  const password = admin.password ?? randomBytes(18).toString('base64url');
  try {
    checkNewPassword(password);
  } catch (err) {
    if (err instanceof BadDataError) throw new Error(`SABA_ADMIN_PASSWORD: ${err.message}`);
    throw err;
  }
  const passwordHash = await hashPassword(password);
  await catalog.users.create(
    org.id,
    { email: admin.email, screenName: 'admin', authority: 'owner', passwordHash },
    now,
  );
  return { email: admin.email, generatedPassword: admin.password === undefined ? password : undefined };
}

/** The default organization (undefined when others exist and it does not), and a key generated for it now. */
async function defaultOrganization(
  catalog: Catalog,
  orgName: string,
  apiKey: string | undefined,
  now: UnixSec,
): Promise<{ org: Org | undefined; generatedKey: string | undefined }> {
  let org = await catalog.orgs.getByName(orgName);
  const fresh = org === undefined && (await catalog.orgs.list()).length === 0;
  if (org === undefined && (fresh || apiKey !== undefined)) org = await createOrganization(catalog, orgName, null, now);
  if (org === undefined) return { org, generatedKey: undefined };
  if (apiKey !== undefined) {
    if ((await catalog.orgs.authenticate(apiKey)) === undefined)
      await catalog.orgs.importKey(org.id, 'SABA_API_KEY', 'write', apiKey, now);
    return { org, generatedKey: undefined };
  }
  if (!fresh) return { org, generatedKey: undefined };
  const { key } = await catalog.orgs.createKey(org.id, 'default', 'write', now);
  return { org, generatedKey: key };
}

import { ensureDefaultNotificationGroups } from '@saba/api';
import type { Catalog } from '@saba/catalog';
import { msToSec, nowMs, type UnixSec } from '@saba/model';
import { createOrganization } from './monitoring.ts';

/** What the first start did, for the banner. */
export interface Bootstrap {
  readonly orgName: string;
  /** A key generated now; printed once, never stored in clear. */
  readonly generatedKey: string | undefined;
}

/**
 * Makes sure the default organization exists and `SABA_API_KEY` (when set) works: the first start
 * creates the organization with that read-write key, or with a generated one that is printed once.
 * Then every organization gets the default notification group it lacks: those made before groups
 * existed have none, and the API counts on one (spec features §4.4).
 */
export async function bootstrap(catalog: Catalog, orgName: string, apiKey: string | undefined): Promise<Bootstrap> {
  const now = msToSec(nowMs());
  const boot = await defaultOrganization(catalog, orgName, apiKey, now);
  await ensureDefaultNotificationGroups(catalog, now);
  return boot;
}

async function defaultOrganization(
  catalog: Catalog,
  orgName: string,
  apiKey: string | undefined,
  now: UnixSec,
): Promise<Bootstrap> {
  let org = await catalog.orgs.getByName(orgName);
  const fresh = org === undefined && (await catalog.orgs.list()).length === 0;
  if (org === undefined && (fresh || apiKey !== undefined)) org = await createOrganization(catalog, orgName, null, now);
  if (org === undefined) return { orgName, generatedKey: undefined };
  if (apiKey !== undefined) {
    if ((await catalog.orgs.authenticate(apiKey)) === undefined)
      await catalog.orgs.importKey(org.id, 'SABA_API_KEY', 'write', apiKey, now);
    return { orgName, generatedKey: undefined };
  }
  if (!fresh) return { orgName, generatedKey: undefined };
  const { key } = await catalog.orgs.createKey(org.id, 'default', 'write', now);
  return { orgName, generatedKey: key };
}

import { NotFoundError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';

/** The caller's organization (spec §14): a bare `{name, displayName}`. */
export function orgRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v0/org',
      access: 'read',
      name: 'org.get',
      handler: async ({ principal }) => {
        const org = await deps.catalog.orgs.get(principal.orgId);
        if (org === undefined) throw new NotFoundError('organization not found');
        return { body: { name: org.name, displayName: org.displayName } };
      },
    },
  ];
}

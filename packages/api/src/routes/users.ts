import type { User } from '@saba/catalog';
import { ForbiddenError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';

/**
 * A user as Mackerel's API answers it (spec api §14). Saba signs in with passwords only, has no
 * invitations or two-step authentication yet: those fields are constant.
 */
export function userJson(u: User): Record<string, unknown> {
  return {
    id: u.id,
    screenName: u.screenName,
    email: u.email,
    authority: u.authority,
    isInRegistrationProcess: false,
    isMFAEnabled: false,
    authenticationMethods: ['password'],
    joinedAt: u.createdAt,
  };
}

/** The organization's users (spec api §14): listed by any key, removed by owners and managers. */
export function userRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v0/users',
      access: 'read',
      name: 'users.list',
      handler: async ({ principal }) => ({
        body: { users: (await deps.catalog.users.list(principal.orgId)).map(userJson) },
      }),
    },
    {
      method: 'DELETE',
      path: '/api/v0/users/:userId',
      // A read-write key may (spec api §14); of signed-in users, only owners and managers.
      access: 'write',
      name: 'users.delete',
      handler: async ({ principal, params }) => {
        const authority = principal.user?.authority;
        if (authority !== undefined && authority !== 'owner' && authority !== 'manager')
          throw new ForbiddenError('only an owner or a manager may remove users');
        // The catalog refuses the creator (403) and a non-member (404) inside its transaction.
        return { body: userJson(await deps.catalog.users.delete(principal.orgId, params.userId as string)) };
      },
    },
  ];
}

import type { User } from '@saba/catalog';
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

/** The organization's users (spec api §14). */
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
  ];
}

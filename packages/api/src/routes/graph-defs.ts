import { BadDataError, NotFoundError, objectBody, requiredString } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import { type Route, SUCCESS } from '../http/route.ts';
import { parseGraphDef } from '../schemas/graph-def.ts';

/** Custom graph definitions (spec §4.3): create or replace by name, delete, and list for the UI. */
export function graphDefRoutes(deps: ApiDeps): Route[] {
  const { graphDefs } = deps.catalog;
  return [
    {
      method: 'POST',
      path: '/api/v0/graph-defs/create',
      access: 'write',
      name: 'graph_defs.create',
      handler: async ({ principal, body }) => {
        if (!Array.isArray(body)) throw new BadDataError('request body must be a JSON array of graph definitions');
        await graphDefs.upsert(principal.orgId, body.map(parseGraphDef));
        return SUCCESS;
      },
    },
    {
      method: 'DELETE',
      path: '/api/v0/graph-defs',
      access: 'write',
      name: 'graph_defs.delete',
      // The Go client sends the name in a JSON body on DELETE (spec §1.4 #10).
      handler: async ({ principal, body }) => {
        const name = requiredString(objectBody(body, '{"name": ...}'), 'name');
        try {
          await graphDefs.delete(principal.orgId, name);
        } catch (err) {
          // Mackerel answers 400, not 404, for a graph definition that does not exist (spec §4.1).
          if (err instanceof NotFoundError) throw new BadDataError(err.message);
          throw err;
        }
        return SUCCESS;
      },
    },
    {
      // Not in Mackerel's public API (spec §4.1); Saba's UI reads graph definitions through it.
      method: 'GET',
      path: '/api/v0/graph-defs',
      access: 'read',
      name: 'graph_defs.list',
      handler: async ({ principal }) => ({ body: { graphDefs: await graphDefs.list(principal.orgId) } }),
    },
  ];
}

import type { GraphAnnotation, GraphAnnotationWrite } from '@saba/catalog';
import { BadDataError, type JsonObject, msToSec, NotFoundError, type OrgId } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import type { Route } from '../http/route.ts';
import { parseGraphAnnotation } from '../schemas/graph-annotation.ts';
import { parseRange } from './metric-read.ts';
import { requireService } from './services.ts';

/**
 * An annotation as Mackerel answers it: id first, then the fields in the documented order.
 * `roles` is left out for a whole-service annotation, as the API docs' list example shows; the
 * Go client reads a missing `roles` as an empty list either way.
 */
function annotationJson(g: GraphAnnotation): JsonObject {
  return {
    id: g.id,
    title: g.title,
    description: g.description,
    from: g.from,
    to: g.to,
    service: g.service,
    ...(g.roles.length > 0 ? { roles: g.roles } : {}),
  };
}

/**
 * The body, validated, whose service and roles exist in `org`. An unknown role is 404, not 400:
 * the API docs list 404 "when the service and role do not exist".
 */
async function parseWrite(deps: ApiDeps, org: OrgId, body: unknown): Promise<GraphAnnotationWrite> {
  const input = parseGraphAnnotation(body);
  const svc = await requireService(deps, org, input.service);
  const missing = input.roles.find((r) => !svc.roles.includes(r));
  if (missing !== undefined) throw new NotFoundError(`Role Not Found. (${svc.name}:${missing})`);
  return input;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Graph Annotation Not Found. (id: ${id})`);
}

/** Graph annotations (spec api §13): create, list a service's by time range, replace, delete. */
export function graphAnnotationRoutes(deps: ApiDeps): Route[] {
  const { graphAnnotations } = deps.catalog;
  const base = '/api/v0/graph-annotations';
  return [
    {
      method: 'POST',
      path: base,
      access: 'write',
      name: 'graph_annotations.create',
      handler: async ({ principal, body }) => {
        const org = principal.orgId;
        const input = await parseWrite(deps, org, body);
        return { body: annotationJson(await graphAnnotations.create(org, input, msToSec(deps.clock()))) };
      },
    },
    {
      method: 'GET',
      path: base,
      access: 'read',
      name: 'graph_annotations.list',
      handler: async ({ principal, query }) => {
        const service = query.get('service');
        if (service === null || service === '') throw new BadDataError('query parameter "service" is required');
        const { from, to } = parseRange(query);
        const svc = await requireService(deps, principal.orgId, service);
        const list = await graphAnnotations.list(principal.orgId, svc.name, from, to);
        return { body: { graphAnnotations: list.map(annotationJson) } };
      },
    },
    {
      method: 'PUT',
      path: `${base}/:annotationId`,
      access: 'write',
      name: 'graph_annotations.update',
      handler: async ({ principal, params, body }) => {
        const org = principal.orgId;
        const id = params.annotationId as string;
        if ((await graphAnnotations.get(org, id)) === undefined) throw notFound(id);
        const input = await parseWrite(deps, org, body);
        return { body: annotationJson(await graphAnnotations.replace(org, id, input)) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:annotationId`,
      access: 'write',
      name: 'graph_annotations.delete',
      handler: async ({ principal, params }) => {
        const org = principal.orgId;
        const id = params.annotationId as string;
        if ((await graphAnnotations.get(org, id)) === undefined) throw notFound(id);
        return { body: annotationJson(await graphAnnotations.delete(org, id)) };
      },
    },
  ];
}

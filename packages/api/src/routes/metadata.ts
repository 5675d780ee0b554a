import type { MetadataTarget } from '@saba/catalog';
import { BadDataError, hostId, msToSec, NotFoundError, type OrgId, TooLargeError } from '@saba/model';
import type { ApiDeps } from '../deps.ts';
import { type RequestContext, type Route, SUCCESS } from '../http/route.ts';
import { checkNamespace } from '../schemas/names.ts';
import { requireHost } from './hosts.ts';
import { requireService } from './services.ts';

/** Spec §3: 100 KB per document, 50 namespaces per host or service, 10 per role. */
const MAX_DOC_BYTES = 100 * 1024;
const MAX_COUNT = { host: 50, service: 50, role: 10 } as const;
/** A retired host's metadata stays readable for a week after retirement (spec §3). */
const RETIRED_READABLE_SEC = 7 * 24 * 3600;

type Mode = 'read' | 'write';

async function resolveTarget(
  deps: ApiDeps,
  org: OrgId,
  kind: MetadataTarget['kind'],
  p: RequestContext['params'],
  mode: Mode,
) {
  if (kind === 'host') {
    const h = await requireHost(deps, org, p.hostId as string);
    if (h.isRetired && h.retiredAt !== null) {
      if (mode === 'write') throw new BadDataError(`host ${h.id} is retired; its metadata cannot change`);
      if (msToSec(deps.clock()) - h.retiredAt > RETIRED_READABLE_SEC) {
        throw new BadDataError(`host ${h.id} was retired more than a week ago; its metadata is gone`);
      }
    }
    return { kind: 'host', hostId: hostId(h.id) } as const;
  }
  const svc = await requireService(deps, org, p.serviceName as string);
  if (kind === 'service') return { kind: 'service', service: svc.name } as const;
  const role = p.roleName as string;
  if (!svc.roles.includes(role)) throw new NotFoundError(`Role Not Found. (${svc.name}:${role})`);
  return { kind: 'role', service: svc.name, role } as const;
}

function lastModified(sec: number): string {
  return new Date(sec * 1000).toUTCString();
}

function routesFor(deps: ApiDeps, kind: MetadataTarget['kind'], base: string): Route[] {
  const { metadata } = deps.catalog;
  return [
    {
      method: 'GET',
      path: `${base}/metadata`,
      access: 'read',
      name: `metadata.${kind}.list`,
      handler: async ({ principal, params }) => {
        const target = await resolveTarget(deps, principal.orgId, kind, params, 'read');
        const names = await metadata.list(principal.orgId, target);
        return { body: { metadata: names.map((namespace) => ({ namespace })) } };
      },
    },
    {
      method: 'GET',
      path: `${base}/metadata/:namespace`,
      access: 'read',
      name: `metadata.${kind}.get`,
      handler: async ({ principal, params }) => {
        const target = await resolveTarget(deps, principal.orgId, kind, params, 'read');
        const doc = await metadata.get(principal.orgId, target, params.namespace as string);
        if (doc === undefined) throw new NotFoundError(`Metadata Not Found. (namespace: ${params.namespace})`);
        // mackerel-client-go fails without Last-Modified (spec §1.4 #3).
        return { json: doc.json, headers: { 'last-modified': lastModified(doc.updatedAt) } };
      },
    },
    {
      method: 'PUT',
      path: `${base}/metadata/:namespace`,
      access: 'write',
      name: `metadata.${kind}.put`,
      // Read a little past the limit so an oversize document gets the 413 that names the limit.
      maxBodyBytes: MAX_DOC_BYTES * 2,
      handler: async ({ principal, params, body, rawBody }) => {
        const ns = params.namespace as string;
        checkNamespace(ns);
        // The text as sent (it parses), not re-serialized: JSON.stringify would round 64-bit
        // integers and long decimals, and GET must return the document verbatim (spec §3). The
        // limit is on the document, not on the newline the Go client's encoder adds.
        const json = rawBody.toString('utf8').trim();
        const size = Buffer.byteLength(json);
        if (size > MAX_DOC_BYTES) {
          throw new TooLargeError(`metadata is ${size} bytes; the limit is ${MAX_DOC_BYTES} bytes (100 KB)`);
        }
        if (body === undefined) throw new BadDataError('metadata body must be JSON');
        const target = await resolveTarget(deps, principal.orgId, kind, params, 'write');
        await metadata.put(principal.orgId, target, ns, json, msToSec(deps.clock()), MAX_COUNT[kind]);
        return SUCCESS;
      },
    },
    {
      method: 'DELETE',
      path: `${base}/metadata/:namespace`,
      access: 'write',
      name: `metadata.${kind}.delete`,
      handler: async ({ principal, params }) => {
        const target = await resolveTarget(deps, principal.orgId, kind, params, 'write');
        await metadata.delete(principal.orgId, target, params.namespace as string);
        return SUCCESS;
      },
    },
  ];
}

/** Host, service and role metadata (spec §3). */
export function metadataRoutes(deps: ApiDeps): Route[] {
  return [
    ...routesFor(deps, 'host', '/api/v0/hosts/:hostId'),
    ...routesFor(deps, 'service', '/api/v0/services/:serviceName'),
    ...routesFor(deps, 'role', '/api/v0/services/:serviceName/roles/:roleName'),
  ];
}

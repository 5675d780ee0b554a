/** An organization's id: the unit of tenant isolation. */
export type OrgId = string & { readonly __id: 'OrgId' };
/** A Mackerel host id (e.g. `2zQBtGyNnYu`). */
export type HostId = string & { readonly __id: 'HostId' };
/** The engine's handle for one series; stable for the life of the data directory. */
export type SeriesRef = number & { readonly __id: 'SeriesRef' };

/** Brands an organization id. */
export function orgId(s: string): OrgId {
  return s as OrgId;
}

/** Brands a host id. */
export function hostId(s: string): HostId {
  return s as HostId;
}

/** Brands a series ref. */
export function seriesRef(n: number): SeriesRef {
  return n as SeriesRef;
}

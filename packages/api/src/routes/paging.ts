import { BadDataError } from '@saba/model';

/** Mackerel pages lists by at most 100 (spec §6, §9.1). */
export const MAX_PAGE = 100;

/** The `limit` query parameter: 1–100, default 100; more is a 400 (spec §9.1). */
export function pageLimit(query: URLSearchParams): number {
  const text = query.get('limit');
  const limit = text === null || text === '' ? MAX_PAGE : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new BadDataError(`"limit" must be a whole number from 1 to ${MAX_PAGE}`);
  return limit;
}

/** One page from `rows` fetched with limit + 1: the page, and `nextId` (the last item's id) when more exist. */
export function page<T extends { readonly id: string }>(
  rows: readonly T[],
  limit: number,
): { items: T[]; nextId?: string } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return rows.length > limit && last !== undefined ? { items, nextId: last.id } : { items };
}

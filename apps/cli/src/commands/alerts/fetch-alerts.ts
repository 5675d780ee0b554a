// Alerts a page at a time until the limit, as mkr's fetchAlerts: open alerts only, or with -w the
// closed ones too; the default limit is 100 with -w and every open alert without it.
import type { JsonObject, MackerelCliClient } from '@saba/client';
import type { ParsedArgs } from '../../args.ts';
import { CliError } from '../../cli-error.ts';

/** mkr's defaultAlertsLimit. */
export const DEFAULT_ALERTS_LIMIT = 100;

/** The -l flag's limit: as given, else 100 with -w, else no limit. */
export function alertsLimit(args: ParsedArgs, withClosed: boolean): number {
  if (args.isSet('limit')) return args.int('limit');
  return withClosed ? DEFAULT_ALERTS_LIMIT : Number.POSITIVE_INFINITY;
}

/** Up to `limit` alerts, newest first. */
export async function fetchAlerts(api: MackerelCliClient, withClosed: boolean, limit: number): Promise<JsonObject[]> {
  if (limit < 0) throw new CliError('limit should not be negative');
  const alerts: JsonObject[] = [];
  let next: string | undefined;
  do {
    const page = await api.listAlerts(withClosed, next);
    alerts.push(...page.items);
    next = page.nextId;
  } while (next !== undefined && alerts.length < limit);
  return alerts.slice(0, limit);
}

import { optionalArray } from '@saba/model';
import type { ConnectivityMonitor } from './config.ts';
import { commonJson, optionalChoice, parseCommon, parseScopes, scopeText, withoutNulls } from './fields.ts';
import type { MonitorKind } from './kind.ts';

/** `type: connectivity`: alerts on hosts that stopped posting. */
export const connectivityKind: MonitorKind<ConnectivityMonitor> = {
  type: 'connectivity',
  parse(o, ctx, previous) {
    // An omitted alertStatusOnGone keeps the stored one on PUT (spec §8.1), unlike every other field.
    const alertStatusOnGone =
      optionalChoice(o, 'alertStatusOnGone', ['CRITICAL', 'WARNING'] as const) ??
      previous?.alertStatusOnGone ??
      'CRITICAL';
    return {
      type: 'connectivity',
      ...parseCommon(o, 'connectivity'),
      alertStatusOnGone,
      scopes: parseScopes(optionalArray(o, 'scopes'), 'scopes', ctx),
      excludeScopes: parseScopes(optionalArray(o, 'excludeScopes'), 'excludeScopes', ctx),
    };
  },
  toJson(c) {
    return withoutNulls({
      ...commonJson(c.type, c),
      alertStatusOnGone: c.alertStatusOnGone,
      scopes: c.scopes.map(scopeText),
      excludeScopes: c.excludeScopes.map(scopeText),
    });
  },
};

import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import type { ConnectivityMonitor } from './config.ts';
import { connectivityKind } from './connectivity.ts';

const ctx = kindContext({ web: ['app'] });

const stored: ConnectivityMonitor = {
  type: 'connectivity',
  name: 'connectivity',
  memo: '',
  notificationInterval: null,
  isMute: true,
  alertStatusOnGone: 'WARNING',
  scopes: [{ service: 'web' }],
  excludeScopes: [{ service: 'web', role: 'app' }],
};

runKindRows(connectivityKind, ctx, [
  {
    name: 'empty body: every default',
    input: { type: 'connectivity' },
    want: {
      type: 'connectivity',
      name: 'connectivity',
      memo: '',
      notificationInterval: null,
      isMute: false,
      alertStatusOnGone: 'CRITICAL',
      scopes: [],
      excludeScopes: [],
    },
  },
  {
    name: 'everything set',
    input: {
      name: 'web down',
      memo: 'm',
      notificationInterval: 20,
      isMute: true,
      alertStatusOnGone: 'WARNING',
      scopes: ['web'],
      excludeScopes: ['web:app'],
    },
    want: { name: 'web down', alertStatusOnGone: 'WARNING', scopes: [{ service: 'web' }] },
  },
  {
    name: 'alertStatusOnGone null is the default',
    input: { alertStatusOnGone: null },
    want: { alertStatusOnGone: 'CRITICAL' },
  },
  {
    name: 'alertStatusOnGone unknown',
    input: { alertStatusOnGone: 'UNKNOWN' },
    err: '"alertStatusOnGone" must be one of',
  },
  { name: 'name empty', input: { name: '' }, err: '"name" is required' },
  { name: 'unknown scope', input: { scopes: ['shop'] }, err: 'service "shop" does not exist' },
  {
    name: 'PUT: omitted alertStatusOnGone is kept, isMute and scopes are reset',
    input: { name: 'connectivity' },
    previous: stored,
    want: { alertStatusOnGone: 'WARNING', isMute: false, scopes: [], excludeScopes: [] },
  },
  {
    name: 'PUT: a given alertStatusOnGone replaces the stored one',
    input: { alertStatusOnGone: 'CRITICAL' },
    previous: stored,
    want: { alertStatusOnGone: 'CRITICAL' },
  },
]);

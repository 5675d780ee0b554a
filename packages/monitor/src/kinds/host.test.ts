import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import type { HostMonitor } from './config.ts';
import { hostKind } from './host.ts';

const ctx = kindContext({ web: ['app', 'db'], batch: [] });
const base = { type: 'host', name: 'load', metric: 'loadavg5', operator: '>', duration: 3 } as const;

const stored: HostMonitor = {
  type: 'host',
  name: 'load',
  memo: '',
  notificationInterval: null,
  isMute: true,
  metric: 'loadavg5',
  operator: '>',
  warning: 4,
  critical: null,
  duration: 3,
  maxCheckAttempts: 1,
  scopes: [{ service: 'web' }],
  excludeScopes: [],
};

runKindRows(hostKind, ctx, [
  {
    name: 'minimal, with defaults',
    input: { ...base, warning: 4 },
    want: {
      type: 'host',
      name: 'load',
      memo: '',
      notificationInterval: null,
      isMute: false,
      metric: 'loadavg5',
      operator: '>',
      warning: 4,
      critical: null,
      duration: 3,
      maxCheckAttempts: 1,
      scopes: [],
      excludeScopes: [],
    },
  },
  {
    name: "the Go client's body: nulls and extra keys",
    input: {
      ...base,
      id: '2cSZzK3XfmG',
      memo: null,
      warning: null,
      critical: 8,
      scopes: null,
      excludeScopes: null,
      notificationInterval: null,
      isMute: null,
    },
    want: { warning: null, critical: 8, scopes: [], excludeScopes: [], isMute: false, memo: '' },
  },
  {
    name: 'everything set',
    input: {
      ...base,
      memo: 'm',
      notificationInterval: 30,
      isMute: true,
      warning: 4,
      critical: 8,
      maxCheckAttempts: 5,
      scopes: ['web', 'web: app'],
      excludeScopes: ['web:db'],
    },
    want: {
      memo: 'm',
      notificationInterval: 30,
      isMute: true,
      maxCheckAttempts: 5,
      scopes: [{ service: 'web' }, { service: 'web', role: 'app' }],
      excludeScopes: [{ service: 'web', role: 'db' }],
    },
  },
  {
    name: 'custom metric name',
    input: { ...base, metric: 'custom.my-app.req_count', warning: 1 },
    want: { metric: 'custom.my-app.req_count' },
  },
  {
    name: 'cpu% within 0–100',
    input: { ...base, metric: 'cpu%', warning: 0, critical: 100 },
    want: { metric: 'cpu%' },
  },
  { name: 'container-memory%', input: { ...base, metric: 'container-memory%', critical: 90 }, want: { critical: 90 } },
  {
    name: 'cpu% above 100',
    input: { ...base, metric: 'cpu%', critical: 101 },
    err: '"critical" must be 0–100 for "cpu%"',
  },
  { name: 'disk% below 0', input: { ...base, metric: 'disk%', warning: -1 }, err: '"warning" must be 0–100' },
  { name: 'plain metric above 100 is fine', input: { ...base, warning: 500 }, want: { warning: 500 } },
  { name: 'unknown pseudo-metric', input: { ...base, metric: 'gpu%', warning: 1 }, err: '"metric" "gpu%" must be' },
  { name: 'metric missing', input: { ...base, metric: undefined, warning: 1 }, err: '"metric" is required' },
  { name: 'metric empty', input: { ...base, metric: '', warning: 1 }, err: '"metric" is required' },
  {
    name: 'no threshold',
    input: { ...base, warning: null, critical: null },
    err: 'at least one of "warning" and "critical"',
  },
  { name: 'operator missing', input: { ...base, operator: undefined, warning: 1 }, err: '"operator" is required' },
  { name: 'duration missing', input: { ...base, duration: undefined, warning: 1 }, err: '"duration" is required' },
  { name: 'duration 0', input: { ...base, duration: 0, warning: 1 }, err: '"duration" must be a whole number 1–10' },
  { name: 'maxCheckAttempts 11', input: { ...base, warning: 1, maxCheckAttempts: 11 }, err: '"maxCheckAttempts"' },
  {
    name: 'unknown scope',
    input: { ...base, warning: 1, scopes: ['shop'] },
    err: '"scopes"[0]: service "shop" does not exist',
  },
  {
    name: 'unknown excluded role',
    input: { ...base, warning: 1, excludeScopes: ['web:x'] },
    err: '"excludeScopes"[0]: role "web:x"',
  },
  { name: 'name missing', input: { ...base, name: undefined, warning: 1 }, err: '"name" is required' },
  {
    name: 'PUT: omitted isMute and scopes are reset',
    input: { ...base, warning: 4 },
    previous: stored,
    want: { isMute: false, scopes: [] },
  },
  {
    name: 'PUT: the metric cannot change (spec features §2.3)',
    input: { ...base, metric: 'loadavg15', warning: 4 },
    previous: stored,
    err: '"metric" cannot be changed',
  },
]);

import { kindContext, runKindRows } from '../testing/kind-rows.ts';
import { serviceKind } from './service.ts';

const ctx = kindContext({ web: ['app'] });
const base = { type: 'service', name: 'rps', service: 'web', metric: 'req.count', operator: '>', duration: 1 } as const;

runKindRows(serviceKind, ctx, [
  {
    name: 'minimal, with defaults',
    input: { ...base, critical: 100 },
    want: {
      type: 'service',
      name: 'rps',
      memo: '',
      notificationInterval: null,
      isMute: false,
      service: 'web',
      metric: 'req.count',
      operator: '>',
      warning: null,
      critical: 100,
      duration: 1,
      maxCheckAttempts: 1,
      missingDurationWarning: null,
      missingDurationCritical: null,
    },
  },
  {
    name: "the Go client's nulls",
    input: { ...base, warning: null, critical: 3, missingDurationWarning: null, missingDurationCritical: null },
    want: { warning: null, critical: 3, missingDurationWarning: null },
  },
  {
    name: 'interruption monitoring alone',
    input: { ...base, warning: null, critical: null, missingDurationWarning: 10, missingDurationCritical: 10080 },
    want: { warning: null, critical: null, missingDurationWarning: 10, missingDurationCritical: 10080 },
  },
  { name: 'maxCheckAttempts', input: { ...base, warning: 1, maxCheckAttempts: 4 }, want: { maxCheckAttempts: 4 } },
  { name: 'no threshold and no interruption', input: { ...base }, err: 'at least one of "warning" and "critical"' },
  {
    name: 'missingDuration not a multiple of 10',
    input: { ...base, missingDurationWarning: 15 },
    err: 'multiple of 10',
  },
  {
    name: 'missingDuration 0',
    input: { ...base, missingDurationWarning: 0 },
    err: '"missingDurationWarning" must be a whole number',
  },
  {
    name: 'missingDuration over a week',
    input: { ...base, missingDurationCritical: 10090 },
    err: '"missingDurationCritical"',
  },
  { name: 'service missing', input: { ...base, service: undefined, warning: 1 }, err: '"service" is required' },
  {
    name: 'service unknown',
    input: { ...base, service: 'shop', warning: 1 },
    err: '"service": service "shop" does not exist',
  },
  { name: 'metric missing', input: { ...base, metric: null, warning: 1 }, err: '"metric" is required' },
  { name: 'operator missing', input: { ...base, operator: undefined, warning: 1 }, err: '"operator" is required' },
  { name: 'duration 11', input: { ...base, duration: 11, warning: 1 }, err: '"duration"' },
  {
    name: 'a deleted service loads from storage',
    input: { ...base, service: 'gone', warning: 1 },
    noContext: true,
    want: { service: 'gone' },
  },
]);

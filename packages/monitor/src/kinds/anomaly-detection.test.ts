import { kindContext, runKindRows, TEST_NOW } from '../testing/kind-rows.ts';
import { anomalyDetectionKind } from './anomaly-detection.ts';
import type { AnomalyDetectionMonitor } from './config.ts';

const ctx = kindContext({ web: ['app', 'db'] });
const base = { type: 'anomalyDetection', name: 'web app', scopes: ['web:app'] } as const;

const stored: AnomalyDetectionMonitor = {
  type: 'anomalyDetection',
  name: 'web app',
  memo: '',
  notificationInterval: null,
  isMute: false,
  scopes: [{ service: 'web', role: 'app' }],
  warningSensitivity: 'normal',
  criticalSensitivity: null,
  maxCheckAttempts: 3,
  trainingPeriodFrom: null,
};

runKindRows(anomalyDetectionKind, ctx, [
  { name: 'minimal, with defaults', input: { ...base, warningSensitivity: 'normal' }, want: stored },
  {
    name: 'both sensitivities, maxCheckAttempts, a spaced role',
    input: {
      ...base,
      scopes: ['web: db'],
      warningSensitivity: 'sensitive',
      criticalSensitivity: 'insensitive',
      maxCheckAttempts: 1,
    },
    want: { scopes: [{ service: 'web', role: 'db' }], criticalSensitivity: 'insensitive', maxCheckAttempts: 1 },
  },
  {
    name: 'scopes missing',
    input: { type: 'anomalyDetection', name: 'x', warningSensitivity: 'normal' },
    err: '"scopes" must name at least one role',
  },
  {
    name: 'scopes null',
    input: { ...base, scopes: null, warningSensitivity: 'normal' },
    err: '"scopes" must name at least one role',
  },
  {
    name: 'a whole service',
    input: { ...base, scopes: ['web'], warningSensitivity: 'normal' },
    err: '"scopes"[0] "web" must be a role',
  },
  {
    name: 'unknown role',
    input: { ...base, scopes: ['web:batch'], warningSensitivity: 'normal' },
    err: 'role "web:batch" does not exist',
  },
  {
    name: 'no sensitivity',
    input: { ...base, warningSensitivity: null },
    err: 'at least one of "warningSensitivity" and "criticalSensitivity"',
  },
  {
    name: 'unknown sensitivity',
    input: { ...base, criticalSensitivity: 'high' },
    err: '"criticalSensitivity" must be one of',
  },
  {
    name: 'trainingPeriodFrom on create',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: TEST_NOW - 3600 },
    err: 'cannot be set when creating',
  },
  {
    name: 'PUT: trainingPeriodFrom in the past',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: TEST_NOW - 3600 },
    previous: stored,
    want: { trainingPeriodFrom: TEST_NOW - 3600 },
  },
  {
    name: 'PUT: trainingPeriodFrom now',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: TEST_NOW },
    previous: stored,
    want: { trainingPeriodFrom: TEST_NOW },
  },
  {
    name: 'PUT: trainingPeriodFrom in the future',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: TEST_NOW + 1 },
    previous: stored,
    err: 'is in the future',
  },
  {
    name: 'PUT: trainingPeriodFrom in ms',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: 1.5 },
    previous: stored,
    err: 'must be epoch seconds',
  },
  {
    name: 'a stored trainingPeriodFrom loads without a context',
    input: { ...base, warningSensitivity: 'normal', trainingPeriodFrom: TEST_NOW - 60 },
    noContext: true,
    want: { trainingPeriodFrom: TEST_NOW - 60 },
  },
]);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertSubject } from '../subject.ts';
import type { Downtime } from './schema.ts';
import { downtimeCovers } from './scope.ts';

const none: Downtime = {
  name: 'dt',
  memo: '',
  start: 0,
  duration: 60,
  recurrence: null,
  serviceScopes: [],
  serviceExcludeScopes: [],
  roleScopes: [],
  roleExcludeScopes: [],
  monitorScopes: [],
  monitorExcludeScopes: [],
};

/** A host in web (roles app) and db (role primary), alerted by monitor m1. */
const host: AlertSubject = {
  monitorId: 'm1',
  services: ['web', 'db'],
  roles: [
    { service: 'web', role: 'app' },
    { service: 'db', role: 'primary' },
  ],
};
/** A service monitor's alert: one service, no roles. */
const service: AlertSubject = { monitorId: 'm2', services: ['batch'], roles: [] };
/** An external monitor without a service. */
const bare: AlertSubject = { monitorId: 'm3', services: [], roles: [] };

const web = (role: string) => ({ service: 'web', role });

const cases: [string, Partial<Downtime>, AlertSubject, boolean][] = [
  ['no scopes cover a host', {}, host, true],
  ['no scopes cover a bare external alert', {}, bare, true],
  ['a service scope covers a host in it', { serviceScopes: ['db'] }, host, true],
  ['a service scope misses a host outside it', { serviceScopes: ['batch'] }, host, false],
  ['a service scope misses an alert with no service', { serviceScopes: ['web'] }, bare, false],
  ["service scopes are OR'ed among themselves", { serviceScopes: ['batch', 'web'] }, host, true],
  ['an excluded service removes a host in it', { serviceExcludeScopes: ['db'] }, host, false],
  ['an excluded service spares others', { serviceExcludeScopes: ['db'] }, service, true],
  ['a role scope covers a host with the role', { roleScopes: [web('app')] }, host, true],
  ['a role scope misses a host without it', { roleScopes: [web('proxy')] }, host, false],
  ['a role is matched by service and name together', { roleScopes: [{ service: 'db', role: 'app' }] }, host, false],
  ['a role scope misses a service alert', { roleScopes: [web('app')] }, service, false],
  ['an excluded role removes a host with it', { roleExcludeScopes: [{ service: 'db', role: 'primary' }] }, host, false],
  ['an excluded role spares a host without it', { roleExcludeScopes: [web('proxy')] }, host, true],
  ['a monitor scope covers its monitor', { monitorScopes: ['m1', 'm9'] }, host, true],
  ['a monitor scope misses other monitors', { monitorScopes: ['m2'] }, host, false],
  ['an excluded monitor removes its alerts', { monitorExcludeScopes: ['m1'] }, host, false],
  ['an excluded monitor spares others', { monitorExcludeScopes: ['m1'] }, service, true],
  ['service AND monitor: both hold', { serviceScopes: ['web'], monitorScopes: ['m1'] }, host, true],
  ['service AND monitor: monitor fails', { serviceScopes: ['web'], monitorScopes: ['m2'] }, host, false],
  [
    'service AND role: role fails',
    { serviceScopes: ['web'], roleScopes: [{ service: 'batch', role: 'x' }] },
    host,
    false,
  ],
  ['a service scope with its role excluded', { serviceScopes: ['web'], roleExcludeScopes: [web('app')] }, host, false],
  [
    'a service scope with another role excluded',
    { serviceScopes: ['web'], roleExcludeScopes: [web('proxy')] },
    host,
    true,
  ],
  ['a scoped monitor on an excluded service', { monitorScopes: ['m1'], serviceExcludeScopes: ['web'] }, host, false],
];

describe('downtimeCovers', () => {
  for (const [what, scopes, subject, want] of cases) {
    it(what, () => {
      assert.equal(downtimeCovers({ ...none, ...scopes }, subject), want);
    });
  }
});

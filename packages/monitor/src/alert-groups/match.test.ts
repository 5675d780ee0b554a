import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertSubject } from '../subject.ts';
import { alertGroupMatches } from './match.ts';
import type { AlertGroupSetting } from './schema.ts';

const empty: AlertGroupSetting = {
  name: 'g',
  memo: '',
  serviceScopes: [],
  roleScopes: [],
  monitorScopes: [],
  notificationInterval: null,
};

/** A host in web (role app) and db (role primary), alerted by monitor m1. */
const host: AlertSubject = {
  monitorId: 'm1',
  services: ['web', 'db'],
  roles: [
    { service: 'web', role: 'app' },
    { service: 'db', role: 'primary' },
  ],
};
const service: AlertSubject = { monitorId: 'm2', services: ['batch'], roles: [] };
const bare: AlertSubject = { monitorId: 'm3', services: [], roles: [] };

const cases: [string, Partial<AlertGroupSetting>, AlertSubject, boolean][] = [
  ['a service scope takes a host in the service', { serviceScopes: ['db'] }, host, true],
  ['a service scope takes a service alert', { serviceScopes: ['batch'] }, service, true],
  ['a service scope leaves a host outside it', { serviceScopes: ['batch'] }, host, false],
  ['a role scope takes a host with the role', { roleScopes: [{ service: 'web', role: 'app' }] }, host, true],
  ['a role scope leaves a host without it', { roleScopes: [{ service: 'web', role: 'proxy' }] }, host, false],
  ['a role is matched by service and name together', { roleScopes: [{ service: 'db', role: 'app' }] }, host, false],
  [
    "services and roles are OR'ed: the role matches",
    { serviceScopes: ['batch'], roleScopes: [{ service: 'web', role: 'app' }] },
    host,
    true,
  ],
  [
    "services and roles are OR'ed: the service matches",
    { serviceScopes: ['batch'], roleScopes: [{ service: 'web', role: 'app' }] },
    service,
    true,
  ],
  [
    'services and roles: neither matches',
    { serviceScopes: ['batch'], roleScopes: [{ service: 'x', role: 'y' }] },
    bare,
    false,
  ],
  ['a monitor scope alone takes its monitor', { monitorScopes: ['m1'] }, host, true],
  ['a monitor scope alone takes a bare external alert', { monitorScopes: ['m3'] }, bare, true],
  ['a monitor scope alone leaves other monitors', { monitorScopes: ['m2'] }, host, false],
  ['monitor AND service: both hold', { serviceScopes: ['web'], monitorScopes: ['m1'] }, host, true],
  ['monitor AND service: monitor fails', { serviceScopes: ['web'], monitorScopes: ['m2'] }, host, false],
  ['monitor AND service: service fails', { serviceScopes: ['batch'], monitorScopes: ['m1'] }, host, false],
  [
    'monitor AND role: both hold',
    { roleScopes: [{ service: 'db', role: 'primary' }], monitorScopes: ['m1'] },
    host,
    true,
  ],
  ['monitor AND role: role fails', { roleScopes: [{ service: 'db', role: 'x' }], monitorScopes: ['m1'] }, host, false],
  ['no scopes at all take nothing (parsing refuses such a setting)', {}, host, false],
];

describe('alertGroupMatches', () => {
  for (const [what, scopes, subject, want] of cases) {
    it(what, () => {
      assert.equal(alertGroupMatches({ ...empty, ...scopes }, subject), want);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertGroupSetting } from './alert-groups/schema.ts';
import type { Downtime } from './downtime/schema.ts';
import { monitorToJson, parseMonitor } from './kinds/registry.ts';
import {
  alertGroupSettingWithout,
  type Cleaned,
  type DeletedScope,
  downtimeWithout,
  monitorWithout,
} from './scope-cleanup.ts';

const WEB: DeletedScope = { service: 'web' };
const WEB_APP: DeletedScope = { service: 'web', role: 'app' };

/** A monitor's cleaned settings as the API would answer them, or 'keep' / 'delete'. */
function cleanedMonitor(json: Record<string, unknown>, gone: DeletedScope): unknown {
  const r = monitorWithout(parseMonitor(json, undefined), gone);
  return typeof r === 'string' ? r : monitorToJson({ ...r, id: 'm' });
}

const hostJson = (scopes: string[], excludeScopes: string[] = []) => ({
  type: 'host',
  name: 'cpu',
  metric: 'loadavg5',
  operator: '>',
  warning: 1,
  duration: 1,
  scopes,
  excludeScopes,
});
const serviceJson = {
  type: 'service',
  name: 's',
  service: 'web',
  metric: 'orders',
  operator: '>',
  warning: 1,
  duration: 1,
};
const anomalyJson = (scopes: string[]) => ({
  type: 'anomalyDetection',
  name: 'a',
  warningSensitivity: 'normal',
  scopes,
});
const externalJson = (service?: string) => ({
  type: 'external',
  name: 'e',
  url: 'https://example.com/',
  ...(service === undefined ? {} : { service }),
});

describe('monitorWithout', () => {
  const cases: [string, Record<string, unknown>, DeletedScope, Cleaned<Record<string, unknown>>][] = [
    ['a service monitor of the service goes', serviceJson, WEB, 'delete'],
    ['a service monitor of another service stays', serviceJson, { service: 'api' }, 'keep'],
    ['a role delete leaves service monitors alone', serviceJson, WEB_APP, 'keep'],
    ['an external monitor attached to the service goes', externalJson('web'), WEB, 'delete'],
    ['an external monitor without a service stays', externalJson(), WEB, 'keep'],
    ['a host monitor naming nothing deleted stays', hostJson(['api']), WEB, 'keep'],
    ['a host monitor on every host stays', hostJson([]), WEB, 'keep'],
    [
      'a host monitor keeps its other scopes',
      hostJson(['web', 'api:db']),
      WEB,
      { scopes: ['api:db'], excludeScopes: [] },
    ],
    ["a service's roles go with it", hostJson(['web:app', 'api']), WEB, { scopes: ['api'], excludeScopes: [] }],
    [
      'a host monitor on only the service goes (empty scopes are every host)',
      hostJson(['web', 'web:app']),
      WEB,
      'delete',
    ],
    ['an excluded service is dropped', hostJson([], ['web', 'api']), WEB, { scopes: [], excludeScopes: ['api'] }],
    [
      'a role delete takes that role only',
      hostJson(['web:app', 'web:db', 'web']),
      WEB_APP,
      { scopes: ['web:db', 'web'], excludeScopes: [] },
    ],
    ['a role delete leaves the whole service scope', hostJson(['web']), WEB_APP, 'keep'],
    ['a host monitor on only the role goes', hostJson(['web:app'], ['api']), WEB_APP, 'delete'],
    ['an anomaly monitor keeps its other roles', anomalyJson(['web:app', 'api:db']), WEB, { scopes: ['api:db'] }],
    ['an anomaly monitor of only the role goes', anomalyJson(['web:app']), WEB_APP, 'delete'],
    [
      'an expression monitor is not looked into',
      { type: 'expression', name: 'x', expression: 'role(web:app, loadavg5)', operator: '>', warning: 1 },
      WEB,
      'keep',
    ],
  ];
  for (const [name, json, gone, want] of cases) {
    it(name, () => {
      const got = cleanedMonitor(json, gone);
      if (typeof want === 'string') assert.equal(got, want);
      else assert.deepEqual(got, { ...monitorToJson({ ...parseMonitor(json, undefined), id: 'm' }), ...want });
    });
  }
});

const downtime: Downtime = {
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
const web = (role: string) => ({ service: 'web', role });
const api = (role: string) => ({ service: 'api', role });

describe('downtimeWithout', () => {
  // `gone` undefined: a monitor's own delete, which leaves services and roles alone.
  const cases: [
    string,
    Partial<Downtime>,
    DeletedScope | undefined,
    ReadonlySet<string>,
    Cleaned<Partial<Downtime>>,
  ][] = [
    ['no scopes: kept (it covers everything already)', {}, WEB, new Set(), 'keep'],
    ['other services only: kept', { serviceScopes: ['api'] }, WEB, new Set(), 'keep'],
    [
      'the service taken out of the list',
      { serviceScopes: ['web', 'api'] },
      WEB,
      new Set(),
      { serviceScopes: ['api'] },
    ],
    [
      'only the service: goes (empty covers every alert)',
      { serviceScopes: ['web'], roleScopes: [api('db')] },
      WEB,
      new Set(),
      'delete',
    ],
    ['its roles go with it', { roleScopes: [web('app'), api('db')] }, WEB, new Set(), { roleScopes: [api('db')] }],
    ['only its roles: goes', { roleScopes: [web('app')] }, WEB, new Set(), 'delete'],
    [
      'exclusions are dropped, never deleting',
      { serviceExcludeScopes: ['web'], roleExcludeScopes: [web('db')] },
      WEB,
      new Set(),
      { serviceExcludeScopes: [], roleExcludeScopes: [] },
    ],
    ['a role delete leaves service scopes', { serviceScopes: ['web'] }, WEB_APP, new Set(), 'keep'],
    [
      'a role delete takes that role',
      { roleScopes: [web('app'), web('db')] },
      WEB_APP,
      new Set(),
      { roleScopes: [web('db')] },
    ],
    [
      'deleted monitors are dropped',
      { monitorScopes: ['m1', 'm2'], monitorExcludeScopes: ['m1'] },
      WEB,
      new Set(['m1']),
      { monitorScopes: ['m2'], monitorExcludeScopes: [] },
    ],
    ['only deleted monitors: goes', { monitorScopes: ['m1'], serviceScopes: ['api'] }, WEB, new Set(['m1']), 'delete'],
    [
      'a monitor delete takes the monitor only',
      { serviceScopes: ['web'], roleScopes: [web('app')], monitorScopes: ['m1', 'm2'] },
      undefined,
      new Set(['m1']),
      { monitorScopes: ['m2'] },
    ],
    [
      'a monitor delete of the only monitor scope: goes',
      { serviceScopes: ['web'], monitorScopes: ['m1'] },
      undefined,
      new Set(['m1']),
      'delete',
    ],
    [
      'a monitor delete drops its exclusion, which may empty',
      { serviceScopes: ['web'], serviceExcludeScopes: ['api'], monitorExcludeScopes: ['m1'] },
      undefined,
      new Set(['m1']),
      { monitorExcludeScopes: [] },
    ],
    [
      'a monitor delete naming nothing in it: kept',
      { serviceScopes: ['web'], roleScopes: [web('app')], monitorScopes: ['m2'] },
      undefined,
      new Set(['m1']),
      'keep',
    ],
  ];
  for (const [name, over, gone, monitors, want] of cases) {
    it(name, () => {
      const got = downtimeWithout({ ...downtime, ...over }, gone, monitors);
      assert.deepEqual(got, typeof want === 'string' ? want : { ...downtime, ...over, ...want });
    });
  }
});

const setting: AlertGroupSetting = {
  name: 'g',
  memo: '',
  serviceScopes: [],
  roleScopes: [],
  monitorScopes: [],
  notificationInterval: null,
};

describe('alertGroupSettingWithout', () => {
  const cases: [
    string,
    Partial<AlertGroupSetting>,
    DeletedScope | undefined,
    ReadonlySet<string>,
    Cleaned<Partial<AlertGroupSetting>>,
  ][] = [
    ['naming nothing deleted: kept', { serviceScopes: ['api'] }, WEB, new Set(), 'keep'],
    ['the service taken out', { serviceScopes: ['web', 'api'] }, WEB, new Set(), { serviceScopes: ['api'] }],
    [
      'a role keeps the service/role part',
      { serviceScopes: ['web'], roleScopes: [api('db')] },
      WEB,
      new Set(),
      { serviceScopes: [] },
    ],
    [
      'the part emptied with a monitor part left: goes (it would widen)',
      { serviceScopes: ['web'], monitorScopes: ['m2'] },
      WEB,
      new Set(),
      'delete',
    ],
    ['the only scope emptied: goes', { roleScopes: [web('app')] }, WEB_APP, new Set(), 'delete'],
    ['a deleted monitor dropped', { monitorScopes: ['m1', 'm2'] }, WEB, new Set(['m1']), { monitorScopes: ['m2'] }],
    [
      'the monitor part emptied: goes',
      { serviceScopes: ['api'], monitorScopes: ['m1'] },
      WEB,
      new Set(['m1']),
      'delete',
    ],
    [
      'a monitor delete takes the monitor only',
      { serviceScopes: ['web'], roleScopes: [web('app')], monitorScopes: ['m1', 'm2'] },
      undefined,
      new Set(['m1']),
      { monitorScopes: ['m2'] },
    ],
    [
      'a monitor delete of the only monitor scope: goes',
      { roleScopes: [web('app')], monitorScopes: ['m1'] },
      undefined,
      new Set(['m1']),
      'delete',
    ],
    [
      'a monitor delete leaves services and roles',
      { serviceScopes: ['web'], roleScopes: [web('app')] },
      undefined,
      new Set(['m1']),
      'keep',
    ],
  ];
  for (const [name, over, gone, monitors, want] of cases) {
    it(name, () => {
      const got = alertGroupSettingWithout({ ...setting, ...over }, gone, monitors);
      assert.deepEqual(got, typeof want === 'string' ? want : { ...setting, ...over, ...want });
    });
  }
});

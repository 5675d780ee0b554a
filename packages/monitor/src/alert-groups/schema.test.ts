import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadDataError } from '@saba/model';
import type { ScopeContext } from '../subject.ts';
import { alertGroupSettingToJson, parseAlertGroupSetting } from './schema.ts';

const ctx: ScopeContext = {
  hasService: (s) => ['web', 'db'].includes(s),
  hasRole: (s, r) => ['web:app', 'db:primary'].includes(`${s}:${r}`),
  hasMonitor: (id) => ['m1', 'm2'].includes(id),
};

describe('parseAlertGroupSetting', () => {
  it('reads a setting with one scope and defaults for the rest', () => {
    const s = parseAlertGroupSetting({ name: 'web alerts', serviceScopes: ['web'] }, ctx);
    assert.deepEqual(s, {
      name: 'web alerts',
      memo: '',
      serviceScopes: ['web'],
      roleScopes: [],
      monitorScopes: [],
      notificationInterval: null,
    });
    assert.deepEqual(alertGroupSettingToJson(s), { name: 'web alerts', serviceScopes: ['web'] });
  });

  it('round-trips every field, role scopes as service:role', () => {
    const input = {
      name: 'db',
      memo: 'primary only',
      serviceScopes: ['web'],
      roleScopes: ['db: primary'],
      monitorScopes: ['m1', 'm2'],
      notificationInterval: 30,
    };
    const s = parseAlertGroupSetting(input, ctx);
    assert.deepEqual(s.roleScopes, [{ service: 'db', role: 'primary' }]);
    const json = alertGroupSettingToJson(s);
    assert.deepEqual(json, { ...input, roleScopes: ['db:primary'] });
    assert.deepEqual(parseAlertGroupSetting(json, ctx), s);
  });

  it('takes Go nulls as empty or absent', () => {
    const s = parseAlertGroupSetting(
      {
        name: 'g',
        memo: null,
        serviceScopes: null,
        roleScopes: null,
        monitorScopes: ['m1'],
        notificationInterval: null,
      },
      ctx,
    );
    assert.equal(s.memo, '');
    assert.deepEqual(s.serviceScopes, []);
    assert.equal(s.notificationInterval, null);
  });

  it('accepts the limits themselves', () => {
    const s = parseAlertGroupSetting(
      { name: 'n'.repeat(250), memo: 'm'.repeat(2048), monitorScopes: ['m1'], notificationInterval: 10 },
      ctx,
    );
    assert.equal(s.notificationInterval, 10);
  });

  it('does not check existence when loading a stored setting (no ctx)', () => {
    const s = parseAlertGroupSetting({ name: 'g', serviceScopes: ['gone'], monitorScopes: ['deleted'] }, undefined);
    assert.deepEqual(s.serviceScopes, ['gone']);
  });

  const ok = { name: 'g', serviceScopes: ['web'] };
  const refused: [string, unknown, RegExp][] = [
    ['a string body', 'g', /must be a JSON object/],
    ['no name', { serviceScopes: ['web'] }, /"name" is required/],
    ['an empty name', { ...ok, name: '' }, /"name" is required/],
    ['a name of 251 characters', { ...ok, name: 'n'.repeat(251) }, /"name" is longer than 250/],
    ['a memo of 2049 characters', { ...ok, memo: 'm'.repeat(2049) }, /"memo" is longer than 2048/],
    ['no scope at all', { name: 'g' }, /at least one of "serviceScopes", "roleScopes" and "monitorScopes"/],
    ['only empty and null scopes', { name: 'g', serviceScopes: [], roleScopes: null }, /at least one of/],
    ['an unknown service', { ...ok, serviceScopes: ['nope'] }, /"serviceScopes"\[0\]: service "nope" does not exist/],
    ['an unknown role', { ...ok, roleScopes: ['web:db'] }, /"roleScopes"\[0\]: role "web:db" does not exist/],
    ['a malformed role', { ...ok, roleScopes: ['web'] }, /"roleScopes"\[0\] "web" is not a role full name/],
    ['an unknown monitor', { ...ok, monitorScopes: ['m7'] }, /"monitorScopes"\[0\]: monitor "m7" does not exist/],
    ['a service listed twice', { ...ok, serviceScopes: ['web', 'web'] }, /"serviceScopes" lists "web" twice/],
    [
      'a notification interval under 10',
      { ...ok, notificationInterval: 9 },
      /"notificationInterval" must be whole minutes ≥ 10, got 9/,
    ],
    [
      'a fractional notification interval',
      { ...ok, notificationInterval: 10.5 },
      /"notificationInterval" must be whole/,
    ],
    ['a notification interval as text', { ...ok, notificationInterval: '30' }, /"notificationInterval" must be whole/],
  ];
  for (const [what, input, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => parseAlertGroupSetting(input, ctx),
        (e: unknown) => e instanceof BadDataError && message.test(e.message),
      );
    });
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managesKeys, permissionLabel, settingsPages } from './settings-access.ts';

test('only owners and managers manage API keys and see the page', () => {
  const cases: Array<[string, boolean, string[]]> = [
    ['owner', true, ['/settings/api-keys', '/settings/users']],
    ['manager', true, ['/settings/api-keys', '/settings/users']],
    ['collaborator', false, ['/settings/users']],
    ['viewer', false, ['/settings/users']],
    ['', false, ['/settings/users']],
  ];
  for (const [authority, manages, pages] of cases) {
    assert.equal(managesKeys(authority), manages, authority);
    assert.deepEqual(
      settingsPages(authority).map((p) => p.path),
      pages,
      authority,
    );
  }
});

test('permissionLabel says what a key may do', () => {
  assert.equal(permissionLabel('read'), 'Read only');
  assert.equal(permissionLabel('write'), 'Read and write');
  assert.equal(permissionLabel('other'), 'other');
});

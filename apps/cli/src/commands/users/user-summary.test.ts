import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { userSummary, userVerbose } from './user-summary.ts';

// mkr's users/app_test.go sample users, as the API sends them.
const alice = {
  id: 'user1',
  screenName: 'Alice',
  email: 'alice@example.com',
  authority: 'owner',
  isInRegistrationProcess: false,
  isMFAEnabled: true,
  authenticationMethods: ['password', 'google'],
  joinedAt: 1553000000,
};

describe('users shapes', () => {
  test('default: both flags always, joinedAt as ISO 8601 extended in local time', () => {
    const prev = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      assert.deepEqual(userSummary(alice), { ...alice, joinedAt: '2019-03-19T21:53:20+09:00' });
      assert.deepEqual(Object.keys(userSummary(alice)), Object.keys(alice));
    } finally {
      process.env.TZ = prev;
    }
  });

  test('-v: false flags and zero values are left out, as mackerel-client-go encodes them', () => {
    const v = userVerbose(alice);
    const { isInRegistrationProcess: _dropped, ...rest } = alice;
    assert.deepEqual(v, rest);
    assert.deepEqual(Object.keys(v), [
      'id',
      'screenName',
      'email',
      'authority',
      'isMFAEnabled',
      'authenticationMethods',
      'joinedAt',
    ]);
    assert.deepEqual(userVerbose({ id: 'u', isInRegistrationProcess: true, authenticationMethods: [] }), {
      id: 'u',
      isInRegistrationProcess: true,
    });
  });
});

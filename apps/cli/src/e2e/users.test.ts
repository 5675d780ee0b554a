// saba users against the real server: the owner the server creates, in mkr's default shape, -v, -f and --jq.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
before(async () => {
  s = await startCliServer();
});
after(async () => {
  await s.close();
});

describe('users', () => {
  test('lists the owner: mkr`s keys, joinedAt as ISO 8601 extended', async () => {
    const r = await s.saba(['users']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\[\n {4}\{\n {8}"id": /);
    const users = JSON.parse(r.stdout);
    assert.equal(users.length, 1);
    const [owner] = users;
    assert.deepEqual(Object.keys(owner), [
      'id',
      'screenName',
      'email',
      'authority',
      'isInRegistrationProcess',
      'isMFAEnabled',
      'authenticationMethods',
      'joinedAt',
    ]);
    assert.equal(owner.email, 'admin@localhost');
    assert.equal(owner.authority, 'owner');
    assert.deepEqual(owner.authenticationMethods, ['password']);
    // TZ=UTC in the test environment: mkr writes +00:00, never Z.
    assert.match(owner.joinedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  test('-v prints the API user with false flags left out; -f runs a template; --jq filters', async () => {
    const api = (await s.call('GET', '/api/v0/users')).json.users[0];
    const v = JSON.parse((await s.saba(['users', '-v'])).stdout)[0];
    assert.equal(v.joinedAt, api.joinedAt);
    assert.equal('isMFAEnabled' in v, false);
    const f = await s.saba(['users', '-f', '{{range .}}{{.ID}} {{.ScreenName}} {{.Authority}}{{"\\n"}}{{end}}']);
    assert.equal(f.stdout, `${api.id} admin owner\n`);
    assert.equal((await s.saba(['users', '--jq', '.[].email'])).stdout, 'admin@localhost\n');
    const both = await s.saba(['users', '-f', '{{.}}', '--jq', '.']);
    assert.equal(both.code, 1);
    assert.equal(both.stderr, '     error --format and --jq options are incompatible.\n');
  });
});

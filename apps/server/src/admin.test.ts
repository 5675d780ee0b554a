// The admin CLI (`npm run admin -- ...`) as a process, against the catalog a server then opens.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPassword, verifyPassword } from '@saba/api';
import { openCatalog } from '@saba/catalog';
import { unixSec } from '@saba/model';
import { runAdmin } from './admin.ts';
import { type RunResult, runScript, spawnServer } from './testing/child-process.ts';

const ADMIN = 'apps/server/src/admin-main.ts';

describe('admin CLI', () => {
  let dir = '';
  const admin = (...args: string[]): Promise<RunResult> => runScript(ADMIN, args, { SABA_DATA_DIR: dir });
  let writeKey = '';
  let readKey = '';
  let revokedKey = '';

  /** runAdmin in this process (it reads SABA_DATA_DIR from the environment, set below); the printed lines. */
  const inProcess = async (...args: string[]): Promise<string[]> => {
    const out: string[] = [];
    await runAdmin(args, (line) => out.push(line), readLine);
    return out;
  };
  /** What in-process commands read as standard input's first line. */
  let stdinLine = '';
  const readLine = async () => stdinLine;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saba-admin-'));
    process.env.SABA_DATA_DIR = dir;
    delete process.env.SABA_DATABASE_URL;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('org create prints a key; key create/list/delete manage keys', async () => {
    const created = await admin('org', 'create', 'acme');
    assert.equal(created.code, 0, created.stderr);
    const lines = created.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'only the key is printed');
    writeKey = lines[0] as string;
    assert.match(writeKey, /^\S{20,}$/);

    // The other commands run in this process: the same runAdmin, without a second or more per process start.
    readKey = (await inProcess('key', 'create', 'acme', '--read')).join('\n');
    assert.notEqual(readKey, writeKey);
    revokedKey = (await inProcess('key', 'create', 'acme', '--name', 'ci')).join('\n');
    assert.match(revokedKey, /^\S{20,}$/);

    const listed = await inProcess('key', 'list', 'acme');
    const rows = listed.map((l) => l.split('\t'));
    assert.deepEqual(rows.map((r) => [r[1], r[2]]).sort(), [
      ['read', 'admin'],
      ['write', 'admin'],
      ['write', 'ci'],
    ]);
    for (const k of [writeKey, readKey, revokedKey])
      assert.ok(!listed.join('\n').includes(k), 'key list never shows a key');
    const ciId = rows.find((r) => r[2] === 'ci')?.[0] as string;

    assert.deepEqual(await inProcess('key', 'delete', 'acme', ciId), [`deleted ${ciId}`]);
    const left = await inProcess('key', 'list', 'acme');
    assert.equal(left.length, 2);
    assert.ok(!left.join('\n').includes(ciId));
    assert.deepEqual(await inProcess('org', 'list'), ['acme\t']);
  });

  test('a duplicate org exits non-zero with a message; so do bad arguments, with the usage', async () => {
    // Two through the real entry point (exit code and stderr), the whole table in-process
    // (each process start costs a second or more).
    const [dup, bad] = await Promise.all([admin('org', 'create', 'acme'), admin('org', 'frob')]);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Organization "acme" already exists/);
    assert.equal(dup.stdout, '');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^usage: npm run admin -- <command>$/m);
    assert.match(bad.stderr, /key delete ORG KEY_ID/);
    assert.equal(bad.stdout, '');

    const cases: Array<[string[], RegExp]> = [
      [['org', 'create', 'acme'], /already exists/],
      [['key', 'create', 'nosuch'], /no organization named "nosuch"/],
      [['key', 'list', 'nosuch'], /no organization named "nosuch"/],
      [['key', 'delete', 'acme', 'nosuchkey'], /not found/],
      [[], /^usage: npm run admin/],
      [['org'], /^usage: npm run admin/],
      [['org', 'create'], /^usage: npm run admin/],
      [['key'], /^usage: npm run admin/],
      [['key', 'create'], /^usage: npm run admin/],
      [['key', 'delete', 'acme'], /^usage: npm run admin/],
      [['key', 'create', 'acme', '--name'], /--name needs a value/],
    ];
    for (const [args, re] of cases) {
      await assert.rejects(inProcess(...args), (e: Error) => re.test(e.message), `admin ${args.join(' ')}`);
    }
    assert.deepEqual(await inProcess('org', 'list'), ['acme\t'], 'nothing was created');
    assert.equal((await inProcess('key', 'list', 'acme')).length, 2);
  });

  test('a server on the same data directory honours the keys: write, read-only (403 on write), revoked', async () => {
    assert.ok(writeKey && readKey && revokedKey, 'needs the keys made above');
    const s = await spawnServer({ SABA_DATA_DIR: dir });
    try {
      const call = (key: string, method = 'GET', path = '/api/v0/org', body?: unknown) =>
        fetch(`${s.url}${path}`, {
          method,
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      const org = await call(writeKey);
      assert.equal(org.status, 200);
      assert.equal(((await org.json()) as { name: string }).name, 'acme');
      // No default organization and no banner: the catalog already has one.
      assert.doesNotMatch(s.stdout(), /Created organization/);

      const host = { name: 'admin-test', meta: {} };
      assert.equal((await call(writeKey, 'POST', '/api/v0/hosts', host)).status, 200);
      assert.equal((await call(readKey)).status, 200);
      const denied = await call(readKey, 'POST', '/api/v0/hosts', host);
      assert.equal(denied.status, 403);
      assert.equal(typeof ((await denied.json()) as { error: { message: string } }).error.message, 'string');
      const hosts = (await (await call(readKey, 'GET', '/api/v0/hosts')).json()) as { hosts: unknown[] };
      assert.equal(hosts.hosts.length, 1, 'the read-only key wrote nothing');
      assert.equal((await call(revokedKey)).status, 403, 'a deleted key does not work');
    } finally {
      assert.deepEqual(await s.stop(), { code: 0, signal: null });
    }
  });
  test('user password sets a password from SABA_NEW_PASSWORD or stdin, never an argument, and ends its sessions', async () => {
    const catalogPath = join(dir, 'catalog.sqlite');
    let catalog = await openCatalog({ driver: 'sqlite', path: catalogPath });
    try {
      const acme = await catalog.orgs.getByName('acme');
      assert.ok(acme);
      const passwordHash = await hashPassword('first-password');
      const ada = await catalog.users.create(
        acme.id,
        { email: 'ada@example.com', screenName: 'ada', authority: 'owner', passwordHash },
        unixSec(1),
      );
      const session = { tokenHash: 'h', userId: ada.id, csrfToken: 'c', createdAt: unixSec(1), lastSeenAt: unixSec(1) };
      await catalog.sessions.create({ ...session, expiresAt: unixSec(4_000_000_000) }, unixSec(1));
    } finally {
      await catalog.close();
    }

    const viaEnv = await runScript(ADMIN, ['user', 'password', 'ADA@example.com'], {
      SABA_DATA_DIR: dir,
      SABA_NEW_PASSWORD: 'second-password',
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.equal(viaEnv.stdout, 'password set for ada@example.com; their sessions have ended\n');
    const viaStdin = await runScript(
      ADMIN,
      ['user', 'password', 'ada@example.com'],
      { SABA_DATA_DIR: dir },
      'third-password\nnot this\n',
    );
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.ok(!viaStdin.stdout.includes('third-password'), 'the password is never printed');

    assert.deepEqual(
      (await inProcess('user', 'list', 'acme')).map((l) => l.split('\t').slice(1)),
      [['ada@example.com', 'owner']],
    );
    stdinLine = 'short';
    await assert.rejects(inProcess('user', 'password', 'ada@example.com'), /at least 8 characters/);
    stdinLine = 'fourth-password';
    await assert.rejects(inProcess('user', 'password', 'bob@example.com'), /no user with email "bob@example.com"/);
    await assert.rejects(inProcess('user', 'password'), /usage: npm run admin/);
    await assert.rejects(inProcess('user', 'list', 'nosuch'), /no organization named "nosuch"/);

    catalog = await openCatalog({ driver: 'sqlite', path: catalogPath });
    try {
      const login = await catalog.users.findLogin('ada@example.com');
      assert.ok(login);
      assert.equal(await verifyPassword('third-password', login.passwordHash), true, 'the last one set');
      for (const old of ['first-password', 'second-password', 'short', 'fourth-password'])
        assert.equal(await verifyPassword(old, login.passwordHash), false, old);
      assert.equal(await catalog.sessions.get('h', unixSec(2)), undefined, 'the session ended');
    } finally {
      await catalog.close();
    }
  });

  test('user add makes a member who can sign in; user delete removes one, never the creator', async () => {
    stdinLine = 'bob-password';
    const added = await inProcess('user', 'add', 'acme', 'bob@example.com', '--authority', 'viewer', '--name', 'Bob');
    assert.match(added[0] ?? '', /^\S+\tbob@example\.com\tviewer$/);
    stdinLine = 'carol-password';
    await inProcess('user', 'add', 'acme', 'carol@example.com');
    assert.deepEqual(
      (await inProcess('user', 'list', 'acme')).map((l) => l.split('\t').slice(1)),
      [
        ['ada@example.com', 'owner'],
        ['bob@example.com', 'viewer'],
        ['carol@example.com', 'manager'],
      ],
      'a manager by default',
    );
    const cases: Array<[string[], RegExp]> = [
      [['user', 'add', 'acme', 'bob@example.com'], /exists/],
      [['user', 'add', 'acme', 'dan@example.com', '--authority', 'root'], /--authority must be one of/],
      [['user', 'add', 'acme', 'not-an-address'], /is not an email address/],
      [['user', 'add', 'nosuch', 'dan@example.com'], /no organization named "nosuch"/],
      [['user', 'add', 'acme'], /usage: npm run admin/],
      [['user', 'delete', 'acme', 'ada@example.com'], /creator cannot be deleted/],
      [
        ['user', 'delete', 'acme', 'nobody@example.com'],
        /no user with email "nobody@example.com" in this organization/,
      ],
    ];
    for (const [args, re] of cases) {
      await assert.rejects(inProcess(...args), (e: Error) => re.test(e.message), `admin ${args.join(' ')}`);
    }
    assert.deepEqual(await inProcess('user', 'delete', 'acme', 'carol@example.com'), ['deleted carol@example.com']);

    const s = await spawnServer({ SABA_DATA_DIR: dir });
    try {
      const signedIn = await fetch(`${s.url}/api/v0/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: 'bob-password' }),
      });
      assert.equal(signedIn.status, 200);
      assert.equal(((await signedIn.json()) as { user: { screenName: string } }).user.screenName, 'Bob');
      const gone = await fetch(`${s.url}/api/v0/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'carol@example.com', password: 'carol-password' }),
      });
      assert.equal(gone.status, 403, 'as a wrong password is');
    } finally {
      assert.deepEqual(await s.stop(), { code: 0, signal: null });
    }
  });
});

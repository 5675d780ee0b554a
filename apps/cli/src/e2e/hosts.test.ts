// saba's host commands against the real server: create, hosts (filters, -v, -f, --jq), status,
// update, retire (forced, answered on a terminal, and the local agent's id file).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliServer, REPO_ROOT, SABA_BIN, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
before(async () => {
  s = await startCliServer();
});
after(async () => {
  await s.close();
});

/** Creates a host through the CLI and returns its id from the `created` line. */
async function create(args: string[]): Promise<string> {
  const r = await s.saba(['create', ...args]);
  assert.equal(r.code, 0, r.stderr);
  const m = /^ {3}created (\S+)$/m.exec(r.stderr);
  assert.ok(m, r.stderr);
  return m[1] as string;
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/;

describe('create and status', () => {
  test('create registers a standard host with roles, memo, custom identifier and status', async () => {
    const id = await create([
      '-R',
      'shop:app',
      '--roleFullname',
      'shop:db',
      '--memo',
      'rack 4',
      '--customIdentifier',
      'rtr-1',
      '--st',
      'standby',
      'router-1',
    ]);
    const host = (await s.call('GET', `/api/v0/hosts/${id}`)).json.host;
    assert.equal(host.name, 'router-1');
    assert.equal(host.status, 'standby');
    assert.equal(host.memo, 'rack 4');
    assert.equal(host.customIdentifier, 'rtr-1');
    assert.deepEqual(host.roles, { shop: ['app', 'db'] });
  });

  test('status prints mkr format.Host: its keys in order, ISO 8601 createdAt, roleFullnames', async () => {
    const id = await create(['-R', 'shop:web', 'web-1']);
    const r = await s.saba(['status', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\{\n {4}"id": /, 'four-space indent as Go MarshalIndent');
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['id', 'name', 'status', 'roleFullnames', 'isRetired', 'createdAt']);
    assert.equal(out.id, id);
    assert.deepEqual(out.roleFullnames, ['shop:web']);
    assert.equal(out.isRetired, false);
    assert.match(out.createdAt, ISO);
  });

  test('status -v prints the host as the API has it', async () => {
    const id = await create(['verbose-1']);
    const out = JSON.parse((await s.saba(['status', '-v', id])).stdout);
    assert.equal(out.id, id);
    assert.equal(typeof out.createdAt, 'number');
    assert.ok('meta' in out && 'roles' in out);
  });

  test('an unknown host is one error line and exit 1', async () => {
    const r = await s.saba(['status', 'nosuchhost']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^ {5}error API request failed: .*nosuchhost.*\n$/);
  });
});

describe('hosts', () => {
  let web: string;
  let db: string;
  before(async () => {
    web = await create(['-R', 'list:web', 'list-web']);
    db = await create(['-R', 'list:db', '--st', 'maintenance', 'list-db']);
  });

  test('-s and -r filter; the default output is an array of format.Host', async () => {
    const r = await s.saba(['hosts', '-s', 'list', '-r', 'web']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.map((h: { id: string }) => h.id),
      [web],
    );
    assert.deepEqual(Object.keys(out[0]), ['id', 'name', 'status', 'roleFullnames', 'isRetired', 'createdAt']);
  });

  test('--status repeats; without it maintenance hosts are left out as by the API', async () => {
    const plain = JSON.parse((await s.saba(['hosts', '-s', 'list'])).stdout).map((h: { id: string }) => h.id);
    assert.deepEqual(plain, [web]);
    const both = JSON.parse(
      (await s.saba(['hosts', '-s', 'list', '--status', 'working', '--st', 'maintenance'])).stdout,
    );
    assert.deepEqual(both.map((h: { id: string }) => h.id).sort(), [web, db].sort());
  });

  test('--name, -v, --jq and -f', async () => {
    const named = JSON.parse((await s.saba(['hosts', '--name', 'list-web', '-v'])).stdout);
    assert.equal(named.length, 1);
    assert.equal(typeof named[0].createdAt, 'number', '-v prints the API host');
    const jq = await s.saba(['hosts', '-s', 'list', '--jq', '.[].name']);
    assert.equal(jq.stdout, 'list-web\n');
    const tmpl = await s.saba([
      'hosts',
      '-s',
      'list',
      '-r',
      'web',
      '-f',
      '{{range .}}{{.ID}} {{.Name}} {{.Status}}{{"\\n"}}{{end}}',
    ]);
    assert.equal(tmpl.stdout, `${web} list-web working\n`);
  });

  test('--format with --jq is refused, and a bad template is one error line', async () => {
    const both = await s.saba(['hosts', '-f', '{{.}}', '--jq', '.']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /--format and --jq options are incompatible/);
    const bad = await s.saba(['hosts', '-f', '{{range .}}{{json .}}{{end}}']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^ {5}error template: format: function "json" not defined\n$/);
  });
});

describe('update', () => {
  test('name, display name, memo and roles (added) on several hosts', async () => {
    const a = await create(['-R', 'upd:app', 'upd-a']);
    const b = await create(['-R', 'upd:app', 'upd-b']);
    const r = await s.saba([
      'update',
      '--displayName',
      'Shown',
      '--memo',
      'new memo',
      '-R',
      'upd:batch',
      '--st',
      'maintenance',
      a,
      b,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `   updated ${a}\n   updated ${b}\n`);
    for (const id of [a, b]) {
      const host = (await s.call('GET', `/api/v0/hosts/${id}`)).json.host;
      assert.equal(host.displayName, 'Shown');
      assert.equal(host.memo, 'new memo');
      assert.equal(host.status, 'maintenance');
      assert.deepEqual(host.roles, { upd: ['app', 'batch'] });
    }
    await s.saba(['update', '-n', 'upd-renamed', a]);
    assert.equal((await s.call('GET', `/api/v0/hosts/${a}`)).json.host.name, 'upd-renamed');
  });

  test('-o replaces the roles', async () => {
    const id = await create(['-R', 'ovr:app', '-R', 'ovr:db', 'ovr-1']);
    const r = await s.saba(['update', '-o', '-R', 'ovr:cache', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await s.call('GET', `/api/v0/hosts/${id}`)).json.host.roles, { ovr: ['cache'] });
  });

  test('nothing to update is an error and changes nothing', async () => {
    const id = await create(['nothing-1']);
    const r = await s.saba(['update', id]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /at least one argument is required/);
  });
});

describe('retire', () => {
  test('--force retires without asking', async () => {
    const id = await create(['retire-1']);
    const r = await s.saba(['retire', '--force', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `   retired ${id}\n`);
    assert.equal((await s.call('GET', `/api/v0/hosts/${id}`)).json.host.isRetired, true);
  });

  test('with no id, the host of the agent config root`s id file', async () => {
    const id = await create(['retire-local']);
    const root = join(s.dir, 'agent-root');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'id'), `${id}\n`);
    const conf = join(s.dir, 'agent.conf');
    await writeFile(conf, `apikey = "${s.key}"\nroot = "${root}"\n`);
    // Without MACKEREL_APIKEY the key comes from the same file.
    const r = await s.saba(['--conf', conf, 'retire', '--force'], { env: { MACKEREL_APIKEY: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await s.call('GET', `/api/v0/hosts/${id}`)).json.host.isRetired, true);
  });

  test('on a terminal the y/n answer decides', async () => {
    const id = await create(['retire-tty']);
    // script(1) gives the CLI a pseudo-terminal; the answer is typed through it.
    const run = (answer: string) =>
      spawnSync('script', ['-qec', `${process.execPath} ${SABA_BIN} --conf /nonexistent retire ${id}`, '/dev/null'], {
        cwd: REPO_ROOT,
        env: { ...process.env, MACKEREL_APIKEY: s.key, MACKEREL_APIBASE: s.url },
        input: answer,
        encoding: 'utf8',
        timeout: 20_000,
      });
    const no = run('n\n');
    assert.match(no.stdout, /Retire following hosts\.\r?\n {2}\S+\r?\nAre you sure\? \(y\/n\) \[y\]: /);
    assert.match(no.stdout, /retirement is canceled\./);
    assert.equal((await s.call('GET', `/api/v0/hosts/${id}`)).json.host.isRetired, false);
    const yes = run('y\n');
    assert.match(yes.stdout, /retired/);
    assert.equal((await s.call('GET', `/api/v0/hosts/${id}`)).json.host.isRetired, true);
  });
});

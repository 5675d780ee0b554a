// saba org, services, channels (and pull) and annotations against the real server, and the
// configuration rules: key and base from the environment, the flags, or the agent's config file.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliServer, runSaba, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
before(async () => {
  s = await startCliServer();
  await s.saba(['create', '-R', 'blog:web', '-R', 'blog:db', 'org-host']);
  const c = await s.call('POST', '/api/v0/channels', {
    name: 'hook',
    type: 'webhook',
    url: 'https://hooks.example.com/saba',
    events: ['alert'],
  });
  assert.equal(c.status, 200, JSON.stringify(c.json));
});
after(async () => {
  await s.close();
});

describe('org, services, channels', () => {
  test('org prints the organization', async () => {
    const r = await s.saba(['org']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(typeof JSON.parse(r.stdout).name, 'string');
    assert.equal((await s.saba(['org', '--jq', '.name'])).stdout, `${JSON.parse(r.stdout).name}\n`);
  });

  test('services lists services with their roles', async () => {
    const out = JSON.parse((await s.saba(['services'])).stdout);
    const blog = out.find((x: { name: string }) => x.name === 'blog');
    assert.deepEqual([...blog.roles].sort(), ['db', 'web']);
  });

  test('channels lists; channels pull writes {"channels": [...]} with four-space indent', async () => {
    const list = JSON.parse((await s.saba(['channels'])).stdout);
    assert.ok(list.some((c: { name: string; type: string }) => c.name === 'hook' && c.type === 'webhook'));
    const file = join(s.dir, 'channels.json');
    const r = await s.saba(['channels', 'pull', '-F', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `      info Channels are saved to '${file}' (${list.length} rules).\n`);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^\{\n {4}"channels": \[\n {8}\{/);
    assert.deepEqual(JSON.parse(text), { channels: list });
  });
});

describe('annotations', () => {
  test('create (description from stdin), list, update, delete', async () => {
    const created = await s.saba(
      [
        'annotations',
        'create',
        '--title',
        'deploy v2',
        '--description-file',
        '-',
        '-s',
        'blog',
        '--from',
        '1700000000',
        '--to',
        '1700000600',
        '-r',
        'web',
        '-r',
        'db',
      ],
      { stdin: 'shipped by CI\n' },
    );
    assert.equal(created.code, 0, created.stderr);
    const a = JSON.parse(created.stdout);
    assert.equal(a.title, 'deploy v2');
    assert.equal(a.description, 'shipped by CI\n');
    assert.deepEqual(a.roles, ['web', 'db']);

    const range = ['-s', 'blog', '--from', '1699999000', '--to', '1700001000'];
    const listed = JSON.parse((await s.saba(['annotations', 'list', ...range])).stdout);
    assert.deepEqual(listed, [a]);

    const descFile = join(s.dir, 'desc.txt');
    await writeFile(descFile, 'rolled back');
    const updated = await s.saba([
      'annotations',
      'update',
      '--id',
      a.id,
      '--title',
      'deploy v2 (rolled back)',
      '--description-file',
      descFile,
      '-s',
      'blog',
      '--from',
      '1700000000',
      '--to',
      '1700000900',
    ]);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(JSON.parse(updated.stdout).description, 'rolled back');
    assert.equal((await s.saba(['annotations', 'list', ...range, '--jq', '.[].to'])).stdout, '1700000900\n');

    const deleted = await s.saba(['annotations', 'delete', '--id', a.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(JSON.parse(deleted.stdout).id, a.id);
    assert.deepEqual(JSON.parse((await s.saba(['annotations', 'list', ...range])).stdout), []);
  });

  test('missing required fields are mkr`s messages, and nothing is created', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['annotations', 'create', '-s', 'blog', '--from', '1', '--to', '2'],
        /`title` is a required field to create a graph annotation\./,
      ],
      [['annotations', 'create', '--title', 't', '--from', '1', '--to', '2'], /`service` is a required field/],
      [['annotations', 'create', '--title', 't', '-s', 'blog', '--to', '2'], /`from` is a required field/],
      [['annotations', 'list', '-s', 'blog', '--from', '1'], /`to` is a required field to list graph annotations\./],
      [['annotations', 'update', '-s', 'blog'], /`id` is a required field/],
      [['annotations', 'delete'], /`id` is a required field to delete a graph annotation\./],
      [
        [
          'annotations',
          'create',
          '--title',
          't',
          '-s',
          'blog',
          '--from',
          '1',
          '--to',
          '2',
          '--description',
          'x',
          '--description-file',
          '-',
        ],
        /specify one of `description` or `description-file`\./,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await s.saba(args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message);
    }
    const all = await s.saba(['annotations', 'list', '-s', 'blog', '--from', '1', '--to', '2000000000']);
    assert.deepEqual(JSON.parse(all.stdout), []);
  });
});

describe('configuration', () => {
  test('the key and the base come from the agent config when the environment has none', async () => {
    const conf = join(s.dir, 'mackerel-agent.conf');
    await writeFile(conf, `apikey = "${s.key}"\napibase = "${s.url}"\n`);
    const r = await runSaba(['--conf', conf, 'org'], {});
    assert.equal(r.code, 0, r.stderr);
    assert.equal(typeof JSON.parse(r.stdout).name, 'string');
  });

  test('--apibase wins over MACKEREL_APIBASE, which wins over the config', async () => {
    const conf = join(s.dir, 'wrong-base.conf');
    // Port 9 (discard) on loopback: nothing answers there.
    await writeFile(conf, `apikey = "${s.key}"\napibase = "http://127.0.0.1:9"\n`);
    const fromEnv = await runSaba(['--conf', conf, 'org'], { MACKEREL_APIBASE: s.url });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const fromFlag = await runSaba(['--conf', conf, '--apibase', s.url, 'org'], {
      MACKEREL_APIBASE: 'http://127.0.0.1:9',
    });
    assert.equal(fromFlag.code, 0, fromFlag.stderr);
    const after = await runSaba(['org', '--conf', conf, '--apibase', s.url], {});
    assert.equal(after.code, 0, 'global flags after the command work too');
    const wrong = await runSaba(['--conf', conf, 'org'], {});
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.split('\n').length, 2, `one line: ${wrong.stderr}`);
  });

  test('no key anywhere is mkr`s message; a wrong key is the API`s refusal', async () => {
    const none = await runSaba(['--conf', join(s.dir, 'absent.conf'), 'org'], { MACKEREL_APIBASE: s.url });
    assert.equal(none.code, 1);
    assert.equal(
      none.stderr,
      `     error MACKEREL_APIKEY environment variable is not set. (Try "export MACKEREL_APIKEY='<Your apikey>'")\n`,
    );
    const wrong = await runSaba(['--conf', join(s.dir, 'absent.conf'), 'org'], {
      MACKEREL_APIKEY: 'nope',
      MACKEREL_APIBASE: s.url,
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^ {5}error API request failed: /);
  });
});

describe('the command line itself', () => {
  test('--version, --help, a command`s --help', async () => {
    const v = await runSaba(['--version'], {});
    assert.match(v.stdout, /^saba version \d+\.\d+\.\d+ \(rev:\S+\)\n$/);
    const help = await runSaba(['--help'], {});
    for (const c of ['status', 'hosts', 'throw', 'fetch', 'alerts', 'annotations', 'channels'])
      assert.match(help.stdout, new RegExp(`^ {3}${c} `, 'm'));
    const throwHelp = await runSaba(['throw', '--help'], {});
    assert.equal(throwHelp.code, 0);
    assert.match(
      throwHelp.stdout,
      /USAGE:\n {3}saba throw \[--host \| -H <hostId>\] \[--service \| -s <service>\] \[--retry \| -r N \] stdin/,
    );
    assert.match(throwHelp.stdout, /--retry value, -r value +Retries up to N times when API request fails\./);
    const sub = await runSaba(['help', 'alerts'], {});
    assert.match(sub.stdout, /COMMANDS:\n {3}list +list alerts/);
  });

  test('an unknown command or flag is one error line and exit 1', async () => {
    const cmd = await runSaba(['hots'], {});
    assert.equal(cmd.code, 1);
    assert.equal(cmd.stderr, "     error unknown command 'hots'; see saba --help\n");
    const flag = await runSaba(['hosts', '--nmae', 'x'], {});
    assert.equal(flag.code, 1);
    assert.equal(flag.stderr, '     error flag provided but not defined: -nmae\n');
  });
});

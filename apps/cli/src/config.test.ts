import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { localHostId, NO_APIKEY_MESSAGE, resolveApiTarget } from './config.ts';

test('key and base resolve as mkr: environment, flag, config file, default', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-cli-config-'));
  const conf = join(dir, 'mackerel-agent.conf');
  await writeFile(conf, 'apikey = "from-file"\napibase = "http://file.example:8080"\n');
  const none = join(dir, 'absent.conf');
  const cases: [string, string, Record<string, string>, { apikey: string; apibase: string }][] = [
    [conf, '', {}, { apikey: 'from-file', apibase: 'http://file.example:8080' }],
    [conf, '', { MACKEREL_APIKEY: 'env-key' }, { apikey: 'env-key', apibase: 'http://file.example:8080' }],
    [conf, '', { MACKEREL_APIBASE: 'http://env.example' }, { apikey: 'from-file', apibase: 'http://env.example' }],
    [
      conf,
      'http://flag.example',
      { MACKEREL_APIBASE: 'http://env.example' },
      { apikey: 'from-file', apibase: 'http://flag.example' },
    ],
    [none, '', { MACKEREL_APIKEY: 'k' }, { apikey: 'k', apibase: 'https://api.mackerelio.com' }],
  ];
  for (const [path, apibase, env, want] of cases) {
    assert.deepEqual(await resolveApiTarget({ conf: path, apibase }, env), want, JSON.stringify([path, apibase, env]));
  }
  await assert.rejects(resolveApiTarget({ conf: none, apibase: '' }, {}), {
    name: 'CliError',
    message: NO_APIKEY_MESSAGE,
  });
});

test('the local host id is the file `id` under the config`s root', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-cli-config-'));
  const conf = join(dir, 'agent.conf');
  await writeFile(conf, `root = "${dir}"\n`);
  assert.equal(await localHostId(conf), undefined);
  await writeFile(join(dir, 'id'), 'abcHostId\n');
  assert.equal(await localHostId(conf), 'abcHostId');
  assert.equal(await localHostId(join(dir, 'absent.conf')), undefined);
});

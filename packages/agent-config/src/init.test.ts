import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { apikeyKeptMessage, initConfig } from './init.ts';

// [name, file content before (undefined = no file), result, content after]
const CASES: [string, string | undefined, 'written' | 'created' | 'kept', string][] = [
  ['missing file is created with the key alone', undefined, 'created', 'apikey = "KEY"\n'],
  ['empty file gets the key', '', 'written', 'apikey = "KEY"\n'],
  [
    'file without apikey gets it on the first line, above the tables',
    '# comment\n[plugin.metrics.a]\ncommand = "a"\n',
    'written',
    'apikey = "KEY"\n# comment\n[plugin.metrics.a]\ncommand = "a"\n',
  ],
  ['file with apikey is kept', 'apikey = "OLD"\nroot = "/r"\n', 'kept', 'apikey = "OLD"\nroot = "/r"\n'],
  ['a commented apikey does not count', '# apikey = ""\n', 'written', 'apikey = "KEY"\n# apikey = ""\n'],
  [
    'an empty apikey line is filled in, not duplicated',
    'root = "/r"\napikey = ""  # set me\n',
    'written',
    'root = "/r"\napikey = "KEY"\n',
  ],
];

test('init writes the apikey only where there is none', async () => {
  for (const [name, before, want, after] of CASES) {
    const dir = await mkdtemp(join(tmpdir(), 'saba-init-'));
    const path = join(dir, 'mackerel-agent.conf');
    if (before !== undefined) await writeFile(path, before);
    assert.equal(await initConfig(path, 'KEY'), want, name);
    assert.equal(await readFile(path, 'utf8'), after, name);
  }
});

test('a created file has mode 0644 (under the usual umask 022)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-init-mode-'));
  const path = join(dir, 'c.conf');
  const old = process.umask(0o022);
  try {
    await initConfig(path, 'KEY');
  } finally {
    process.umask(old);
  }
  assert.equal((await stat(path)).mode & 0o777, 0o644);
});

test('an apikey set by an included file counts as set', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-init-inc-'));
  await writeFile(join(dir, 'key.inc'), 'apikey = "INC"\n');
  const path = join(dir, 'main.conf');
  await writeFile(path, `include = "${join(dir, '*.inc')}"\n`);
  assert.equal(await initConfig(path, 'KEY'), 'kept');
});

test('init refuses an empty key, a broken file and a missing directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-init-bad-'));
  const broken = join(dir, 'broken.conf');
  await writeFile(broken, 'dummy = "');
  await assert.rejects(initConfig(join(dir, 'x.conf'), ''), { message: '-apikey option is required' });
  await assert.rejects(initConfig(broken, 'KEY'), { name: 'ConfigError', message: /invalid TOML at line 1/ });
  assert.equal(await readFile(broken, 'utf8'), 'dummy = "');
  await assert.rejects(initConfig(join(dir, 'no-dir', 'x.conf'), 'KEY'), { code: 'ENOENT' });
  assert.equal(apikeyKeptMessage('/etc/m.conf'), 'apikey already set in "/etc/m.conf". Skip initializing');
});

test('the key is written as a valid TOML string', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-init-quote-'));
  const path = join(dir, 'q.conf');
  await initConfig(path, 'a"b\\c');
  assert.equal(await readFile(path, 'utf8'), 'apikey = "a\\"b\\\\c"\n');
});

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.ts';

// Writes `files` (relative path -> content, `$DIR` replaced by the directory) and returns the directory.
async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-include-'));
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, text.replaceAll('$DIR', dir));
  }
  return dir;
}

test('included files override scalars and arrays, merge tables by key and plugins by name', async () => {
  const dir = await tree({
    'main.conf': `apikey = "abcde"
pidfile = "/path/to/pidfile"
verbose = false
roles = ["roles:a", "to-be:overwritten"]
include = "$DIR/conf.d/*.conf"
[host_status]
on_start = "working"
[plugin.metrics.foo1]
command = "foo1"
[plugin.metrics.bar]
command = "this will be overwritten"
user = "old"
`,
    'conf.d/sub1.conf': `roles = ["Service:role"]
[host_status]
on_stop = "poweroff"
[plugin.metrics.foo2]
command = "foo2"
[plugin.metrics.bar]
command = "bar"
`,
    'conf.d/sub2.conf': `apikey = "new-api-key"
verbose = true
include = "$DIR/nested/*.conf"
bogus = 1
[plugin.checks.c]
command = "c"
`,
    'conf.d/skipped.toml': 'display_name = "not matched by the glob"\n',
    'nested/n.conf': 'display_name = "nested include must be ignored"\n',
  });
  const { config: c, unknownKeys } = await loadConfig(join(dir, 'main.conf'));
  const cases: [string, unknown, unknown][] = [
    ['apikey from the later file', c.apikey, 'new-api-key'],
    ['pidfile kept when not in included files', c.pidfile, '/path/to/pidfile'],
    ['verbose overridden', c.verbose, true],
    ['roles replaced as a whole', c.roles, ['Service:role']],
    ['host_status merged key by key', c.hostStatus, { onStart: 'working', onStop: 'poweroff' }],
    [
      'metric plugins merged by name',
      c.metricPlugins.map((p) => [p.name, p.command]),
      [
        ['foo1', 'foo1'],
        ['bar', 'bar'],
        ['foo2', 'foo2'],
      ],
    ],
    ['a replaced plugin keeps nothing of the old one', c.metricPlugins[1]?.user, undefined],
    ['check plugin from an included file', c.checkPlugins.map((p) => p.name), ['c']],
    ['include inside an included file is ignored', c.displayName, undefined],
    ['unknown key reported with its file', unknownKeys, [{ file: join(dir, 'conf.d/sub2.conf'), key: 'bogus' }]],
  ];
  for (const [what, got, want] of cases) assert.deepEqual(got, want, what);
});

test('roles of the main file stay when no included file sets roles', async () => {
  const dir = await tree({
    'main.conf': 'apikey = "k"\nroles = ["S:a"]\ninclude = "$DIR/*.inc"\n',
    'x.inc': 'display_name = "x"\n',
  });
  const { config } = await loadConfig(join(dir, 'main.conf'));
  assert.deepEqual(config.roles, ['S:a']);
  assert.equal(config.displayName, 'x');
});

test('files are applied in name order, so the last one wins', async () => {
  const dir = await tree({
    'main.conf': 'apikey = "k"\ninclude = "$DIR/d/*.conf"\n',
    'd/20-b.conf': 'display_name = "b"\n',
    'd/10-a.conf': 'display_name = "a"\n',
  });
  assert.equal((await loadConfig(join(dir, 'main.conf'))).config.displayName, 'b');
});

test('an include glob that matches nothing is fine; apikey may come from an included file', async () => {
  const cases: { name: string; files: Record<string, string>; apikey: string }[] = [
    { name: 'no match', files: { 'main.conf': 'apikey = "k"\ninclude = "$DIR/none/*.conf"\n' }, apikey: 'k' },
    {
      name: 'apikey only in the included file',
      files: { 'main.conf': 'include = "$DIR/key.conf"\n', 'key.conf': 'apikey = "from-include"\n' },
      apikey: 'from-include',
    },
  ];
  for (const { name, files, apikey } of cases) {
    const dir = await tree(files);
    assert.equal((await loadConfig(join(dir, 'main.conf'))).config.apikey, apikey, name);
  }
});

test('an error in an included file names that file', async () => {
  const dir = await tree({
    'main.conf': 'apikey = "k"\ninclude = "$DIR/d/*.conf"\n',
    'd/bad.conf': '[plugin.checks.p]\ncommand = "x"\ncheck_interval = "30s"\n',
  });
  await assert.rejects(loadConfig(join(dir, 'main.conf')), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.file, join(dir, 'd/bad.conf'));
    assert.equal(e.key, 'plugin.checks.p.check_interval');
    return true;
  });
  const dir2 = await tree({ 'main.conf': 'apikey = "k"\ninclude = "$DIR/*.conf"\n', 'x.conf': 'a = [\n' });
  await assert.rejects(loadConfig(join(dir2, 'main.conf')), {
    name: 'ConfigError',
    message: new RegExp(`^${join(dir2, 'x.conf')}: invalid TOML at line \\d`),
  });
});

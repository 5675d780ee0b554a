import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configTest } from './configtest.ts';

// `$F` stands for the config file's path, `$I` for the included file's.
const CASES: { name: string; main: string; included?: string; code: number; lines: string[] }[] = [
  { name: 'ok', main: 'apikey = "k"\n', code: 0, lines: ['SUCCESS ($F)'] },
  {
    name: 'broken TOML',
    main: 'apikey = "k\n',
    code: 1,
    lines: [
      '[CRITICAL] failed to test config: failed to load the config file: $F: invalid TOML at line 1, column 12: control characters are not allowed in strings',
    ],
  },
  {
    name: 'missing apikey',
    main: 'root = "/r"\n',
    code: 1,
    lines: [
      '[CRITICAL] failed to test config: apikey must be specified in the config file (or by the DEPRECATED command-line flag)',
    ],
  },
  {
    name: 'bad value',
    main: 'apikey = "k"\ncloud_platform = "aws"\n',
    code: 1,
    lines: [
      '[CRITICAL] failed to test config: failed to load the config file: $F: cloud_platform: must be one of auto, none, ec2, gce, azurevm, got "aws"',
    ],
  },
  {
    name: 'unknown keys, sorted, fail the test',
    main: 'apikey = "k"\npodfile = "/p"\n[foobar]\nx = 1\n[filesystems]\nuse_mntpoint = true\n',
    code: 1,
    lines: [
      '[WARNING] filesystems.use_mntpoint is unexpected key. Did you mean filesystems.use_mountpoint ?',
      '[WARNING] foobar is unexpected key.',
      '[WARNING] podfile is unexpected key. Did you mean pidfile ?',
    ],
  },
  {
    name: 'unknown key in an included file names the file and does not fail (the official check reads the main file only)',
    main: 'apikey = "k"\ninclude = "$I"\n',
    included: 'bogus = true\n',
    code: 0,
    lines: ['[WARNING] bogus is unexpected key. (in $I)', 'SUCCESS ($F)'],
  },
  {
    name: 'other remarks are shown but do not fail',
    main: 'apikey = "k"\nroles = ["bad role"]\n',
    code: 0,
    lines: [
      "[WARNING] Bad format for role fullname (expecting <service>:<role>. Alphabet, numbers, hyphens and underscores are acceptable, but the first character must not be a hyphen or an underscore.): 'bad role'",
      'SUCCESS ($F)',
    ],
  },
];

test('configtest reports as the official agent does', async () => {
  for (const { name, main, included, code, lines } of CASES) {
    const dir = await mkdtemp(join(tmpdir(), 'saba-configtest-'));
    const f = join(dir, 'mackerel-agent.conf');
    const inc = join(dir, 'extra.toml');
    await writeFile(f, main.replaceAll('$I', inc));
    if (included !== undefined) await writeFile(inc, included);
    const got = await configTest(f);
    assert.deepEqual(got, { code, lines: lines.map((l) => l.replaceAll('$F', f).replaceAll('$I', inc)) }, name);
  }
});

test('configtest takes command-line overrides (an apikey given by flag)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-configtest-o-'));
  const f = join(dir, 'm.conf');
  await writeFile(f, 'root = "/r"\n');
  assert.deepEqual(await configTest(f, { apikey: 'k' }), { code: 0, lines: [`SUCCESS (${f})`] });
});

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './load.ts';

async function confFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-load-errors-'));
  const path = join(dir, 'mackerel-agent.conf');
  await writeFile(path, text);
  return path;
}

// Each case: the file body (after `apikey = "k"` unless it sets its own), the key the error names,
// and the problem text.
const ERRORS: { name: string; toml: string; key: string; problem: RegExp }[] = [
  {
    name: 'invalid TOML names the line',
    toml: 'apikey = "k"\nroot = "unterminated\n',
    key: '',
    problem: /^invalid TOML at line 2, column \d+: /,
  },
  { name: 'duplicate key', toml: 'apikey = "k"\napikey = "j"\n', key: '', problem: /^invalid TOML at line 2/ },
  { name: 'missing apikey', toml: 'root = "/r"\n', key: 'apikey', problem: /^must be specified in the config file/ },
  {
    name: 'apikey of the wrong type',
    toml: 'apikey = 1\n',
    key: 'apikey',
    problem: /^expected a string, got integer$/,
  },
  {
    name: 'roles not an array',
    toml: 'roles = "S:r"',
    key: 'roles',
    problem: /^expected an array of strings, got string$/,
  },
  {
    name: 'roles with a number',
    toml: 'roles = ["S:r", 3]',
    key: 'roles[1]',
    problem: /^expected a string, got integer$/,
  },
  {
    name: 'verbose not a boolean',
    toml: 'verbose = "yes"',
    key: 'verbose',
    problem: /^expected a boolean, got string$/,
  },
  { name: 'bad apibase', toml: 'apibase = "not a url"', key: 'apibase', problem: /^not a URL: "not a url"$/ },
  {
    name: 'apibase of another scheme',
    toml: 'apibase = "ftp://x"',
    key: 'apibase',
    problem: /^must be an http or https URL/,
  },
  {
    name: 'cloud_platform',
    toml: 'cloud_platform = "aws"',
    key: 'cloud_platform',
    problem: /^must be one of auto, none, ec2, gce, azurevm, got "aws"$/,
  },
  {
    name: 'host_status.on_start',
    toml: '[host_status]\non_start = "running"',
    key: 'host_status.on_start',
    problem: /^must be one of working, standby, maintenance, poweroff, got "running"$/,
  },
  {
    name: 'host_status.on_stop',
    toml: '[host_status]\non_stop = "retired"',
    key: 'host_status.on_stop',
    problem: /^must be one of working/,
  },
  {
    name: 'host_status not a table',
    toml: 'host_status = "working"',
    key: 'host_status',
    problem: /^expected a table, got string$/,
  },
  {
    name: 'filesystems.ignore regex',
    toml: '[filesystems]\nignore = "**"',
    key: 'filesystems.ignore',
    problem: /^invalid regexp "\*\*": Nothing to repeat$/,
  },
  { name: 'disks.ignore regex', toml: '[disks]\nignore = "(a"', key: 'disks.ignore', problem: /^invalid regexp "\(a"/ },
  {
    name: 'interfaces.ignore regex',
    toml: '[interfaces]\nignore = "[z-a]"',
    key: 'interfaces.ignore',
    problem: /^invalid regexp "\[z-a\]"/,
  },
  {
    name: 'include_pattern regex',
    toml: '[plugin.metrics.p]\ncommand = "x"\ninclude_pattern = "(?U)a"',
    key: 'plugin.metrics.p.include_pattern',
    problem: /flag U is not supported/,
  },
  {
    name: 'exclude_pattern regex',
    toml: '[plugin.metrics.p]\ncommand = "x"\nexclude_pattern = "a)"',
    key: 'plugin.metrics.p.exclude_pattern',
    problem: /^invalid regexp "a\)"/,
  },
  {
    name: 'plugin without command',
    toml: '[plugin.checks.dice]\n',
    key: 'plugin.checks.dice.command',
    problem: /^is required \(a string or an array of strings\)$/,
  },
  {
    name: 'command a number',
    toml: '[plugin.metrics.p]\ncommand = 100',
    key: 'plugin.metrics.p.command',
    problem: /^should be a string or a non-empty array of strings$/,
  },
  {
    name: 'command array of numbers',
    toml: '[plugin.metadata.p]\ncommand = [10, 20]',
    key: 'plugin.metadata.p.command',
    problem: /non-empty array of strings/,
  },
  {
    name: 'command empty array',
    toml: '[plugin.metrics.p]\ncommand = []',
    key: 'plugin.metrics.p.command',
    problem: /non-empty array of strings/,
  },
  {
    name: 'command empty string',
    toml: '[plugin.metrics.p]\ncommand = " "',
    key: 'plugin.metrics.p.command',
    problem: /^must not be empty$/,
  },
  {
    name: 'env value not a string',
    toml: '[plugin.metrics.p]\ncommand = "x"\nenv = { N = 1 }',
    key: 'plugin.metrics.p.env.N',
    problem: /^expected a string value$/,
  },
  {
    name: 'env name with =',
    toml: '[plugin.metrics.p]\ncommand = "x"\nenv = { "A=B" = "1" }',
    key: 'plugin.metrics.p.env.A=B',
    problem: /must not contain "="/,
  },
  {
    name: 'env not a table',
    toml: '[plugin.metrics.p]\ncommand = "x"\nenv = "A=1"',
    key: 'plugin.metrics.p.env',
    problem: /^expected a table/,
  },
  {
    name: 'negative timeout',
    toml: '[plugin.metrics.p]\ncommand = "x"\ntimeout_seconds = -1',
    key: 'plugin.metrics.p.timeout_seconds',
    problem: /^must not be negative/,
  },
  {
    name: 'float timeout',
    toml: '[plugin.metrics.p]\ncommand = "x"\ntimeout_seconds = 1.5',
    key: 'plugin.metrics.p.timeout_seconds',
    problem: /^expected an integer, got float$/,
  },
  {
    name: 'interval not whole minutes',
    toml: '[plugin.checks.p]\ncommand = "x"\ncheck_interval = "90s"',
    key: 'plugin.checks.p.check_interval',
    problem: /^duration not multiple of 1m: 90s$/,
  },
  {
    name: 'negative interval',
    toml: '[plugin.checks.p]\ncommand = "x"\nnotification_interval = -10',
    key: 'plugin.checks.p.notification_interval',
    problem: /^duration out of range: -10$/,
  },
  {
    name: 'negative duration string',
    toml: '[plugin.checks.p]\ncommand = "x"\nnotification_interval = "-10m"',
    key: 'plugin.checks.p.notification_interval',
    problem: /^duration out of range: -10m$/,
  },
  {
    name: 'interval nonsense',
    toml: '[plugin.metadata.p]\ncommand = "x"\nexecution_interval = "soon"',
    key: 'plugin.metadata.p.execution_interval',
    problem: /^invalid duration "soon"$/,
  },
  {
    name: 'interval of a bad unit',
    toml: '[plugin.checks.p]\ncommand = "x"\ncheck_interval = "1d"',
    key: 'plugin.checks.p.check_interval',
    problem: /^unknown unit "d"/,
  },
  {
    name: 'interval float',
    toml: '[plugin.checks.p]\ncommand = "x"\ncheck_interval = 1.5',
    key: 'plugin.checks.p.check_interval',
    problem: /^invalid duration 1\.5/,
  },
  {
    name: 'max_check_attempts float',
    toml: '[plugin.checks.p]\ncommand = "x"\nmax_check_attempts = 2.5',
    key: 'plugin.checks.p.max_check_attempts',
    problem: /^expected an integer/,
  },
  {
    name: 'plugin name with a dot',
    toml: '[plugin.metrics."a.b"]\ncommand = "x"',
    key: 'plugin.metrics."a.b"',
    problem: /^plugin names must not contain dots$/,
  },
  {
    name: 'plugin not a table',
    toml: '[plugin.metrics]\ncommand = "x"',
    key: 'plugin.metrics.command',
    problem: /^expected a table, got string$/,
  },
  {
    name: 'bad action command',
    toml: '[plugin.checks.p]\ncommand = "x"\naction = { command = 1 }',
    key: 'plugin.checks.p.action.command',
    problem: /non-empty array of strings/,
  },
  {
    name: 'buffer.max_age',
    toml: '[buffer]\nmax_age = "forever"',
    key: 'buffer.max_age',
    problem: /^invalid duration "forever"$/,
  },
  {
    name: 'buffer.max_age too short',
    toml: '[buffer]\nmax_age = "10ms"',
    key: 'buffer.max_age',
    problem: /^must be at least 1s/,
  },
  {
    name: 'buffer.max_megabytes',
    toml: '[buffer]\nmax_megabytes = 0',
    key: 'buffer.max_megabytes',
    problem: /^must be greater than 0, got 0$/,
  },
  { name: 'bad include glob', toml: 'include = "/etc/[a"', key: 'include', problem: /^syntax error in pattern/ },
];

test('every validation error names the file and the key', async () => {
  for (const { name, toml, key, problem } of ERRORS) {
    const body = /^apikey\s*=/m.test(toml) || key === 'apikey' ? toml : `apikey = "k"\n${toml}\n`;
    const path = await confFile(body);
    await assert.rejects(
      loadConfig(path),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, name);
        assert.equal(e.file, path, name);
        assert.equal(e.key, key, name);
        const prefix = key === '' ? `${path}: ` : `${path}: ${key}: `;
        assert.ok(e.message.startsWith(prefix), `${name}: ${e.message}`);
        assert.match(e.message.slice(prefix.length), problem, name);
        return true;
      },
      name,
    );
  }
});

test('a missing file is a ConfigError naming it', async () => {
  const path = join(tmpdir(), 'saba-no-such-dir', 'mackerel-agent.conf');
  await assert.rejects(loadConfig(path), {
    name: 'ConfigError',
    message: `${path}: cannot read the config file: no such file or directory`,
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type ConfigOverrides, loadConfig } from './load.ts';

const testdata = join(import.meta.dirname, '../testdata/config');

async function confFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'saba-load-'));
  const path = join(dir, 'mackerel-agent.conf');
  await writeFile(path, text);
  return path;
}

test('every key of spec §16 lands in its field', async () => {
  const { config: c } = await loadConfig(join(testdata, 'full.conf'));
  const cases: [string, unknown, unknown][] = [
    ['apikey', c.apikey, 'abcde'],
    ['apibase keeps scheme://host:port only', c.apibase, 'https://saba.example.com:8443'],
    ['root', c.root, '/tmp/saba-root'],
    ['pidfile', c.pidfile, '/tmp/saba.pid'],
    ['roles: space after colon removed, bad ones dropped', c.roles, ['My-Service:app', 'Another:db']],
    ['display_name', c.displayName, 'web-1'],
    ['memo', c.memo, 'host memo'],
    ['verbose', c.verbose, true],
    ['silent', c.silent, true],
    ['diagnostic', c.diagnostic, true],
    ['disable_http_keep_alive', c.disableHttpKeepAlive, true],
    ['http_proxy', c.httpProxy, 'http://proxy.example.com:8080'],
    ['https_proxy', c.httpsProxy, 'direct'],
    ['cloud_platform', c.cloudPlatform, 'ec2'],
    ['host_status', c.hostStatus, { onStart: 'working', onStop: 'poweroff' }],
    ['filesystems.ignore', c.filesystems.ignore?.test('/dev/ram0'), true],
    ['filesystems.use_mountpoint', c.filesystems.useMountpoint, true],
    ['disks.ignore', c.disks.ignore?.test('loop12'), true],
    ['interfaces.ignore', c.interfaces.ignore?.test('veth0a'), true],
    ['buffer.max_age', c.buffer.maxAgeSeconds, 5400],
    ['buffer.max_megabytes', c.buffer.maxBytes, 5 * 1024 * 1024],
    ['metric plugin names in file order', c.metricPlugins.map((p) => p.name), ['mysql', 'args']],
    ['check plugin names', c.checkPlugins.map((p) => p.name), ['ssh', 'minimal']],
    ['metadata plugin names', c.metadataPlugins.map((p) => p.name), ['hostinfo']],
  ];
  for (const [what, got, want] of cases) assert.deepEqual(got, want, what);

  const [mysql, args] = c.metricPlugins;
  assert.ok(mysql && args);
  assert.equal(mysql.command, 'mackerel-plugin-mysql -host=db');
  assert.equal(mysql.user, 'mysql');
  assert.deepEqual(mysql.env, { MYSQL_USER: 'u', SPACED: 'v' }, 'names trimmed, empty name skipped');
  assert.equal(mysql.timeoutSeconds, 45);
  assert.equal(mysql.customIdentifier, 'db.example.com');
  assert.equal(mysql.includePattern?.test('mysql.innodb.rows'), true);
  assert.equal(mysql.excludePattern?.test('mysql.innodb.ignore_me'), true, '(?i) becomes the i flag');
  assert.equal(mysql.usePluginTimestamp, true);
  assert.deepEqual(args.command, ['perl', '-E', "say 'Hello'"]);
  assert.equal(args.timeoutSeconds, 30);
  assert.equal(args.usePluginTimestamp, false);
  assert.deepEqual(args.env, {});

  const [ssh, minimal] = c.checkPlugins;
  assert.ok(ssh && minimal);
  assert.deepEqual(ssh, {
    name: 'ssh',
    command: ['check-procs', '--pattern', 'sshd'],
    user: 'nobody',
    env: { A: '1' },
    timeoutSeconds: 10,
    notificationIntervalMinutes: 60,
    checkIntervalMinutes: 5,
    maxCheckAttempts: 3,
    customIdentifier: 'gw.example.com',
    preventAlertAutoClose: false,
    action: { command: 'systemctl restart sshd', user: 'root', env: { B: '2' }, timeoutSeconds: 20 },
    memo: 'restart sshd if down',
  });
  assert.deepEqual(minimal, {
    name: 'minimal',
    command: 'true',
    env: {},
    timeoutSeconds: 30,
    checkIntervalMinutes: 1,
    preventAlertAutoClose: false,
  });
  assert.deepEqual(c.metadataPlugins[0], {
    name: 'hostinfo',
    command: 'hostinfo.sh',
    user: 'zzz',
    env: {},
    timeoutSeconds: 60,
    executionIntervalMinutes: 120,
  });
});

test('the full example warns about its two bad roles and verbose+silent, nothing else', async () => {
  const { warnings, unknownKeys } = await loadConfig(join(testdata, 'full.conf'));
  assert.deepEqual(unknownKeys, []);
  assert.equal(warnings.length, 3);
  assert.match(warnings[0] ?? '', /^both of `verbose` and `silent`/);
  assert.match(warnings[1] ?? '', /Bad format for role fullname .*: 'bad role'$/);
  assert.match(warnings[2] ?? '', /: '-x:y'$/);
});

test('defaults of an apikey-only file', async () => {
  const { config, warnings } = await loadConfig(join(testdata, 'minimal.conf'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    apikey: 'abcde',
    apibase: 'https://api.mackerelio.com',
    root: '/var/lib/mackerel-agent',
    pidfile: '/var/run/mackerel-agent.pid',
    roles: [],
    verbose: false,
    silent: false,
    diagnostic: false,
    disableHttpKeepAlive: false,
    cloudPlatform: 'auto',
    hostStatus: {},
    filesystems: { useMountpoint: false },
    disks: {},
    interfaces: {},
    metricPlugins: [],
    checkPlugins: [],
    metadataPlugins: [],
    buffer: { maxAgeSeconds: 86400, maxBytes: 100 * 1024 * 1024 },
  });
});

test('command-line overrides win over the file', async () => {
  const path = await confFile(
    'apikey = "file"\napibase = "http://a:1"\nroot = "/r"\npidfile = "/p"\nroles = ["S:r"]\nverbose = true\n',
  );
  const cases: {
    name: string;
    o: ConfigOverrides;
    check: (c: Awaited<ReturnType<typeof loadConfig>>['config']) => unknown;
    want: unknown;
  }[] = [
    {
      name: 'nothing given',
      o: {},
      check: (c) => [c.apikey, c.apibase, c.root, c.pidfile, c.roles, c.verbose],
      want: ['file', 'http://a:1', '/r', '/p', ['S:r'], true],
    },
    { name: '-apikey', o: { apikey: 'flag' }, check: (c) => c.apikey, want: 'flag' },
    { name: '-apibase with a path', o: { apibase: 'http://b:2/x/' }, check: (c) => c.apibase, want: 'http://b:2' },
    { name: '-root', o: { root: '/rr' }, check: (c) => c.root, want: '/rr' },
    { name: '-pidfile', o: { pidfile: '/pp' }, check: (c) => c.pidfile, want: '/pp' },
    { name: '-role replaces roles', o: { roles: ['A:b', 'C: d', ''] }, check: (c) => c.roles, want: ['A:b', 'C:d'] },
    { name: '-verbose=false', o: { verbose: false }, check: (c) => c.verbose, want: false },
    { name: '-diagnostic', o: { diagnostic: true }, check: (c) => c.diagnostic, want: true },
  ];
  for (const { name, o, check, want } of cases) {
    assert.deepEqual(check((await loadConfig(path, o)).config), want, name);
  }
});

test('apibase keeps scheme, user-info, host and port', async () => {
  const cases: [string, string][] = [
    ['https://api.mackerelio.com/', 'https://api.mackerelio.com'],
    ['http://saba.local:8080/mackerel/api', 'http://saba.local:8080'],
    ['https://user:pw@saba.local/', 'https://user:pw@saba.local'],
    ['https://saba.local:443', 'https://saba.local'],
    ['', 'https://api.mackerelio.com'],
  ];
  for (const [given, want] of cases) {
    const path = await confFile(`apikey = "k"\napibase = ${JSON.stringify(given)}\n`);
    assert.equal((await loadConfig(path)).config.apibase, want, given);
  }
});

test('durations: integer minutes or Go duration strings, clamped as the official agent does', async () => {
  const cases: { toml: string; check: string; want: number | undefined }[] = [
    { toml: 'check_interval = 10', check: 'check', want: 10 },
    { toml: 'check_interval = "10m"', check: 'check', want: 10 },
    { toml: 'check_interval = "1h30m"', check: 'check', want: 60 },
    { toml: 'check_interval = 0', check: 'check', want: 1 },
    { toml: 'check_interval = "45"', check: 'check', want: 45 },
    { toml: 'notification_interval = 5', check: 'notify', want: 5 },
    { toml: 'notification_interval = "2.5h"', check: 'notify', want: 150 },
    { toml: '', check: 'notify', want: undefined },
    { toml: 'execution_interval = 5', check: 'exec', want: 10 },
    { toml: 'execution_interval = "30m"', check: 'exec', want: 30 },
    { toml: '', check: 'exec', want: 10 },
  ];
  for (const { toml, check, want } of cases) {
    const kind = check === 'exec' ? 'metadata' : 'checks';
    const path = await confFile(`apikey = "k"\n[plugin.${kind}.p]\ncommand = "x"\n${toml}\n`);
    const { config } = await loadConfig(path);
    const got =
      check === 'exec'
        ? config.metadataPlugins[0]?.executionIntervalMinutes
        : check === 'check'
          ? config.checkPlugins[0]?.checkIntervalMinutes
          : config.checkPlugins[0]?.notificationIntervalMinutes;
    assert.equal(got, want, `${kind}: ${toml}`);
  }
});

test('check plugin adjustments and their warnings', async () => {
  const long = 'あ'.repeat(251);
  const cases: { toml: string; field: 'maxCheckAttempts' | 'memo'; want: unknown; warning: RegExp }[] = [
    {
      toml: 'max_check_attempts = 3\nprevent_alert_auto_close = true',
      field: 'maxCheckAttempts',
      want: 1,
      warning: /^'plugin\.checks\.p\.max_check_attempts' is set to 1 \(Unavailable with 'prevent_alert_auto_close'\)$/,
    },
    {
      toml: 'max_check_attempts = 0',
      field: 'maxCheckAttempts',
      want: 1,
      warning: /max_check_attempts 0 is out of 1–10; using 1$/,
    },
    {
      toml: 'max_check_attempts = 11',
      field: 'maxCheckAttempts',
      want: 10,
      warning: /max_check_attempts 11 is out of 1–10; using 10$/,
    },
    {
      toml: `memo = "${long}"`,
      field: 'memo',
      want: 'あ'.repeat(250),
      warning: /^'plugin\.checks\.p\.memo' size exceeds 250 characters$/,
    },
    {
      toml: 'check_interval = 90',
      field: 'memo',
      want: undefined,
      warning: /check_interval 90 is out of 1–60 minutes; using 60$/,
    },
  ];
  for (const { toml, field, want, warning } of cases) {
    const path = await confFile(`apikey = "k"\n[plugin.checks.p]\ncommand = "x"\n${toml}\n`);
    const { config, warnings } = await loadConfig(path);
    assert.deepEqual(config.checkPlugins[0]?.[field], want, toml);
    assert.equal(warnings.length, 1, toml);
    assert.match(warnings[0] ?? '', warning);
  }
});

test('prevent_alert_auto_close leaves an unset max_check_attempts unset', async () => {
  const path = await confFile('apikey = "k"\n[plugin.checks.p]\ncommand = "x"\nprevent_alert_auto_close = true\n');
  const { config, warnings } = await loadConfig(path);
  assert.equal(config.checkPlugins[0]?.preventAlertAutoClose, true);
  assert.equal(config.checkPlugins[0]?.maxCheckAttempts, undefined);
  assert.deepEqual(warnings, []);
});

test('apikey may be missing when the caller says so', async () => {
  const path = await confFile('root = "/r"\n');
  const { config } = await loadConfig(path, {}, { requireApikey: false });
  assert.equal(config.apikey, '');
  await assert.rejects(
    loadConfig(path),
    /apikey: must be specified in the config file \(or by the DEPRECATED command-line flag\)/,
  );
  assert.equal((await loadConfig(path, { apikey: 'flag' })).config.apikey, 'flag');
});

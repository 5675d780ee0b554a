// saba monitors against the real server: every monitor type pulled into mkr's monitors.json shape,
// a clean diff, an edit (a threshold changed, a monitor added, one removed) shown by diff with the
// summary and exit code, push --dry-run changing nothing, push applying it after the deletion
// question, a fresh pull equal to the edited file; rules push cannot match are refused whole.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../main.ts';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

type Json = Record<string, unknown>;

let s: CliServer;
let file: string;

/** One monitor of every type the API makes, as a user would post them. */
const MONITORS: readonly Json[] = [
  { type: 'host', name: 'cpu high', metric: 'cpu%', operator: '>', warning: null, critical: 90, duration: 3 },
  { type: 'connectivity', name: 'web alive', scopes: ['shop:web'], alertStatusOnGone: 'WARNING' },
  {
    type: 'service',
    name: 'orders low',
    memo: 'check the shop',
    service: 'shop',
    metric: 'orders',
    operator: '<',
    warning: 5,
    critical: null,
    duration: 2,
    notificationInterval: 60,
  },
  {
    type: 'external',
    name: 'shop health',
    url: 'http://127.0.0.1:9/health',
    method: 'POST',
    service: 'shop',
    requestBody: '{}',
    responseTimeWarning: 500,
    responseTimeDuration: 3,
    headers: [{ name: 'X-Probe', value: 'saba' }],
  },
  {
    type: 'expression',
    name: 'web load',
    expression: 'avg(role(shop:web, loadavg5))',
    operator: '>',
    warning: 3,
    critical: 6,
  },
  { type: 'anomalyDetection', name: 'db anomaly', scopes: ['shop:db'], warningSensitivity: 'normal' },
  {
    type: 'query',
    name: 'container cpu',
    query: '{"container.cpu.utilization", "service.name"="shop"}',
    legend: '{{container.name}}',
    operator: '>',
    warning: null,
    critical: 80,
  },
];

async function remote(): Promise<Json[]> {
  const a = await s.call('GET', '/api/v0/monitors');
  assert.equal(a.status, 200);
  return a.json.monitors as Json[];
}

async function readRules(path = file): Promise<Json[]> {
  return JSON.parse(await readFile(path, 'utf8')).monitors as Json[];
}

async function writeRules(rules: readonly Json[], path = file): Promise<void> {
  await writeFile(path, `${JSON.stringify({ monitors: rules }, null, 4)}\n`);
}

function withoutId(m: Json): Json {
  const { id: _id, ...rest } = m;
  return rest;
}

function byName(a: Json, b: Json): number {
  return String(a.name).localeCompare(String(b.name));
}

before(async () => {
  s = await startCliServer();
  file = join(s.dir, 'monitors.json');
  const host = await s.saba(['create', '-R', 'shop:web', '-R', 'shop:db', 'mon-host']);
  assert.equal(host.code, 0, host.stderr);
  for (const m of MONITORS) {
    const a = await s.call('POST', '/api/v0/monitors', m);
    assert.equal(a.status, 200, JSON.stringify(a.json));
  }
});
after(async () => {
  await s.close();
});

describe('monitors', () => {
  test('monitors lists every monitor in mackerel-client-go`s shape; --jq filters', async () => {
    const r = await s.saba(['monitors']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Json[];
    // The seven above and the connectivity monitor every organization starts with.
    assert.equal(list.length, MONITORS.length + 1);
    const host = list.find((m) => m.name === 'cpu high') as Json;
    assert.deepEqual(Object.keys(host), [
      'id',
      'name',
      'type',
      'metric',
      'operator',
      'warning',
      'critical',
      'duration',
      'maxCheckAttempts',
    ]);
    const q = await s.saba(['monitors', '--jq', '.[] | select(.type == "query") | .name']);
    assert.equal(q.stdout, 'container cpu\n');
  });

  test('pull writes {"monitors": [...]} as mkr does: four spaces, ids kept, zero values left out', async () => {
    const r = await s.saba(['monitors', 'pull', '-F', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `      info Monitor rules are saved to '${file}' (8 rules).\n`);
    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith('{\n    "monitors": [\n        {\n            "id": "'), text.slice(0, 80));
    assert.ok(text.endsWith('\n    ]\n}\n'));
    const rules = await readRules();
    const ids = new Set((await remote()).map((m) => m.id));
    assert.ok(rules.every((m) => ids.has(m.id)));
    const named = (n: string) => rules.find((m) => m.name === n) as Json;
    assert.deepEqual(withoutId(named('cpu high')), {
      name: 'cpu high',
      type: 'host',
      metric: 'cpu%',
      operator: '>',
      warning: null,
      critical: 90,
      duration: 3,
      maxCheckAttempts: 1,
    });
    assert.deepEqual(withoutId(named('shop health')), {
      name: 'shop health',
      type: 'external',
      method: 'POST',
      url: 'http://127.0.0.1:9/health',
      maxCheckAttempts: 1,
      service: 'shop',
      responseTimeWarning: 500,
      responseTimeDuration: 3,
      requestBody: '{}',
      headers: [{ name: 'X-Probe', value: 'saba' }],
    });
    assert.deepEqual(withoutId(named('orders low')), {
      name: 'orders low',
      memo: 'check the shop',
      type: 'service',
      notificationInterval: 60,
      service: 'shop',
      metric: 'orders',
      operator: '<',
      warning: 5,
      critical: null,
      duration: 2,
      maxCheckAttempts: 1,
    });
    assert.deepEqual(Object.keys(named('container cpu')), [
      'id',
      'name',
      'type',
      'query',
      'operator',
      'warning',
      'critical',
      'legend',
      'evaluateBackwardMinutes',
    ]);
    assert.ok(
      rules.every((m) => m.isMute === undefined && m.scopes?.toString() !== ''),
      'no false, no []',
    );

    const v = await s.saba(['monitors', 'pull', '-F', join(s.dir, 'v.json'), '-v']);
    assert.deepEqual(JSON.parse(v.stdout), rules, '-v prints what it saves');
  });

  test('a fresh pull diffs clean: the summary alone, exit 0 with --exit-code', async () => {
    const r = await s.saba(['monitors', 'diff', '-F', file, '--exit-code']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Summary: 0 modify, 0 append, 0 remove\n\n');
  });

  test('edit, diff, push --dry-run, push, pull: the server ends as the file says', async () => {
    const rules = await readRules();
    const edited = rules
      .filter((m) => m.name !== 'orders low')
      .map((m) => (m.name === 'cpu high' ? { ...m, critical: 95 } : m));
    const added = {
      name: 'memory high',
      type: 'host',
      metric: 'memory%',
      operator: '>',
      warning: 80,
      critical: null,
      duration: 1,
      maxCheckAttempts: 2,
    };
    edited.push(added);
    await writeRules(edited);
    const removed = rules.find((m) => m.name === 'orders low') as Json;

    const d = await s.saba(['monitors', 'diff', '-F', file, '-e']);
    assert.equal(d.code, 1, d.stderr);
    assert.ok(d.stdout.startsWith('Summary: 1 modify, 1 append, 1 remove\n\n {\n'), d.stdout);
    assert.match(d.stdout, /^- {2}"critical": 90,\n\+ {2}"critical": 95,\n {3}"duration": 3,$/m);
    assert.match(d.stdout, new RegExp(`^-\\{\\n-  "id": "${removed.id}",\\n-  "name": "orders low",$`, 'm'));
    const addedBlock = [
      '+{',
      '+  "name": "memory high",',
      '+  "type": "host",',
      '+  "metric": "memory%",',
      '+  "operator": ">",',
      '+  "warning": 80,',
      '+  "critical": null,',
      '+  "duration": 1,',
      '+  "maxCheckAttempts": 2',
      '+},',
    ].join('\n');
    assert.ok(d.stdout.endsWith(`${addedBlock}\n`), d.stdout);
    assert.equal((await s.saba(['monitors', 'diff', '-F', file])).code, 0, 'without --exit-code a diff exits 0');

    const rev = await s.saba(['monitors', 'diff', '-F', file, '--reverse']);
    assert.ok(rev.stdout.startsWith('Summary: 1 modify, 1 append, 1 remove\n\n'));
    assert.match(rev.stdout, /^- {2}"critical": 95,\n\+ {2}"critical": 90,$/m);
    assert.match(rev.stdout, /^\+ {2}"name": "orders low",$/m);
    assert.match(rev.stdout, /^- {2}"name": "memory high",$/m);

    const before = await remote();
    const dry = await s.saba(['monitors', 'push', '-F', file, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(dry.stderr, '      info Create a new rule.\n      info Delete a rule.\n      info Update a rule.\n');
    assert.ok(!dry.stdout.includes('Are you sure?'), 'a dry run asks nothing');
    assert.match(dry.stdout, /^\{\n {2}"name": "memory high",/m);
    assert.deepEqual(await remote(), before, 'a dry run changes nothing');

    const push = await s.saba(['monitors', 'push', '-F', file, '-v']);
    assert.equal(push.code, 0, push.stderr);
    assert.equal(push.stderr, '      info Create a new rule.\n      info Delete a rule.\n      info Update a rule.\n');
    assert.ok(
      push.stdout.startsWith(`Delete following monitors.\n  ${removed.id} orders low\nAre you sure? (y/n) [y]: `),
      push.stdout.slice(0, 120),
    );
    const after = await remote();
    assert.equal(after.length, before.length);
    assert.equal(after.find((m) => m.name === 'cpu high')?.critical, 95);
    assert.equal(after.find((m) => m.name === 'memory high')?.maxCheckAttempts, 2);
    assert.ok(!after.some((m) => m.id === removed.id));

    const clean = await s.saba(['monitors', 'diff', '-F', file, '--exit-code']);
    assert.equal(clean.stdout, 'Summary: 0 modify, 0 append, 0 remove\n\n');
    assert.equal(clean.code, 0);

    const again = join(s.dir, 'again.json');
    assert.equal((await s.saba(['monitors', 'pull', '-F', again])).code, 0);
    assert.deepEqual(
      (await readRules(again)).map(withoutId).sort(byName),
      edited.map(withoutId).sort(byName),
      'a new pull holds the edited rules (new ids aside)',
    );
  });

  test('rules push cannot match are refused and nothing is pushed', async () => {
    const rules = await readRules();
    const fresh = { type: 'connectivity', name: 'would be new' };
    const cases: [string, Json[], RegExp][] = [
      ['no id and no name', [...rules, fresh, { type: 'connectivity' }], /has neither "id" nor "name"/],
      [
        'no id and a name another rule has',
        [...rules, fresh, { type: 'host', name: 'cpu high', metric: 'x', operator: '>', critical: 1, duration: 1 }],
        /\("cpu high"\) has no "id" and its name is not unique/,
      ],
      ['an unknown type', [fresh, ...rules, { type: 'ping', name: 'p' }], /has an unknown type "ping"/],
    ];
    const before = await remote();
    for (const [what, list, message] of cases) {
      const bad = join(s.dir, 'bad.json');
      await writeRules(list, bad);
      for (const verb of ['push', 'diff']) {
        const r = await s.saba(['monitors', verb, '-F', bad]);
        assert.equal(r.code, 1, `${what}: ${verb}`);
        assert.equal(r.stdout, '', what);
        assert.match(r.stderr, /^ {5}error /, what);
        assert.match(r.stderr, message, what);
      }
    }
    assert.deepEqual(await remote(), before, 'nothing was pushed');
    const missing = await s.saba(['monitors', 'diff', '-F', join(s.dir, 'none.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error open .*none\.json: no such file or directory/);
  });

  test('answering "n" to the deletion question on a terminal pushes nothing', async () => {
    const rules = (await readRules()).filter((m) => m.name !== 'web load');
    rules.push({ type: 'connectivity', name: 'not made' });
    await writeRules(rules);
    const before = await remote();
    let stdout = '';
    let stderr = '';
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end('n\n');
    const code = await main(['--conf', join(s.dir, 'no-such.conf'), 'monitors', 'push', '-F', file], {
      stdout: { write: (t: string) => (stdout += t), isTTY: true },
      stderr: { write: (t: string) => (stderr += t), isTTY: false },
      stdin,
      env: { MACKEREL_APIKEY: s.key, MACKEREL_APIBASE: s.url },
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Delete following monitors\.\n {2}\S+ web load\nAre you sure\? \(y\/n\) \[y\]: $/);
    assert.equal(stderr, '           push is canceled; nothing was changed.\n');
    assert.deepEqual(await remote(), before);
  });
});

// Hosts (spec mackerel-api.md §2): register, read, update, status, roles, retire, list, lookups.
// Over 500 lines: one file for the one resource, so that every rule of §2 is found in one place
// against one server; the cases are tables, and splitting them would split one spec section.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  agentHostInput,
  assertError,
  assertSuccess,
  createHost,
  getHost,
  type Json,
  nowSec,
  qs,
} from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

const INT32_MAX = 2 ** 31 - 1;

describe('POST /api/v0/hosts and GET /api/v0/hosts/<id>', () => {
  test('the agent registration body round-trips: id, seconds, size, roles, meta verbatim, interfaces', async () => {
    const input = agentHostInput();
    const before = nowSec();
    const a = await h.call('POST', '/api/v0/hosts', { body: input });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(Object.keys(a.json), ['id']);
    assert.match(a.json.id, /^[A-Za-z0-9]+$/);

    const got = await h.call('GET', `/api/v0/hosts/${a.json.id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(Object.keys(got.json), ['host']);
    const host = got.json.host as Json;
    assert.equal(host.id, a.json.id);
    assert.equal(host.name, 'vm');
    assert.equal(host.size, 'standard');
    assert.ok(['working', 'standby', 'maintenance', 'poweroff'].includes(host.status));
    assert.equal(host.isRetired, false);
    assert.equal(host.retiredAt, undefined);
    assert.equal(typeof host.memo, 'string');
    // createdAt is decoded into a Go int32: epoch seconds (spec §1.4 #7).
    assert.ok(Number.isInteger(host.createdAt));
    assert.ok(host.createdAt >= before - 1 && host.createdAt <= nowSec() + 1, `createdAt ${host.createdAt}`);
    assert.ok(host.createdAt <= INT32_MAX);
    assert.deepEqual(host.roles, { acceptance: ['agent'] });

    // meta verbatim, in exactly the agent's JSON types (spec §1.4 #8).
    assert.deepEqual(host.meta, input.meta);
    for (const v of Object.values(host.meta.kernel)) assert.equal(typeof v, 'string');
    assert.ok(Array.isArray(host.meta.cpu) && host.meta.cpu.length > 0);
    for (const cpu of host.meta.cpu) for (const v of Object.values(cpu)) assert.equal(typeof v, 'string');
    for (const v of Object.values(host.meta.memory)) assert.equal(typeof v, 'string');
    for (const dev of Object.values(host.meta.block_device) as Json[]) {
      assert.equal(typeof dev, 'object');
      for (const v of Object.values(dev)) assert.equal(typeof v, 'string');
    }
    const fs = host.meta.filesystem['/dev/vda'] as Json;
    assert.equal(typeof fs.kb_size, 'number');
    assert.equal(typeof fs.kb_used, 'number');
    assert.equal(typeof fs.kb_available, 'number');
    assert.equal(fs.percent_used, '25%');
    assert.equal(fs.mount, '/');

    // Interfaces as sent, plus the legacy single address derived from the arrays (spec §2.3).
    assert.equal(host.interfaces.length, 1);
    const eth0 = host.interfaces[0] as Json;
    assert.equal(eth0.name, 'eth0');
    assert.equal(eth0.macAddress, '02:fc:00:00:00:01');
    assert.deepEqual(eth0.ipv4Addresses, ['192.0.2.2']);
    assert.deepEqual(eth0.ipv6Addresses, ['fd00::2', 'fe80::fc:ff:fe00:1']);
    assert.equal(eth0.ipAddress, '192.0.2.2');
  });

  test('mkr create: interfaces, checks null and roleFullnames given (spec §1.4 #4)', async () => {
    const id = await createHost(h, { name: 'mkr-made', interfaces: null, roleFullnames: ['mkr:made'], checks: null });
    const host = await getHost(h, id);
    assert.deepEqual(host.interfaces, []);
    assert.deepEqual(host.roles, { mkr: ['made'] });
  });

  test('roleFullnames null is no roles; displayName, customIdentifier and memo are returned', async () => {
    const id = await createHost(h, {
      name: 'full',
      displayName: 'Full Host',
      customIdentifier: 'full.example',
      memo: 'a memo',
      roleFullnames: null,
    });
    const host = await getHost(h, id);
    assert.deepEqual(host.roles, {});
    assert.equal(host.displayName, 'Full Host');
    assert.equal(host.customIdentifier, 'full.example');
    assert.equal(host.memo, 'a memo');
  });

  test('"Service: role" with a space after the colon is trimmed, and roles are auto-created', async () => {
    const id = await createHost(h, { roleFullnames: ['AutoSvc: web', 'AutoSvc:db', 'Other-Svc:  batch'] });
    const host = await getHost(h, id);
    assert.deepEqual(host.roles, { AutoSvc: ['db', 'web'], 'Other-Svc': ['batch'] });
    const services = (await h.call('GET', '/api/v0/services')).json.services as Json[];
    assert.deepEqual(
      services.find((s) => s.name === 'AutoSvc'),
      { name: 'AutoSvc', memo: '', roles: ['db', 'web'] },
    );
    assert.deepEqual(services.find((s) => s.name === 'Other-Svc')?.roles, ['batch']);
    const roles = await h.call('GET', '/api/v0/services/AutoSvc/roles');
    assert.deepEqual(roles.json, {
      roles: [
        { name: 'db', memo: '' },
        { name: 'web', memo: '' },
      ],
    });
  });

  test('legacy ipAddress is derived from ipv4Addresses[0]; the array wins over the single form', async () => {
    const id = await createHost(h, {
      interfaces: [
        { name: 'eth0', ipv4Addresses: ['10.0.0.1', '10.0.0.2'], ipv6Addresses: ['fd00::1'], macAddress: 'aa:bb' },
        { name: 'eth1', ipAddress: '172.16.0.9', ipv4Addresses: ['10.1.0.1'] },
      ],
    });
    const [eth0, eth1] = (await getHost(h, id)).interfaces as Json[];
    assert.equal(eth0?.ipAddress, '10.0.0.1');
    assert.deepEqual(eth0?.ipv4Addresses, ['10.0.0.1', '10.0.0.2']);
    assert.equal(eth0?.ipv6Address, 'fd00::1');
    assert.deepEqual(eth1?.ipv4Addresses, ['10.1.0.1']);
    assert.equal(eth1?.ipAddress, '10.1.0.1');
  });

  const invalid: ReadonlyArray<readonly [string, unknown]> = [
    ['name missing', { meta: {} }],
    ['name not a string', { name: 5, meta: {} }],
    ['meta an array', { name: 'x', meta: [] }],
    ['interfaces not an array', { name: 'x', meta: {}, interfaces: {} }],
    ['roleFullnames without a colon', { name: 'x', meta: {}, roleFullnames: ['justservice'] }],
    ['roleFullnames with an empty role', { name: 'x', meta: {}, roleFullnames: ['svc:'] }],
    ['roleFullnames with a bad character', { name: 'x', meta: {}, roleFullnames: ['svc:ro le'] }],
    ['roleFullnames not strings', { name: 'x', meta: {}, roleFullnames: [1] }],
    ['checks with a bad name', { name: 'x', meta: {}, checks: [{ name: 'bad name' }] }],
    ['a check memo over 250 characters', { name: 'x', meta: {}, checks: [{ name: 'c', memo: 'm'.repeat(251) }] }],
    ['body an array', [{ name: 'x', meta: {} }]],
    ['body a string', 'x'],
  ];
  for (const [what, body] of invalid) {
    test(`400 when ${what}`, async () => {
      const before = (await h.call('GET', '/api/v0/hosts')).json.hosts.length;
      assertError(await h.call('POST', '/api/v0/hosts', { body }), 400);
      assert.equal((await h.call('GET', '/api/v0/hosts')).json.hosts.length, before);
    });
  }

  test('customIdentifier "" or null is stored as none, and never conflicts (spec §2.2)', async () => {
    for (const customIdentifier of ['', null, '', null]) {
      const id = await createHost(h, { name: 'no-ci', customIdentifier });
      assert.equal((await getHost(h, id)).customIdentifier ?? null, null);
    }
  });

  test('400 when the customIdentifier is already used (spec §21), on POST and on PUT', async () => {
    await createHost(h, { name: 'ci-owner', customIdentifier: 'taken.example' });
    assertError(
      await h.call('POST', '/api/v0/hosts', {
        body: { name: 'ci-thief', meta: {}, customIdentifier: 'taken.example' },
      }),
      400,
    );
    const other = await createHost(h, { name: 'ci-other' });
    assertError(
      await h.call('PUT', `/api/v0/hosts/${other}`, {
        body: { name: 'ci-other', meta: {}, customIdentifier: 'taken.example' },
      }),
      400,
    );
    assert.equal((await getHost(h, other)).customIdentifier, undefined);
  });

  test("404 with Mackerel error body for an unknown host and for another organization's host", async () => {
    assertError(await h.call('GET', '/api/v0/hosts/NoSuchHost1'), 404);
    const org = await h.newOrg();
    const theirs = await createHost(h, { name: 'theirs' }, org.key);
    assertError(await h.call('GET', `/api/v0/hosts/${theirs}`), 404);
    assert.equal((await getHost(h, theirs, org.key)).name, 'theirs');
  });
});

describe('PUT /api/v0/hosts/<id>', () => {
  test('keeps displayName and memo when absent, clears customIdentifier, adds roles without removing', async () => {
    const id = await createHost(h, {
      name: 'put-me',
      displayName: 'Shown',
      memo: 'keep me',
      customIdentifier: 'put-me.example',
      roleFullnames: ['PutSvc:one'],
      meta: { 'agent-version': '0.80.0' },
    });
    const a = await h.call('PUT', `/api/v0/hosts/${id}`, {
      body: {
        name: 'put-me-2',
        meta: { 'agent-version': '0.85.0' },
        roleFullnames: ['PutSvc: two'],
        interfaces: null,
        checks: null,
      },
    });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { id });
    const host = await getHost(h, id);
    assert.equal(host.name, 'put-me-2');
    assert.equal(host.displayName, 'Shown');
    assert.equal(host.memo, 'keep me');
    assert.equal(host.customIdentifier ?? null, null);
    assert.deepEqual(host.roles, { PutSvc: ['one', 'two'] });
    assert.deepEqual(host.meta, { 'agent-version': '0.85.0' });

    // roleFullnames null adds nothing and removes nothing (spec §1.4 #4, §2.2).
    await h.call('PUT', `/api/v0/hosts/${id}`, { body: { name: 'put-me-2', meta: {}, roleFullnames: null } });
    assert.deepEqual((await getHost(h, id)).roles, { PutSvc: ['one', 'two'] });

    // Given values overwrite; the freed customIdentifier can be claimed by another host.
    await h.call('PUT', `/api/v0/hosts/${id}`, {
      body: { name: 'put-me-2', meta: {}, displayName: 'New', memo: 'new memo' },
    });
    const again = await getHost(h, id);
    assert.equal(again.displayName, 'New');
    assert.equal(again.memo, 'new memo');
    await createHost(h, { name: 'claims', customIdentifier: 'put-me.example' });
  });

  test('404 for an unknown host, 400 for a bad body', async () => {
    assertError(await h.call('PUT', '/api/v0/hosts/NoSuchHost1', { body: { name: 'x', meta: {} } }), 404);
    const id = await createHost(h);
    assertError(await h.call('PUT', `/api/v0/hosts/${id}`, { body: { meta: {} } }), 400);
    assertError(
      await h.call('PUT', `/api/v0/hosts/${id}`, { body: { name: 'x', meta: {}, roleFullnames: ['nope'] } }),
      400,
    );
  });
});

describe('GET /api/v0/hosts filters (spec §2.4)', () => {
  let org: { key: string };
  const ids: Record<string, string> = {};
  const list = async (query: string, path = '/api/v0/hosts'): Promise<string[]> => {
    const a = await h.call('GET', `${path}${query ? `?${query}` : ''}`, { key: org.key });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(Object.keys(a.json), ['hosts']);
    return (a.json.hosts as Json[]).map((x) => x.name as string).sort();
  };
  const all = [
    ['status', 'working'],
    ['status', 'standby'],
    ['status', 'maintenance'],
    ['status', 'poweroff'],
  ] as const;

  before(async () => {
    org = await h.newOrg();
    const make = async (name: string, roles: string[], status: string, extra: Json = {}) => {
      ids[name] = await createHost(h, { name, roleFullnames: roles, ...extra }, org.key);
      assertSuccess(await h.call('POST', `/api/v0/hosts/${ids[name]}/status`, { key: org.key, body: { status } }));
    };
    await make('web1', ['Shop:web'], 'working');
    await make('web2', ['Shop:web', 'Shop:batch'], 'standby');
    await make('db1', ['Shop:db'], 'maintenance');
    await make('db2', ['Blog:db'], 'poweroff', { customIdentifier: 'i-0123.ec2.amazonaws.com' });
    await make('web3', ['Shop:web'], 'working', { customIdentifier: 'retired.example' });
    assertSuccess(await h.call('POST', `/api/v0/hosts/${ids.web3}/retire`, { key: org.key, raw: 'null\n' }));
  });

  const cases: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>, string[]]> = [
    ['no filter: working and standby only', [], ['web1', 'web2']],
    ['service', [['service', 'Shop']], ['web1', 'web2']],
    [
      'service and status',
      [
        ['service', 'Shop'],
        ['status', 'maintenance'],
      ],
      ['db1'],
    ],
    [
      'role is repeatable and a union',
      [['service', 'Shop'], ['role', 'db'], ['role', 'batch'], ...all],
      ['db1', 'web2'],
    ],
    ['role without service is ignored', [['role', 'db']], ['web1', 'web2']],
    ['name', [['name', 'web2']], ['web2']],
    ['name of a host outside the default statuses', [['name', 'db1']], []],
    [
      'name and status',
      [
        ['name', 'db1'],
        ['status', 'maintenance'],
      ],
      ['db1'],
    ],
    [
      'status is repeatable',
      [
        ['status', 'poweroff'],
        ['status', 'maintenance'],
      ],
      ['db1', 'db2'],
    ],
    ['customIdentifier as the agent asks', [['customIdentifier', 'i-0123.ec2.amazonaws.com'], ...all], ['db2']],
    ['retired hosts never appear', [['customIdentifier', 'retired.example'], ...all], []],
    ['every status: still no retired host', [...all], ['db1', 'db2', 'web1', 'web2']],
    ['unknown service', [['service', 'Nope']], []],
  ];
  for (const [what, query, want] of cases) {
    test(what, async () => {
      assert.deepEqual(await list(qs(query)), want);
    });
  }

  test('hosts.json is an alias of hosts', async () => {
    assert.deepEqual(await list('', '/api/v0/hosts.json'), await list(''));
    assert.deepEqual(await list(qs([['service', 'Shop'], ...all]), '/api/v0/hosts.json'), ['db1', 'web1', 'web2']);
  });

  test('list items are whole Host objects', async () => {
    const a = await h.call('GET', `/api/v0/hosts?${qs([['name', 'web2']])}`, { key: org.key });
    const host = a.json.hosts[0] as Json;
    assert.equal(host.id, ids.web2);
    assert.equal(host.size, 'standard');
    assert.equal(host.status, 'standby');
    assert.deepEqual(host.roles, { Shop: ['batch', 'web'] });
    assert.ok(Number.isInteger(host.createdAt));
  });

  test('400 for an unknown status', async () => {
    assertError(await h.call('GET', '/api/v0/hosts?status=sleeping', { key: org.key }), 400);
  });
});

describe('GET /api/v0/hosts-by-custom-identifier/<customIdentifier>', () => {
  test('URL-encoded "/" and "?" in the identifier', async () => {
    const ci = 'pool/a?b=c&d';
    const id = await createHost(h, { name: 'slashy', customIdentifier: ci });
    const a = await h.call('GET', `/api/v0/hosts-by-custom-identifier/${encodeURIComponent(ci)}`);
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.host.id, id);
    assert.equal(a.json.host.customIdentifier, ci);
  });

  test('case-sensitive by default; caseInsensitive=true finds the oldest match', async () => {
    const older = await createHost(h, { name: 'mixed-old', customIdentifier: 'Mixed-Case.Example' });
    // createdAt has one-second resolution: make "oldest" unambiguous.
    await new Promise((r) => setTimeout(r, 1100));
    await createHost(h, { name: 'mixed-new', customIdentifier: 'MIXED-case.example' });
    assertError(await h.call('GET', '/api/v0/hosts-by-custom-identifier/mixed-case.example'), 404);
    const a = await h.call('GET', '/api/v0/hosts-by-custom-identifier/mixed-case.example?caseInsensitive=true');
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.host.id, older);
  });

  test('404 for an unknown identifier and for a retired host', async () => {
    assertError(await h.call('GET', '/api/v0/hosts-by-custom-identifier/nobody.example'), 404);
    const id = await createHost(h, { name: 'gone', customIdentifier: 'gone.example' });
    assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/retire`, { raw: 'null\n' }));
    assertError(await h.call('GET', '/api/v0/hosts-by-custom-identifier/gone.example'), 404);
  });
});

describe('host status', () => {
  test('POST /api/v0/hosts/<id>/status sets each status', async () => {
    const id = await createHost(h);
    for (const status of ['standby', 'maintenance', 'poweroff', 'working']) {
      assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/status`, { body: { status } }));
      assert.equal((await getHost(h, id)).status, status);
    }
  });

  test('400 for a bad status or body, 404 for an unknown host', async () => {
    const id = await createHost(h);
    assertError(await h.call('POST', `/api/v0/hosts/${id}/status`, { body: { status: 'asleep' } }), 400);
    assertError(await h.call('POST', `/api/v0/hosts/${id}/status`, { body: {} }), 400);
    assertError(await h.call('POST', `/api/v0/hosts/${id}/status`, { raw: '' }), 400);
    assertError(await h.call('POST', '/api/v0/hosts/NoSuchHost1/status', { body: { status: 'working' } }), 404);
  });

  test('bulk-update-statuses: up to 30 ids; 31 is 400; an unknown id is 404 and changes nothing', async () => {
    const org = await h.newOrg();
    const ids: string[] = [];
    for (let i = 0; i < 31; i++) ids.push(await createHost(h, { name: `bulk-${i}` }, org.key));
    const statusOf = async (id: string) => (await getHost(h, id, org.key)).status;
    const first = ids.slice(0, 30);
    assertSuccess(
      await h.call('POST', '/api/v0/hosts/bulk-update-statuses', {
        key: org.key,
        body: { status: 'maintenance', ids: first },
      }),
    );
    for (const id of first) assert.equal(await statusOf(id), 'maintenance');

    assertError(
      await h.call('POST', '/api/v0/hosts/bulk-update-statuses', { key: org.key, body: { status: 'poweroff', ids } }),
      400,
    );
    assert.equal(await statusOf(ids[0] as string), 'maintenance');

    const last = ids[30] as string;
    const lastBefore = await statusOf(last);
    assertError(
      await h.call('POST', '/api/v0/hosts/bulk-update-statuses', {
        key: org.key,
        body: { status: 'poweroff', ids: [ids[0], last, 'NoSuchHost1'] },
      }),
      404,
    );
    assert.equal(await statusOf(ids[0] as string), 'maintenance');
    assert.equal(await statusOf(last), lastBefore);

    assertError(
      await h.call('POST', '/api/v0/hosts/bulk-update-statuses', {
        key: org.key,
        body: { status: 'nope', ids: [last] },
      }),
      400,
    );
  });
});

describe('PUT /api/v0/hosts/<id>/role-fullnames', () => {
  test('replaces the whole role set, trimming and auto-creating', async () => {
    const id = await createHost(h, { roleFullnames: ['RfA:x', 'RfB:y'] });
    assertSuccess(
      await h.call('PUT', `/api/v0/hosts/${id}/role-fullnames`, { body: { roleFullnames: ['RfC:z', 'RfA: w'] } }),
    );
    assert.deepEqual((await getHost(h, id)).roles, { RfA: ['w'], RfC: ['z'] });
    const svc = await h.call('GET', '/api/v0/services/RfC/roles');
    assert.deepEqual(svc.json.roles, [{ name: 'z', memo: '' }]);
    // null is "empty" (spec §1.4 #4): the host keeps no role.
    assertSuccess(await h.call('PUT', `/api/v0/hosts/${id}/role-fullnames`, { body: { roleFullnames: null } }));
    assert.deepEqual((await getHost(h, id)).roles, {});
  });

  test('400 for a bad role full name, 404 for an unknown host', async () => {
    const id = await createHost(h, { roleFullnames: ['RfD:keep'] });
    assertError(
      await h.call('PUT', `/api/v0/hosts/${id}/role-fullnames`, { body: { roleFullnames: ['no-colon'] } }),
      400,
    );
    assertError(await h.call('PUT', `/api/v0/hosts/${id}/role-fullnames`, { body: { roleFullnames: 'RfD:x' } }), 400);
    assert.deepEqual((await getHost(h, id)).roles, { RfD: ['keep'] });
    assertError(
      await h.call('PUT', '/api/v0/hosts/NoSuchHost1/role-fullnames', { body: { roleFullnames: ['RfD:keep'] } }),
      404,
    );
  });
});

describe('retirement', () => {
  const bodies: ReadonlyArray<readonly [string, string]> = [
    ['the Go client\'s "null\\n"', 'null\n'],
    ['{}', '{}'],
    ['an empty body', ''],
  ];
  for (const [what, raw] of bodies) {
    test(`POST /api/v0/hosts/<id>/retire with ${what}`, async () => {
      const id = await createHost(h, { name: `retire-${raw.length}`, roleFullnames: ['RetSvc:r'] });
      const before = nowSec();
      assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/retire`, { raw }));
      const host = await getHost(h, id);
      assert.equal(host.isRetired, true);
      assert.ok(Number.isInteger(host.retiredAt));
      assert.ok(host.retiredAt >= before - 1 && host.retiredAt <= nowSec() + 1);
      const listed = (await h.call('GET', `/api/v0/hosts?${qs([['name', host.name]])}`)).json.hosts as Json[];
      assert.equal(
        listed.find((x) => x.id === id),
        undefined,
      );
    });
  }

  test('404 for an unknown host', async () => {
    assertError(await h.call('POST', '/api/v0/hosts/NoSuchHost1/retire', { raw: 'null\n' }), 404);
  });

  test('bulk-retire: retires all; 31 ids is 400; an unknown id is 404 and retires nothing', async () => {
    const a = await createHost(h, { name: 'bulk-ret-a' });
    const b = await createHost(h, { name: 'bulk-ret-b' });
    const c = await createHost(h, { name: 'bulk-ret-c' });
    assertSuccess(await h.call('POST', '/api/v0/hosts/bulk-retire', { body: { ids: [a, b] } }));
    assert.equal((await getHost(h, a)).isRetired, true);
    assert.equal((await getHost(h, b)).isRetired, true);

    assertError(await h.call('POST', '/api/v0/hosts/bulk-retire', { body: { ids: [c, 'NoSuchHost1'] } }), 404);
    assert.equal((await getHost(h, c)).isRetired, false);

    const many = Array.from({ length: 31 }, (_, i) => (i === 0 ? c : `NoSuchHost${i}`));
    assertError(await h.call('POST', '/api/v0/hosts/bulk-retire', { body: { ids: many } }), 400);
    assert.equal((await getHost(h, c)).isRetired, false);
    assertError(await h.call('POST', '/api/v0/hosts/bulk-retire', { body: { ids: 'x' } }), 400);
  });
});

describe('GET /api/v0/hosts/<id>/monitored-statuses', () => {
  test("shows the check monitors after a check report, with the memo from the host's checks", async () => {
    const id = await createHost(h, {
      name: 'checked',
      checks: [{ name: 'hoststatuscheck', memo: 'cycling test check' }],
    });
    assert.deepEqual((await h.call('GET', `/api/v0/hosts/${id}/monitored-statuses`)).json, { monitoredStatuses: [] });
    const report = {
      reports: [
        {
          source: { type: 'host', hostId: id },
          name: 'hoststatuscheck',
          status: 'WARNING',
          message: 'WARNING: run 3\n',
          occurredAt: nowSec(),
        },
      ],
    };
    assertSuccess(await h.call('POST', '/api/v0/monitoring/checks/report', { body: report }));
    const checks = (await h.call('GET', '/api/v0/monitoring/checks')).json.checks as Json[];
    const monitorId = checks.find((c) => c.name === 'hoststatuscheck')?.id;
    assert.equal(typeof monitorId, 'string');
    const a = await h.call('GET', `/api/v0/hosts/${id}/monitored-statuses`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, {
      monitoredStatuses: [
        {
          monitorId,
          status: 'WARNING',
          detail: { type: 'check', message: 'WARNING: run 3\n', memo: 'cycling test check' },
        },
      ],
    });
  });

  test('404 for an unknown host', async () => {
    assertError(await h.call('GET', '/api/v0/hosts/NoSuchHost1/monitored-statuses'), 404);
  });
});

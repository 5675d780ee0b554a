// Host, service and role metadata (spec mackerel-api.md §3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hostId as hostIdOf, unixSec } from '@saba/model';
import { assertError, assertSuccess, createHost, nowSec } from '../testing/api-fixtures.ts';
import { type Harness, startHarness } from '../testing/harness.ts';

let h: Harness;
let hostId: string;
before(async () => {
  h = await startHarness();
  assert.equal((await h.call('POST', '/api/v0/services', { body: { name: 'MetaSvc' } })).status, 200);
  assert.equal((await h.call('POST', '/api/v0/services/MetaSvc/roles', { body: { name: 'app' } })).status, 200);
  hostId = await createHost(h, { name: 'meta-host' });
});
after(async () => {
  await h.close();
});

let made = 0;

/**
 * The three kinds of target: a new one of the kind for each test that writes (so that no test
 * counts another's namespaces), the most namespaces it takes, and a missing target's base.
 */
const targets = [
  {
    kind: 'host',
    fresh: async () => `/api/v0/hosts/${await createHost(h, { name: `meta-host-${++made}` })}`,
    max: 50,
    missing: '/api/v0/hosts/NoSuchHost1',
  },
  {
    kind: 'service',
    fresh: async () => {
      const name = `MetaSvc${++made}`;
      assert.equal((await h.call('POST', '/api/v0/services', { body: { name } })).status, 200);
      return `/api/v0/services/${name}`;
    },
    max: 50,
    missing: '/api/v0/services/NoSuchSvc',
  },
  {
    kind: 'role',
    fresh: async () => {
      const name = `role${++made}`;
      assert.equal((await h.call('POST', '/api/v0/services/MetaSvc/roles', { body: { name } })).status, 200);
      return `/api/v0/services/MetaSvc/roles/${name}`;
    },
    max: 10,
    missing: '/api/v0/services/MetaSvc/roles/nosuchrole',
  },
] as const;

/** Every JSON type is stored and returned as it was (spec §3: object, array, string, number, boolean, null). */
const documents: ReadonlyArray<readonly [string, unknown]> = [
  ['object', { owner: 'acceptance-test', rack: 'A1', nested: { list: [1, 2.5, -3e-7], ok: true, none: null } }],
  ['array', [1, 'two', { three: 3 }, null, [false]]],
  ['string', 'just a string with "quotes" and ユニコード'],
  ['number', 42],
  ['float', 1.5],
  ['true', true],
  ['false', false],
  ['null', null],
  ['empty object', {}],
  ['empty array', []],
];

for (const t of targets) {
  describe(`${t.kind} metadata`, () => {
    /** A target of this kind for the tests that store nothing. */
    let shared: string | undefined;
    const base = async () => {
      shared ??= await t.fresh();
      return shared;
    };
    test('PUT, GET with Last-Modified, list, replace, DELETE', async () => {
      const base = await t.fresh();
      assert.deepEqual((await h.call('GET', `${base}/metadata`)).json, { metadata: [] });

      const before = nowSec();
      assertSuccess(
        await h.call('PUT', `${base}/metadata/testmeta`, { body: { owner: 'acceptance-test', rack: 'A1' } }),
      );
      const got = await h.call('GET', `${base}/metadata/testmeta`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json, { owner: 'acceptance-test', rack: 'A1' });
      // mackerel-client-go parses Last-Modified as an HTTP date and fails without it (spec §1.4 #3).
      const lm = got.headers.get('last-modified');
      assert.ok(lm !== null, 'Last-Modified is missing');
      assert.match(lm, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const lmSec = Date.parse(lm) / 1000;
      assert.ok(!Number.isNaN(lmSec));
      assert.ok(lmSec >= before - 1 && lmSec <= nowSec() + 1, `Last-Modified ${lm}`);

      assertSuccess(await h.call('PUT', `${base}/metadata/other-ns_2`, { body: [1] }));
      assert.deepEqual((await h.call('GET', `${base}/metadata`)).json, {
        metadata: [{ namespace: 'other-ns_2' }, { namespace: 'testmeta' }],
      });

      assertSuccess(await h.call('PUT', `${base}/metadata/testmeta`, { body: { rack: 'B2' } }));
      assert.deepEqual((await h.call('GET', `${base}/metadata/testmeta`)).json, { rack: 'B2' });

      assertSuccess(await h.call('DELETE', `${base}/metadata/testmeta`));
      assertError(await h.call('GET', `${base}/metadata/testmeta`), 404);
      assertError(await h.call('DELETE', `${base}/metadata/testmeta`), 404);
      assertSuccess(await h.call('DELETE', `${base}/metadata/other-ns_2`));
      assert.deepEqual((await h.call('GET', `${base}/metadata`)).json, { metadata: [] });
    });

    describe('any JSON value', () => {
      // One target for all ten documents: a role takes exactly ten namespaces.
      let base: string;
      before(async () => {
        base = await t.fresh();
      });
      for (const [what, doc] of documents) {
        test(`stores a JSON ${what} verbatim`, async () => {
          const ns = `doc-${what.replace(' ', '-')}`;
          assertSuccess(await h.call('PUT', `${base}/metadata/${ns}`, { body: doc }));
          const got = await h.call('GET', `${base}/metadata/${ns}`);
          assert.equal(got.status, 200);
          assert.deepEqual(JSON.parse(got.text), doc);
          assert.notEqual(got.headers.get('last-modified'), null);
        });
      }
    });

    test('returns the document as sent: no rounding of 64-bit integers or long decimals', async () => {
      const b = await base();
      const text = '{"inode": 12345678901234567890, "ratio": 1.0, "pi": 3.14159265358979323846, "neg": -0}';
      assertSuccess(await h.call('PUT', `${b}/metadata/exact`, { raw: `${text}\n` }));
      const got = await h.call('GET', `${b}/metadata/exact`);
      assert.equal(got.status, 200);
      assert.equal(got.text, text);
    });

    test('404 for a missing namespace and for a missing target', async () => {
      assertError(await h.call('GET', `${await base()}/metadata/never-written`), 404);
      assertError(await h.call('GET', `${t.missing}/metadata`), 404);
      assertError(await h.call('GET', `${t.missing}/metadata/ns`), 404);
      assertError(await h.call('PUT', `${t.missing}/metadata/ns`, { body: { a: 1 } }), 404);
      assertError(await h.call('DELETE', `${t.missing}/metadata/ns`), 404);
    });

    const badNamespaces: ReadonlyArray<readonly [string, string]> = [
      ['a space', 'bad%20ns'],
      ['a dot', 'bad.ns'],
      ['a colon', 'bad:ns'],
      ['non-ASCII', encodeURIComponent('名前')],
      ['the reserved name "mackerel"', 'mackerel'],
      ['the reserved prefix "mackerel"', 'mackerel-agent'],
    ];
    for (const [what, ns] of badNamespaces) {
      test(`400 for a namespace with ${what}`, async () => {
        assertError(await h.call('PUT', `${await base()}/metadata/${ns}`, { body: { a: 1 } }), 400);
      });
    }

    test('413 over 100 KB; nothing stored', async () => {
      const base = await t.fresh();
      // A document of exactly 100 KB is accepted, with the Go encoder's newline after it...
      const fits = { data: 'x'.repeat(100 * 1024 - 11) };
      assert.equal(JSON.stringify(fits).length, 100 * 1024);
      assertSuccess(await h.call('PUT', `${base}/metadata/big`, { body: fits }));
      // ...one byte more is not, and neither is a body far over the limit.
      for (const size of [100 * 1024 + 1, 1024 * 1024]) {
        const raw = JSON.stringify({ data: 'y'.repeat(size - 11) });
        assert.equal(raw.length, size);
        assertError(await h.call('PUT', `${base}/metadata/big`, { raw: `${raw}\n` }), 413);
        assertError(await h.call('PUT', `${base}/metadata/big-new`, { raw: `${raw}\n` }), 413);
      }
      assert.deepEqual((await h.call('GET', `${base}/metadata/big`)).json, fits);
      assertError(await h.call('GET', `${base}/metadata/big-new`), 404);
    });

    test(`at most ${t.max} namespaces: the next one is 400, rewriting one is fine`, async () => {
      const base = await t.fresh();
      for (let i = 0; i < t.max; i++) assertSuccess(await h.call('PUT', `${base}/metadata/n${i}`, { body: i }));
      assertError(await h.call('PUT', `${base}/metadata/one-too-many`, { body: 1 }), 400);
      assertError(await h.call('GET', `${base}/metadata/one-too-many`), 404);
      assertSuccess(await h.call('PUT', `${base}/metadata/n0`, { body: 'rewritten' }));
      assert.equal((await h.call('GET', `${base}/metadata`)).json.metadata.length, t.max);
    });

    test('400 for a body that is not JSON', async () => {
      const b = await base();
      assertError(await h.call('PUT', `${b}/metadata/broken`, { raw: '{"a":' }), 400);
      assertError(await h.call('PUT', `${b}/metadata/broken`, { raw: '' }), 400);
      assertError(await h.call('GET', `${b}/metadata/broken`), 404);
    });
  });
}

describe('metadata of a retired host', () => {
  test('PUT and DELETE are 400; GET and list stay readable within a week', async () => {
    const id = await createHost(h, { name: 'meta-retiring' });
    assertSuccess(await h.call('PUT', `/api/v0/hosts/${id}/metadata/kept`, { body: { a: 1 } }));
    assertSuccess(await h.call('POST', `/api/v0/hosts/${id}/retire`, { raw: 'null\n' }));
    assertError(await h.call('PUT', `/api/v0/hosts/${id}/metadata/kept`, { body: { a: 2 } }), 400);
    assertError(await h.call('PUT', `/api/v0/hosts/${id}/metadata/new`, { body: { a: 2 } }), 400);
    assertError(await h.call('DELETE', `/api/v0/hosts/${id}/metadata/kept`), 400);
    assert.deepEqual((await h.call('GET', `/api/v0/hosts/${id}/metadata/kept`)).json, { a: 1 });
    assert.deepEqual((await h.call('GET', `/api/v0/hosts/${id}/metadata`)).json, { metadata: [{ namespace: 'kept' }] });
  });

  test('GET and list are 400 more than a week after retirement', async () => {
    const id = await createHost(h, { name: 'meta-long-retired' });
    assertSuccess(await h.call('PUT', `/api/v0/hosts/${id}/metadata/kept`, { body: { a: 1 } }));
    // The server's clock cannot be moved, so the host is retired eight days in the past through the catalog.
    const org = await h.server.catalog.orgs.getByName(h.server.bootstrap.orgName);
    assert.ok(org);
    await h.server.catalog.hosts.retire(org.id, [hostIdOf(id)], unixSec(nowSec() - 8 * 86400));
    assertError(await h.call('GET', `/api/v0/hosts/${id}/metadata/kept`), 400);
    assertError(await h.call('GET', `/api/v0/hosts/${id}/metadata`), 400);
  });
});

describe('metadata goes with its service or role', () => {
  test('deleting a role drops its metadata; deleting a service drops service and role metadata', async () => {
    assert.equal((await h.call('POST', '/api/v0/services', { body: { name: 'Doomed' } })).status, 200);
    assert.equal((await h.call('POST', '/api/v0/services/Doomed/roles', { body: { name: 'r1' } })).status, 200);
    assert.equal((await h.call('POST', '/api/v0/services/Doomed/roles', { body: { name: 'r2' } })).status, 200);
    assertSuccess(await h.call('PUT', '/api/v0/services/Doomed/metadata/s', { body: 1 }));
    assertSuccess(await h.call('PUT', '/api/v0/services/Doomed/roles/r1/metadata/r', { body: 2 }));
    assertSuccess(await h.call('PUT', '/api/v0/services/Doomed/roles/r2/metadata/r', { body: 3 }));

    assert.equal((await h.call('DELETE', '/api/v0/services/Doomed/roles/r1')).status, 200);
    assert.equal((await h.call('POST', '/api/v0/services/Doomed/roles', { body: { name: 'r1' } })).status, 200);
    assertError(await h.call('GET', '/api/v0/services/Doomed/roles/r1/metadata/r'), 404);
    assert.deepEqual((await h.call('GET', '/api/v0/services/Doomed/roles/r2/metadata/r')).json, 3);

    assert.equal((await h.call('DELETE', '/api/v0/services/Doomed')).status, 200);
    assertError(await h.call('GET', '/api/v0/services/Doomed/metadata/s'), 404);
    assert.equal((await h.call('POST', '/api/v0/services', { body: { name: 'Doomed' } })).status, 200);
    assert.equal((await h.call('POST', '/api/v0/services/Doomed/roles', { body: { name: 'r2' } })).status, 200);
    assertError(await h.call('GET', '/api/v0/services/Doomed/metadata/s'), 404);
    assertError(await h.call('GET', '/api/v0/services/Doomed/roles/r2/metadata/r'), 404);
    assert.deepEqual((await h.call('GET', '/api/v0/services/Doomed/metadata')).json, { metadata: [] });
  });
});

describe('metadata is per organization', () => {
  test("another organization's key sees none of it", async () => {
    assertSuccess(await h.call('PUT', `/api/v0/hosts/${hostId}/metadata/private`, { body: { secret: true } }));
    const org = await h.newOrg();
    assertError(await h.call('GET', `/api/v0/hosts/${hostId}/metadata/private`, { key: org.key }), 404);
    assertError(await h.call('GET', '/api/v0/services/MetaSvc/metadata', { key: org.key }), 404);
    assertSuccess(await h.call('DELETE', `/api/v0/hosts/${hostId}/metadata/private`));
  });
});

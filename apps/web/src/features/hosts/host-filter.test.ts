import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host } from '../../api/types.ts';
import { filterHosts, type HostFilter, hostFilterQuery, parseHostFilter, roleFullnames } from './host-filter.ts';

function host(id: string, name: string, extra: Partial<Host> = {}): Host {
  return { id, name, status: 'working', memo: '', roles: {}, isRetired: false, createdAt: 0, meta: {}, ...extra };
}

const hosts: Host[] = [
  host('H1', 'web-1', { roles: { shop: ['web'] } }),
  host('H2', 'web-2', { roles: { shop: ['web', 'batch'] }, status: 'standby' }),
  host('H3', 'db-1', { roles: { shop: ['db'] }, status: 'maintenance', memo: 'disk replaced' }),
  host('H4', 'Zeta', { displayName: 'alpha', roles: { blog: ['app'] }, status: 'poweroff' }),
  host('H5', 'lonely'),
];
const none: HostFilter = { q: '', service: '', role: '', status: '' };

test('filterHosts by words, service, role and status, sorted by the name shown', () => {
  const cases: Array<[string, HostFilter, string[]]> = [
    ['no filter: every host, by shown name', none, ['H4', 'H3', 'H5', 'H1', 'H2']],
    ['a word in the name', { ...none, q: 'web' }, ['H1', 'H2']],
    ['every word must match, in any field', { ...none, q: 'WEB batch' }, ['H2']],
    ['the id', { ...none, q: 'h5' }, ['H5']],
    ['a role full name', { ...none, q: 'shop:db' }, ['H3']],
    ['the memo', { ...none, q: 'replaced' }, ['H3']],
    ['the display name', { ...none, q: 'alpha' }, ['H4']],
    ['a service', { ...none, service: 'shop' }, ['H3', 'H1', 'H2']],
    ['a role of the service', { ...none, service: 'shop', role: 'batch' }, ['H2']],
    ['a status', { ...none, status: 'standby' }, ['H2']],
    ['a service and a status', { ...none, service: 'shop', status: 'working' }, ['H1']],
    ['nothing matches', { ...none, q: 'nope' }, []],
  ];
  for (const [what, f, want] of cases)
    assert.deepEqual(
      filterHosts(hosts, f).map((h) => h.id),
      want,
      what,
    );
});

test('the filter round-trips through the URL; bad statuses and lone roles are dropped', () => {
  const f: HostFilter = { q: 'web 1', service: 'shop', role: 'web', status: 'standby' };
  assert.deepEqual(parseHostFilter(new URLSearchParams(hostFilterQuery(f))), f);
  assert.deepEqual(hostFilterQuery(none), []);
  assert.deepEqual(parseHostFilter(new URLSearchParams('status=gone&role=web')), none);
});

test('roleFullnames lists service:role sorted', () => {
  assert.deepEqual(roleFullnames(host('X', 'x', { roles: { b: ['z', 'a'], a: ['m'] } })), ['a:m', 'b:a', 'b:z']);
});

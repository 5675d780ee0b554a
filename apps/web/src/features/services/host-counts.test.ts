import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Host } from '../../api/types.ts';
import { countHosts } from './host-counts.ts';

function host(id: string, roles: Record<string, string[]>, isRetired = false): Host {
  return { id, name: id, status: 'working', memo: '', roles, isRetired, createdAt: 0, meta: {} };
}

test('countHosts counts live hosts per service and role', () => {
  const cases: Array<{
    what: string;
    hosts: Host[];
    want: Record<string, { hosts: number; roles: Record<string, number> }>;
  }> = [
    { what: 'no hosts', hosts: [], want: {} },
    {
      what: 'hosts in one role each',
      hosts: [host('a', { Blog: ['web'] }), host('b', { Blog: ['web'] }), host('c', { Blog: ['db'] })],
      want: { Blog: { hosts: 3, roles: { web: 2, db: 1 } } },
    },
    {
      what: 'a host in two roles of a service counts in each role and once for the service',
      hosts: [host('a', { Blog: ['web', 'db'] }), host('b', { Blog: ['web'], Shop: ['app'] })],
      want: { Blog: { hosts: 2, roles: { web: 2, db: 1 } }, Shop: { hosts: 1, roles: { app: 1 } } },
    },
    {
      what: 'retired hosts are not counted',
      hosts: [host('a', { Blog: ['web'] }), host('b', { Blog: ['web'] }, true)],
      want: { Blog: { hosts: 1, roles: { web: 1 } } },
    },
  ];
  for (const c of cases) assert.deepEqual(Object.fromEntries(countHosts(c.hosts)), c.want, c.what);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphAnnotation } from '../../api/services.ts';
import { annotationBands, hostAnnotationBands } from './annotation-scope.ts';

const a = (id: string, service: string, roles?: string[]): GraphAnnotation => ({
  id,
  title: id,
  description: '',
  from: 0,
  to: 1,
  service,
  ...(roles !== undefined ? { roles } : {}),
});

const all = [a('wide', 'Blog'), a('emptyRoles', 'Blog', []), a('web', 'Blog', ['web']), a('db', 'Blog', ['db', 'x'])];

test("annotationBands: every annotation on service graphs; service-wide and the role's own on role graphs", () => {
  const cases: Array<{ role?: string; want: string[] }> = [
    { want: ['wide', 'emptyRoles', 'web', 'db'] },
    { role: 'web', want: ['wide', 'emptyRoles', 'web'] },
    { role: 'db', want: ['wide', 'emptyRoles', 'db'] },
    { role: 'other', want: ['wide', 'emptyRoles'] },
  ];
  for (const c of cases)
    assert.deepEqual(
      annotationBands(all, c.role).map((b) => b.id),
      c.want,
      c.role ?? 'service',
    );
});

test("hostAnnotationBands: a host's services' annotations that cover one of its roles there", () => {
  const list = [...all, a('shop', 'Shop'), a('shopDb', 'Shop', ['db'])];
  const cases: Array<{ what: string; roles: Record<string, string[]>; want: string[] }> = [
    { what: 'no roles', roles: {}, want: [] },
    { what: 'a web host of Blog', roles: { Blog: ['web'] }, want: ['wide', 'emptyRoles', 'web'] },
    {
      what: 'a host in Blog db and Shop app',
      roles: { Blog: ['db'], Shop: ['app'] },
      want: ['wide', 'emptyRoles', 'db', 'shop'],
    },
  ];
  for (const c of cases)
    assert.deepEqual(
      hostAnnotationBands(list, c.roles).map((b) => b.id),
      c.want,
      c.what,
    );
});

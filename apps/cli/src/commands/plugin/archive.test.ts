// The archive readers against archives made by the real tools (GNU tar, Info-ZIP zip), including a
// deflated entry, modes, nested paths and `..` entries, plus the target parser's table.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { archiveKind, readArchive, sniffKind } from './archive.ts';
import { checkEntryPath } from './archive-entry.ts';
import { looksLikePlugin, parseInstallTarget } from './install-target.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'saba-archive-'));
  const src = join(dir, 'pkg');
  mkdirSync(join(src, 'sub'), { recursive: true });
  writeFileSync(join(src, 'check-foo'), '#!/bin/sh\necho foo\n');
  chmodSync(join(src, 'check-foo'), 0o755);
  // Repetitive text so zip deflates it.
  writeFileSync(join(src, 'sub', 'README.md'), 'readme '.repeat(200));
  chmodSync(join(src, 'sub', 'README.md'), 0o644);
  execFileSync('tar', ['czf', join(dir, 'p.tar.gz'), '-C', dir, 'pkg']);
  execFileSync('zip', ['-qr', join(dir, 'p.zip'), 'pkg'], { cwd: dir });
  execFileSync('tar', ['czf', join(dir, 'evil.tar.gz'), '-C', src, '--transform', 's,^,../,', 'check-foo']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('archives', () => {
  for (const [file, kind] of [
    ['p.tar.gz', 'tar.gz'],
    ['p.zip', 'zip'],
  ] as const) {
    test(`${file}: regular files with their modes and contents`, () => {
      const data = readFileSync(join(dir, file));
      assert.equal(archiveKind(file), kind);
      assert.equal(sniffKind(data), kind);
      const files = readArchive(kind, data);
      const byPath = new Map(files.map((f) => [f.path, f]));
      assert.deepEqual([...byPath.keys()].sort(), ['pkg/check-foo', 'pkg/sub/README.md']);
      assert.equal(byPath.get('pkg/check-foo')?.mode, 0o755);
      assert.equal(byPath.get('pkg/sub/README.md')?.mode, 0o644);
      assert.equal(byPath.get('pkg/check-foo')?.data.toString(), '#!/bin/sh\necho foo\n');
      assert.equal(byPath.get('pkg/sub/README.md')?.data.toString(), 'readme '.repeat(200));
    });
  }

  test('a `..` entry refuses the whole archive', () => {
    assert.throws(() => readArchive('tar.gz', readFileSync(join(dir, 'evil.tar.gz'))), /refusing a path with "\.\."/);
  });

  test('broken input is an error, not an empty list', () => {
    assert.throws(() => readArchive('tar.gz', Buffer.from('not gzip')), /not a gzip file/);
    assert.throws(() => readArchive('zip', Buffer.from('PK not really a zip file at all')), /not a zip file/);
    const zip = readFileSync(join(dir, 'p.zip'));
    const corrupt = Buffer.from(zip);
    // check-foo is small enough to be stored as is: change a byte of its text, the CRC check must catch it.
    const at = corrupt.indexOf('echo foo');
    assert.ok(at > 0);
    corrupt[at] = 'E'.charCodeAt(0);
    assert.throws(() => readArchive('zip', corrupt), /CRC/);
  });

  test('checkEntryPath', () => {
    const cases: [string, string | RegExp][] = [
      ['a/b', 'a/b'],
      ['./a', 'a'],
      ['a/../b', /\.\./],
      ['../a', /\.\./],
      ['/etc/passwd', /absolute/],
      ['C:/x', /absolute/],
      ['a\\..\\b', /\.\./],
    ];
    for (const [p, want] of cases) {
      if (typeof want === 'string') assert.equal(checkEntryPath(p), want);
      else assert.throws(() => checkEntryPath(p), want, p);
    }
  });
});

describe('install targets', () => {
  test('parseInstallTarget reads mkr`s forms and local paths', () => {
    const exists = (p: string) => p === 'local.zip';
    const cases: [string, unknown][] = [
      ['https://example.com/p.zip', { kind: 'url', url: 'https://example.com/p.zip' }],
      ['file:///tmp/p.zip', { kind: 'url', url: 'file:///tmp/p.zip' }],
      ['/tmp/p.tar.gz', { kind: 'path', path: '/tmp/p.tar.gz' }],
      ['./dir', { kind: 'path', path: './dir' }],
      ['local.zip', { kind: 'path', path: 'local.zip' }],
      [
        'mackerelio/mackerel-plugin-sample',
        { kind: 'github', owner: 'mackerelio', repo: 'mackerel-plugin-sample', tag: '' },
      ],
      [
        'mackerelio/go-check-plugins@v0.1.0',
        { kind: 'github', owner: 'mackerelio', repo: 'go-check-plugins', tag: 'v0.1.0' },
      ],
      ['mackerel-plugin-sample', { kind: 'registry', name: 'mackerel-plugin-sample', tag: '' }],
      ['a/b/c', { kind: 'invalid' }],
    ];
    for (const [t, want] of cases) assert.deepEqual(parseInstallTarget(t, exists), want, t);
  });

  test('looksLikePlugin', () => {
    const cases: [string, boolean][] = [
      ['check-foo', true],
      ['mackerel-plugin-bar', true],
      ['mackerel-plugin-bar.zip', false],
      ['check-x.tgz', false],
      ['README.md', false],
      ['plugin-check-foo', false],
    ];
    for (const [n, want] of cases) assert.equal(looksLikePlugin(n), want, n);
  });
});

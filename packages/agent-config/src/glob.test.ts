import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GlobPatternError, glob, matchSegment } from './glob.ts';

// Cases checked against Go's filepath.Match semantics.
const MATCH: [pattern: string, name: string, want: boolean][] = [
  ['*.conf', 'a.conf', true],
  ['*.conf', '.hidden.conf', true], // Go has no dotfile rule
  ['*.conf', 'a.conf.bak', false],
  ['?.conf', 'ab.conf', false],
  ['?.conf', 'é.conf', true], // one rune, not one byte
  ['[a-c]*', 'b1', true],
  ['[a-c]*', 'd1', false],
  ['[^a-c]*', 'd1', true],
  ['[^a-c]*', 'a1', false],
  ['[\\]]x', ']x', true],
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['a.conf', 'a.conf', true],
  ['a.conf', 'aXconf', false], // the dot is literal
  ['(x)+', '(x)+', true], // regex characters are literal
];

test('matchSegment follows filepath.Match', () => {
  for (const [pattern, name, want] of MATCH) assert.equal(matchSegment(pattern, name), want, `${pattern} ~ ${name}`);
});

test('malformed patterns are errors, as filepath.ErrBadPattern', () => {
  for (const bad of ['[', '[a', '[]', '[-]', 'a\\', '[z-a]', '[a-]']) {
    assert.throws(() => matchSegment(bad, 'x'), GlobPatternError, bad);
  }
});

test('glob reads one directory level per segment and sorts like Go', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-glob-'));
  for (const rel of [
    'conf.d/b.conf',
    'conf.d/a.conf',
    'conf.d/c.txt',
    'conf.d/sub/d.conf',
    'x1/e.conf',
    'x2/f.conf',
    'y/g.conf',
  ]) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), '');
  }
  const cases: [string, string[]][] = [
    ['conf.d/*.conf', ['conf.d/a.conf', 'conf.d/b.conf']],
    ['conf.d/*', ['conf.d/a.conf', 'conf.d/b.conf', 'conf.d/c.txt', 'conf.d/sub']],
    ['x?/*.conf', ['x1/e.conf', 'x2/f.conf']],
    ['*/*.conf', ['conf.d/a.conf', 'conf.d/b.conf', 'x1/e.conf', 'x2/f.conf', 'y/g.conf']],
    ['conf.d/a.conf', ['conf.d/a.conf']],
    ['conf.d/none.conf', []],
    ['missing/*.conf', []],
    ['conf.d/a.conf/*', []], // a file is not a directory
  ];
  for (const [pattern, want] of cases) {
    assert.deepEqual(
      await glob(join(dir, pattern)),
      want.map((w) => join(dir, w)),
      pattern,
    );
  }
  await assert.rejects(glob(join(dir, '[/*.conf')), GlobPatternError);
});

test('a relative pattern is relative to the working directory', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-glob-rel-'));
  await writeFile(join(dir, 'a.conf'), '');
  const before = process.cwd();
  process.chdir(dir);
  try {
    assert.deepEqual(await glob('*.conf'), ['a.conf']);
    assert.deepEqual(await glob('./*.conf'), ['a.conf']);
  } finally {
    process.chdir(before);
  }
});

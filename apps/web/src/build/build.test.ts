// The build as `npm run build:web` makes it: what it writes, and the size budget of the script.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildWeb, describeBuild } from './build.ts';

test('buildWeb writes index.html, hashed assets with gzipped copies, and stays within 300 KB of gzipped script', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saba-web-build-'));
  try {
    // A stale asset of an earlier build is removed; a file the build does not own is kept.
    await writeFile(join(dir, 'keep.txt'), 'mine');
    await buildWeb(dir);
    const first = await readdir(join(dir, 'assets'));
    const b = await buildWeb(dir);
    assert.deepEqual((await readdir(join(dir, 'assets'))).sort(), first.sort(), 'same source, same names');
    assert.equal(await readFile(join(dir, 'keep.txt'), 'utf8'), 'mine');

    assert.match(b.js.url, /^\/assets\/main-[A-Z0-9]{8}\.js$/);
    assert.match(b.css.url, /^\/assets\/styles-[A-Z0-9]{8}\.css$/);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    assert.ok(html.includes(`<script type="module" src="${b.js.url}"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${b.css.url}" />`));
    assert.ok(!html.includes('saba:assets'));
    assert.ok(existsSync(join(dir, 'favicon.svg')));

    const js = await readFile(join(dir, b.js.url));
    assert.equal(js.length, b.js.bytes);
    assert.deepEqual(gunzipSync(await readFile(join(dir, `${b.js.url}.gz`))), js);
    // Minified, with Preact and uPlot inside, and nothing left for Node.
    // Minified: lines are thousands of characters long (template literals keep some newlines).
    const text = js.toString();
    assert.ok(text.length / text.split('\n').length > 500, 'minified');
    assert.match(js.toString(), /u-over/, 'uPlot is bundled');
    assert.doesNotMatch(js.toString(), /process\.env|require\(/);
    const css = await readFile(join(dir, b.css.url), 'utf8');
    assert.match(css, /\.uplot/, "uPlot's stylesheet is bundled");
    assert.match(css, /\[data-theme=(hacker|"hacker")\]/, 'the themes are bundled');

    assert.ok(b.js.gzipBytes < 300_000, `script is ${b.js.gzipBytes} bytes gzipped`);
    console.log(`web build:\n${describeBuild(b)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// saba plugin install from real archives built here with tar and zip: a local .tar.gz and .zip, an
// http URL served on 127.0.0.1 (through a redirect), a directory; executable bits kept, only plugin
// files placed, --overwrite, a `..` entry refused, and GitHub / registry targets answered offline.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliServer, startCliServer } from '../testing/cli-server.ts';

let s: CliServer;
let http: Server;
let base: string;

before(async () => {
  s = await startCliServer();
  const pkg = join(s.dir, 'mackerel-plugin-sample_linux_amd64');
  mkdirSync(join(pkg, 'plugins'), { recursive: true });
  writeFileSync(join(pkg, 'mackerel-plugin-sample'), '#!/bin/sh\necho "sample\t1\t1700000000"\n');
  chmodSync(join(pkg, 'mackerel-plugin-sample'), 0o755);
  writeFileSync(join(pkg, 'plugins', 'check-sample'), '#!/bin/sh\necho OK\n');
  chmodSync(join(pkg, 'plugins', 'check-sample'), 0o750);
  writeFileSync(join(pkg, 'mackerel-plugin-not-executable'), 'data\n');
  chmodSync(join(pkg, 'mackerel-plugin-not-executable'), 0o644);
  writeFileSync(join(pkg, 'README.md'), '# sample\n');
  execFileSync('tar', ['czf', join(s.dir, 'sample.tar.gz'), '-C', s.dir, 'mackerel-plugin-sample_linux_amd64']);
  execFileSync('zip', ['-qr', join(s.dir, 'sample.zip'), 'mackerel-plugin-sample_linux_amd64'], { cwd: s.dir });
  execFileSync('tar', [
    'czf',
    join(s.dir, 'evil.tar.gz'),
    '-C',
    pkg,
    '--transform',
    's,^,../,',
    'mackerel-plugin-sample',
  ]);
  http = createServer((req, res) => {
    if (req.url === '/latest.zip') {
      res.writeHead(302, { location: '/download/sample.zip' });
      res.end();
    } else if (req.url === '/download/sample.zip') {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(readFileSync(join(s.dir, 'sample.zip')));
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await s.close();
});

async function binOf(prefix: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of (await readdir(join(prefix, 'bin'))).sort())
    out[name] = (await stat(join(prefix, 'bin', name))).mode & 0o777;
  return out;
}

const WANT = { 'check-sample': 0o750, 'mackerel-plugin-sample': 0o755 };

describe('plugin install', () => {
  for (const file of ['sample.tar.gz', 'sample.zip']) {
    test(`from a local ${file}: executable plugin files into <prefix>/bin, modes kept`, async () => {
      const prefix = join(s.dir, `p-${file}`);
      const r = await s.saba(['plugin', 'install', '--prefix', prefix, join(s.dir, file)]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await binOf(prefix), WANT);
      assert.match(r.stderr, new RegExp(`^ {11}Installing ${prefix}/bin/mackerel-plugin-sample$`, 'm'));
      assert.match(r.stderr, new RegExp(`^ {11}Successfully installed ${s.dir}/${file.replace('.', '\\.')}$`, 'm'));
      assert.deepEqual((await readdir(prefix)).sort(), ['bin', 'meta', 'work']);
      assert.deepEqual(await readdir(join(prefix, 'work')), [], 'the work directory is cleaned');
      const out = execFileSync(join(prefix, 'bin', 'mackerel-plugin-sample'), { encoding: 'utf8' });
      assert.equal(out, 'sample\t1\t1700000000\n');
    });
  }

  test('from an http URL through a redirect; a 404 is one clear error', async () => {
    const prefix = join(s.dir, 'p-http');
    const r = await s.saba(['plugin', 'install', '--prefix', prefix, `${base}/latest.zip`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^ {11}Downloading ${base}/latest\\.zip$`, 'm'));
    assert.deepEqual(await binOf(prefix), WANT);
    const missing = await s.saba(['plugin', 'install', '--prefix', prefix, `${base}/nothing.zip`]);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      new RegExp(
        `^ {5}error Failed to install plugin while downloading an artifact: http response not OK\\. code: 404, url: ${base}/nothing\\.zip$`,
        'm',
      ),
    );
  });

  test('an existing plugin is skipped without --overwrite and replaced with it', async () => {
    const prefix = join(s.dir, 'p-over');
    await s.saba(['plugin', 'install', '--prefix', prefix, join(s.dir, 'sample.tar.gz')]);
    writeFileSync(join(prefix, 'bin', 'mackerel-plugin-sample'), 'old\n');
    const skip = await s.saba(['plugin', 'install', '--prefix', prefix, join(s.dir, 'sample.tar.gz')]);
    assert.equal(skip.code, 0, skip.stderr);
    assert.match(skip.stderr, /already exists\. Skip installing for now/);
    assert.equal(readFileSync(join(prefix, 'bin', 'mackerel-plugin-sample'), 'utf8'), 'old\n');
    const over = await s.saba(['plugin', 'install', '--overwrite', '--prefix', prefix, join(s.dir, 'sample.tar.gz')]);
    assert.equal(over.code, 0, over.stderr);
    assert.match(readFileSync(join(prefix, 'bin', 'mackerel-plugin-sample'), 'utf8'), /^#!\/bin\/sh/);
  });

  test('from a directory', async () => {
    const prefix = join(s.dir, 'p-dir');
    const r = await s.saba([
      'plugin',
      'install',
      '--prefix',
      prefix,
      join(s.dir, 'mackerel-plugin-sample_linux_amd64'),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await binOf(prefix), WANT);
  });

  test('a `..` entry refuses the archive and installs nothing', async () => {
    const prefix = join(s.dir, 'p-evil');
    const r = await s.saba(['plugin', 'install', '--prefix', prefix, join(s.dir, 'evil.tar.gz')]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^ {5}error Failed to install plugin while extracting and placing: refusing a path with "\.\." in the archive: \.\.\/mackerel-plugin-sample$/m,
    );
    assert.deepEqual(await readdir(join(prefix, 'bin')), []);
  });

  test('GitHub and registry targets: one line saying this build needs a path or URL', async () => {
    for (const target of ['mackerelio/mackerel-plugin-sample@v0.0.1', 'mackerel-plugin-sample']) {
      const r = await s.saba(['plugin', 'install', '--prefix', join(s.dir, 'p-gh'), target]);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `     error cannot install ${target}: GitHub releases and the plugin registry need the internet; this build installs from a local path or an http(s)/file URL of a .zip or .tar.gz only\n`,
      );
    }
    const none = await s.saba(['plugin', 'install']);
    assert.equal(none.stderr, '     error Specify install target\n');
  });
});

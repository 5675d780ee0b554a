// `saba plugin install [--prefix] [--overwrite] [--upgrade] <target>`: takes an archive (a local path
// or an http/https/file URL of a .zip or .tar.gz) or a local directory, and places every executable
// `check-*` / `mackerel-plugin-*` file in it into `<prefix>/bin`, as mkr's plugin/install.go does.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { CliError } from '../../cli-error.ts';
import type { Command } from '../../command.ts';
import { CLI_VERSION } from '../../version.ts';
import { archiveKind, readArchive, sniffKind } from './archive.ts';
import type { ArchiveFile } from './archive-entry.ts';
import { download } from './download.ts';
import { looksLikePlugin, offlineMessage, parseInstallTarget } from './install-target.ts';

/** mkr's default prefix on Unix. */
export const DEFAULT_PLUGIN_PREFIX = '/opt/mackerel-agent/plugins';

/** mkr plugin install. */
export const pluginInstallCommand: Command = {
  path: ['plugin', 'install'],
  usage: 'Install a plugin from github or plugin registry',
  argsUsage: '[--prefix <prefix>] [--overwrite] [--upgrade] <install_target>',
  description:
    'Install a mackerel plugin and a check plugin from an archive.\n\n<install_target> is:\n- <direct_url>: http, https or file URL of a .zip or .tar.gz\n- a local path: an archive or a directory\nGitHub (<owner>/<repo>[@<release_tag>]) and plugin-registry names need the internet: this build does not install them.',
  flags: [
    { name: 'prefix', kind: 'string', usage: `Plugin install location. The default is ${DEFAULT_PLUGIN_PREFIX}` },
    {
      name: 'overwrite',
      kind: 'bool',
      usage: 'Overwrite a plugin command in a plugin directory, even if same name command exists',
    },
    {
      name: 'upgrade',
      kind: 'bool',
      usage: 'Upgrade a plugin command in a plugin directory only when a release_tag is modified',
    },
  ],
  async run({ args, log }) {
    const target = args.positionals[0] ?? '';
    if (target === '') throw new CliError('Specify install target');
    const it = parseInstallTarget(target, existsSync);
    if (it.kind === 'invalid') {
      throw new CliError(`Failed to install plugin while parsing install target: Install target is invalid: ${target}`);
    }
    if (it.kind === 'github' || it.kind === 'registry') throw new CliError(offlineMessage(target));
    const prefix = args.string('prefix') || DEFAULT_PLUGIN_PREFIX;
    const bin = join(prefix, 'bin');
    try {
      for (const d of [bin, join(prefix, 'work'), join(prefix, 'meta')]) await mkdir(d, { recursive: true });
    } catch (e) {
      throw new CliError(`Failed to install plugin while setup plugin directory: ${(e as Error).message}`);
    }
    // --upgrade compares release tags kept for GitHub targets only; for a URL or path mkr keeps none,
    // so it changes nothing here, as in mkr.
    const overwrite = args.bool('overwrite');
    const work = await mkdtemp(join(prefix, 'work', 'mkr-plugin-installer-'));
    try {
      let files: ArchiveFile[];
      if (it.kind === 'url') {
        log('', `Downloading ${it.url}`);
        let got: Awaited<ReturnType<typeof download>>;
        try {
          got = await download(it.url, `saba-cli/${CLI_VERSION}`);
        } catch (e) {
          throw new CliError(`Failed to install plugin while downloading an artifact: ${(e as Error).message}`);
        }
        // mkr saves the artifact in the work directory under the URL's base name.
        await writeFile(join(work, basename(new URL(got.finalUrl).pathname) || 'artifact'), got.data);
        files = extract(basename(new URL(got.finalUrl).pathname), got.data);
      } else {
        files = await readLocal(it.path);
      }
      await place(files, bin, overwrite, log);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    log('', `Successfully installed ${target}`);
    return 0;
  },
};

function extract(name: string, data: Buffer): ArchiveFile[] {
  const kind = archiveKind(name) ?? sniffKind(data);
  if (kind === undefined)
    throw new CliError(`Failed to install plugin while extracting and placing: unexpected format : ${name}`);
  try {
    return readArchive(kind, data);
  } catch (e) {
    throw new CliError(`Failed to install plugin while extracting and placing: ${(e as Error).message}`);
  }
}

/** A local archive, or every file under a local directory with its permission bits. */
async function readLocal(path: string): Promise<ArchiveFile[]> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (e) {
    throw new CliError(`Failed to install plugin: ${(e as Error).message}`);
  }
  if (!st.isDirectory()) return extract(basename(path), await readFile(path));
  const files: ArchiveFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const s = await stat(p);
        // Only plugin files are read: a directory may hold large unrelated files.
        const data = looksLikePlugin(e.name) && (s.mode & 0o111) !== 0 ? await readFile(p) : Buffer.alloc(0);
        files.push({ path: relative(path, p), mode: s.mode & 0o7777, data });
      }
    }
  };
  await walk(path);
  return files;
}

/**
 * Places each executable plugin file as `<bin>/<base name>`, in archive order. As mkr: an existing
 * file without --overwrite is logged and ends the install there (later files are not placed).
 */
async function place(
  files: readonly ArchiveFile[],
  bin: string,
  overwrite: boolean,
  log: (prefix: string, message: string) => void,
): Promise<void> {
  let placed = 0;
  for (const f of files) {
    const name = basename(f.path);
    if ((f.mode & 0o111) === 0 || !looksLikePlugin(name)) continue;
    const dest = join(bin, name);
    if (existsSync(dest) && !overwrite) {
      log('', `${dest} already exists. Skip installing for now`);
      return;
    }
    log('', `Installing ${dest}`);
    // Written beside the target and renamed: no half-written plugin, no "text file busy" on a running one.
    const tmp = join(bin, `tmp-${process.pid}-${Date.now()}-${placed}`);
    try {
      await writeFile(tmp, f.data);
      await chmod(tmp, f.mode & 0o7777);
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw new CliError(`Failed to install plugin while extracting and placing: ${(e as Error).message}`);
    }
    placed++;
  }
}

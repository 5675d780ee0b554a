// `mackerel-agent init -apikey=KEY`, as the official do_init.go does it: when the config (with its
// includes) has no apikey, `apikey = "KEY"` is put on the first line, above everything else, so it
// is a top-level key whatever tables follow; a missing file is created with just that line, mode
// 0644 (an existing file keeps its mode); an apikey already set is never overwritten; a file that
// does not load is an error ("The conf file exists, but the contents of it is invalid toml: exit with
// error", commands.go). The parent directory is not created, as in the official agent.

import { loadConfig } from './load.ts';
import { readFile, stat, writeFile } from './sync-fs.ts';

// An uncommented `apikey = ""` in the file itself. The official agent would add a second apikey
// line and leave a file with a duplicate key that no longer parses; we fill in the empty one instead.
const EMPTY_APIKEY_LINE = /^[ \t]*apikey[ \t]*=[ \t]*(?:""|'')[ \t]*(?:#.*)?$/m;

/** `init -apikey=KEY`: writes the apikey into the config file if it has none, never overwriting (creates the file if missing); returns what it did. */
export async function initConfig(path: string, apikey: string): Promise<'written' | 'created' | 'kept'> {
  if (apikey === '') throw new Error('-apikey option is required');
  const line = `apikey = ${JSON.stringify(apikey)}`;
  let existing: string | undefined;
  try {
    await stat(path);
    existing = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (existing === undefined) {
    await writeFile(path, `${line}\n`, { mode: 0o644 });
    return 'created';
  }
  const { config } = await loadConfig(path, {}, { requireApikey: false });
  if (config.apikey !== '') return 'kept';
  const contents = EMPTY_APIKEY_LINE.test(existing)
    ? existing.replace(EMPTY_APIKEY_LINE, line)
    : `${line}\n${existing}`;
  await writeFile(path, contents);
  return 'written';
}

/** The message the official agent logs when init keeps an existing apikey. */
export function apikeyKeptMessage(path: string): string {
  return `apikey already set in ${JSON.stringify(path)}. Skip initializing`;
}

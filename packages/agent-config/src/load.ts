// Loads mackerel-agent.conf the way the official agent resolves its configuration (main.go
// resolveConfig, config/config.go LoadConfig): the file, then the files its `include` glob matches
// (include inside those is ignored), then defaults for empty values, then command-line flags, then
// the role filter and the apikey requirement.

import { parse, TomlError } from 'smol-toml';
import type { AgentConfig } from './config.ts';
import {
  DEFAULT_APIBASE,
  DEFAULT_BUFFER_MAX_AGE_SECONDS,
  DEFAULT_BUFFER_MAX_MEGABYTES,
  DEFAULT_PIDFILE,
  DEFAULT_ROOT,
} from './config.ts';
import { ConfigError } from './config-error.ts';
import { applyFile, type Draft, newDraft } from './file.ts';
import { GlobPatternError, glob } from './glob.ts';
import { readFile } from './sync-fs.ts';
import type { RawTable, UnknownKey } from './table-reader.ts';

export { ConfigError } from './config-error.ts';
export type { UnknownKey } from './table-reader.ts';

/** Overrides from the command line (win over the file). */
export interface ConfigOverrides {
  apibase?: string;
  apikey?: string;
  root?: string;
  pidfile?: string;
  roles?: string[];
  verbose?: boolean;
  diagnostic?: boolean;
}

/** How strict loadConfig is. */
export interface LoadOptions {
  /** Refuse a config without apikey (default true); `init`, `once` and `version` pass false. */
  readonly requireApikey?: boolean;
}

/** The loaded config and what was wrong with it short of being unusable. */
export interface LoadResult {
  readonly config: AgentConfig;
  /** Unknown keys first (see unknownKeys), then dropped roles, clamped values and the like. */
  readonly warnings: string[];
  /** The unknown keys alone, for `configtest`. */
  readonly unknownKeys: readonly UnknownKey[];
}

// main.go roleFullnamePattern; Go's \s is [\t\n\f\r ], spelled out because JavaScript's is wider.
const ROLE_PATTERN = /^[a-zA-Z0-9][-_a-zA-Z0-9]*:[\t\n\f\r ]*[a-zA-Z0-9][-_a-zA-Z0-9]*$/;
const MEGABYTE = 1024 * 1024;

/** Reads the config file (and its `include` glob), applies defaults and overrides; `warnings` lists unknown keys and dropped roles. */
export async function loadConfig(
  path: string,
  overrides: ConfigOverrides = {},
  options: LoadOptions = {},
): Promise<LoadResult> {
  const unknownKeys: UnknownKey[] = [];
  const notes: string[] = [];
  const draft = newDraft();
  applyFile(draft, await readToml(path), path, true, unknownKeys, notes);
  if (draft.include !== undefined && draft.include !== '') {
    let files: string[];
    try {
      files = await glob(draft.include);
    } catch (e) {
      if (e instanceof GlobPatternError) throw new ConfigError(path, 'include', e.message);
      throw e;
    }
    for (const f of files) applyFile(draft, await readToml(f), f, false, unknownKeys, notes);
  }
  const config = finish(draft, path, overrides, options, notes);
  const warnings = [...unknownKeys.map(describeUnknownKey), ...notes];
  return { config, warnings, unknownKeys };
}

// One unknown key in the official configtest's words, plus the file it is in.
function describeUnknownKey(u: UnknownKey): string {
  const hint = u.suggestion === undefined ? '' : ` Did you mean ${u.suggestion} ?`;
  return `${u.key} is unexpected key.${hint} (${u.file})`;
}

async function readToml(file: string): Promise<RawTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    // "ENOENT: no such file or directory, open '/x'" -> "no such file or directory"
    const why = (e as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    throw new ConfigError(file, '', `cannot read the config file: ${why}`);
  }
  // A byte-order mark from a Windows editor is not TOML; drop it rather than refuse the file.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return parse(text) as RawTable;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = (e.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      throw new ConfigError(file, '', `invalid TOML at line ${e.line}, column ${e.column}: ${reason}`);
    }
    throw e;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function finish(d: Draft, path: string, o: ConfigOverrides, options: LoadOptions, notes: string[]): AgentConfig {
  const apikey = o.apikey ?? d.apikey ?? '';
  if (apikey === '' && options.requireApikey !== false) {
    throw new ConfigError(
      path,
      'apikey',
      'must be specified in the config file (or by the DEPRECATED command-line flag)',
    );
  }
  const apibaseFromFlag = nonEmpty(o.apibase) !== undefined;
  const apibase = normalizeApibase(
    nonEmpty(o.apibase) ?? nonEmpty(d.apibase) ?? DEFAULT_APIBASE,
    apibaseFromFlag ? 'command line' : path,
    apibaseFromFlag ? '-apibase' : 'apibase',
  );
  const verbose = o.verbose ?? d.verbose ?? false;
  const silent = d.silent ?? false;
  if (verbose && silent) {
    notes.push(
      'both of `verbose` and `silent` option are specified. In this case, `verbose` get preference over `silent`',
    );
  }
  const displayName = nonEmpty(d.displayName);
  const memo = nonEmpty(d.memo);
  const httpProxy = nonEmpty(d.httpProxy);
  const httpsProxy = nonEmpty(d.httpsProxy);
  const { onStart, onStop } = d.hostStatus;
  const fsIgnore = d.filesystems.ignore;
  return {
    apikey,
    apibase,
    root: nonEmpty(o.root) ?? nonEmpty(d.root) ?? DEFAULT_ROOT,
    pidfile: nonEmpty(o.pidfile) ?? nonEmpty(d.pidfile) ?? DEFAULT_PIDFILE,
    roles: filterRoles(o.roles ?? d.roles ?? [], notes),
    ...(displayName !== undefined ? { displayName } : {}),
    ...(memo !== undefined ? { memo } : {}),
    verbose,
    silent,
    diagnostic: o.diagnostic ?? d.diagnostic ?? false,
    disableHttpKeepAlive: d.disableHttpKeepAlive ?? false,
    ...(httpProxy !== undefined ? { httpProxy } : {}),
    ...(httpsProxy !== undefined ? { httpsProxy } : {}),
    cloudPlatform: d.cloudPlatform ?? 'auto',
    hostStatus: { ...(onStart !== undefined ? { onStart } : {}), ...(onStop !== undefined ? { onStop } : {}) },
    filesystems: {
      ...(fsIgnore !== undefined ? { ignore: fsIgnore } : {}),
      useMountpoint: d.filesystems.useMountpoint ?? false,
    },
    disks: d.disks.ignore !== undefined ? { ignore: d.disks.ignore } : {},
    interfaces: d.interfaces.ignore !== undefined ? { ignore: d.interfaces.ignore } : {},
    metricPlugins: [...d.plugins.metrics.values()],
    checkPlugins: [...d.plugins.checks.values()],
    metadataPlugins: [...d.plugins.metadata.values()],
    buffer: {
      maxAgeSeconds: d.buffer.maxAgeSeconds ?? DEFAULT_BUFFER_MAX_AGE_SECONDS,
      maxBytes: Math.floor((d.buffer.maxMegabytes ?? DEFAULT_BUFFER_MAX_MEGABYTES) * MEGABYTE),
    },
  };
}

// The official agent drops a role that fails the pattern and logs it (main.go resolveConfig); the
// whitespace it tolerates after the colon is removed here so the role name is what Mackerel stores.
function filterRoles(roles: readonly string[], notes: string[]): string[] {
  const kept: string[] = [];
  for (const role of roles) {
    if (ROLE_PATTERN.test(role)) {
      kept.push(role.replace(/:[\t\n\f\r ]*/, ':'));
    } else {
      notes.push(
        `Bad format for role fullname (expecting <service>:<role>. Alphabet, numbers, hyphens and underscores are acceptable, but the first character must not be a hyphen or an underscore.): '${role}'`,
      );
    }
  }
  return kept;
}

// The Go client replaces the base URL's path with /api/v0/... and keeps scheme, user-info, host
// and port (spec §1.1), so anything after host[:port] is dropped here.
function normalizeApibase(raw: string, file: string, key: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(file, key, `not a URL: ${JSON.stringify(raw)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(file, key, `must be an http or https URL, got ${JSON.stringify(raw)}`);
  }
  const auth = u.username === '' ? '' : `${u.username}${u.password === '' ? '' : `:${u.password}`}@`;
  return `${u.protocol}//${auth}${u.host}`;
}

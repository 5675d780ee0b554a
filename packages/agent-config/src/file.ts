// Applies one parsed config file onto a draft, the way the official agent decodes each file onto
// the same struct (config/config.go loadConfigFile, includeConfigFile): a key present in a later file
// replaces the earlier value (arrays such as `roles` as a whole), tables merge key by key, and plugins
// replace by kind and name. Keys are the ones of spec §16, plus Saba's `[buffer]`.
import type { HostStatus } from '@saba/client';
import type { CloudPlatform } from './config.ts';
import { parseGoDuration } from './duration.ts';
import type { PluginMaps } from './plugins.ts';
import { readPlugins } from './plugins.ts';
import { type RawTable, TableReader, type UnknownKey } from './table-reader.ts';

/** What the files said, before defaults and command-line overrides. */
export interface Draft {
  apikey?: string;
  apibase?: string;
  root?: string;
  pidfile?: string;
  roles?: string[];
  displayName?: string;
  memo?: string;
  verbose?: boolean;
  silent?: boolean;
  diagnostic?: boolean;
  disableHttpKeepAlive?: boolean;
  httpProxy?: string;
  httpsProxy?: string;
  cloudPlatform?: CloudPlatform;
  include?: string;
  readonly hostStatus: { onStart?: HostStatus; onStop?: HostStatus };
  readonly filesystems: { ignore?: RegExp; useMountpoint?: boolean };
  readonly disks: { ignore?: RegExp };
  readonly interfaces: { ignore?: RegExp };
  readonly buffer: { maxAgeSeconds?: number; maxMegabytes?: number };
  readonly plugins: PluginMaps;
}

/** An empty draft. */
export function newDraft(): Draft {
  return {
    hostStatus: {},
    filesystems: {},
    disks: {},
    interfaces: {},
    buffer: {},
    plugins: { metrics: new Map(), checks: new Map(), metadata: new Map() },
  };
}

const HOST_STATUSES: readonly string[] = ['working', 'standby', 'maintenance', 'poweroff'];
const CLOUD_PLATFORMS: readonly string[] = ['auto', 'none', 'ec2', 'gce', 'azurevm'];

function put<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v !== undefined) o[k] = v;
}

function hostStatus(t: TableReader, k: string): HostStatus | undefined {
  const v = t.string(k);
  // An empty value means "leave the status alone", as in command/command.go prepareHost.
  if (v === undefined || v === '') return undefined;
  if (!HOST_STATUSES.includes(v))
    throw t.error(k, `must be one of ${HOST_STATUSES.join(', ')}, got ${JSON.stringify(v)}`);
  return v as HostStatus;
}

/**
 * Applies one file's table onto `draft`. `isMain` is false for included files, whose own `include`
 * is ignored. Unknown keys go to `unknown`, other remarks to `warnings`; throws ConfigError.
 */
export function applyFile(
  draft: Draft,
  raw: RawTable,
  file: string,
  isMain: boolean,
  unknown: UnknownKey[],
  warnings: string[],
): void {
  const top = new TableReader(file, '', raw, unknown);
  put(draft, 'apikey', top.string('apikey'));
  put(draft, 'apibase', top.string('apibase'));
  put(draft, 'root', top.string('root'));
  put(draft, 'pidfile', top.string('pidfile'));
  put(draft, 'roles', top.stringArray('roles'));
  put(draft, 'displayName', top.string('display_name'));
  put(draft, 'memo', top.string('memo'));
  put(draft, 'verbose', top.bool('verbose'));
  put(draft, 'silent', top.bool('silent'));
  put(draft, 'diagnostic', top.bool('diagnostic'));
  put(draft, 'disableHttpKeepAlive', top.bool('disable_http_keep_alive'));
  put(draft, 'httpProxy', top.string('http_proxy'));
  put(draft, 'httpsProxy', top.string('https_proxy'));
  // `conffile` is a field of the official Config, so it decodes without complaint; the -conf flag wins.
  top.accept('conffile');

  const cloud = top.string('cloud_platform');
  if (cloud !== undefined) {
    // "" means auto, as in CloudPlatform.UnmarshalText (config/config.go).
    if (cloud !== '' && !CLOUD_PLATFORMS.includes(cloud)) {
      throw top.error('cloud_platform', `must be one of ${CLOUD_PLATFORMS.join(', ')}, got ${JSON.stringify(cloud)}`);
    }
    draft.cloudPlatform = cloud === '' ? 'auto' : (cloud as CloudPlatform);
  }

  const include = top.string('include');
  if (isMain) put(draft, 'include', include);

  const hs = top.table('host_status');
  if (hs !== undefined) {
    put(draft.hostStatus, 'onStart', hostStatus(hs, 'on_start'));
    put(draft.hostStatus, 'onStop', hostStatus(hs, 'on_stop'));
    hs.finish();
  }
  const fs = top.table('filesystems');
  if (fs !== undefined) {
    put(draft.filesystems, 'ignore', fs.regexp('ignore'));
    put(draft.filesystems, 'useMountpoint', fs.bool('use_mountpoint'));
    fs.finish();
  }
  const disks = top.table('disks');
  if (disks !== undefined) {
    put(draft.disks, 'ignore', disks.regexp('ignore'));
    disks.finish();
  }
  const ifs = top.table('interfaces');
  if (ifs !== undefined) {
    put(draft.interfaces, 'ignore', ifs.regexp('ignore'));
    // Windows only in the official agent (network adapter names); read for type, then ignored.
    ifs.bool('use_adapter');
    ifs.finish();
  }
  const buffer = top.table('buffer');
  if (buffer !== undefined) {
    readBuffer(buffer, draft);
    buffer.finish();
  }
  const plugin = top.table('plugin');
  if (plugin !== undefined) {
    readPlugins(plugin, draft.plugins, warnings);
    plugin.finish();
  }
  top.finish();
}

function readBuffer(t: TableReader, draft: Draft): void {
  const age = t.string('max_age');
  if (age !== undefined) {
    const ns = t.parse('max_age', age, parseGoDuration);
    if (ns < 1e9) throw t.error('max_age', `must be at least 1s, got ${JSON.stringify(age)}`);
    draft.buffer.maxAgeSeconds = Math.floor(ns / 1e9);
  }
  const mb = t.number('max_megabytes');
  if (mb !== undefined) {
    if (!(mb > 0)) throw t.error('max_megabytes', `must be greater than 0, got ${mb}`);
    draft.buffer.maxMegabytes = mb;
  }
}

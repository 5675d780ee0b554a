// What `saba plugin install <target>` names, read as mkr's plugin/install_target.go reads it: a URL
// (http, https, file), else `owner/repo[@tag]` or a plugin-registry name. Saba adds a local path
// (a directory or an archive) and answers the GitHub and registry forms with one clear error: they
// need the internet, and this build installs from a path or URL only.
import { isAbsolute } from 'node:path';

/** A parsed install target. */
export type InstallTarget =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'github'; readonly owner: string; readonly repo: string; readonly tag: string }
  | { readonly kind: 'registry'; readonly name: string; readonly tag: string }
  | { readonly kind: 'invalid' };

const URL_RE = /^(?:https?|file):\/\//;
// mkr's targetReg: (?:<owner>/<repo>|<plugin_name>)(?:@<tag>)?
const TARGET_RE = /^(?:([^@/]+)\/([^@/]+)|([^@/]+))(?:@(.+))?$/;

/** Parses `target`; `exists` tells whether a local path exists (a name like `foo/bar` is a path only if it does). */
export function parseInstallTarget(target: string, exists: (path: string) => boolean): InstallTarget {
  if (URL_RE.test(target)) return { kind: 'url', url: target };
  if (isAbsolute(target) || target.startsWith('./') || target.startsWith('../') || exists(target)) {
    return { kind: 'path', path: target };
  }
  const m = TARGET_RE.exec(target);
  if (m === null) return { kind: 'invalid' };
  if (m[1] !== undefined && m[2] !== undefined) return { kind: 'github', owner: m[1], repo: m[2], tag: m[4] ?? '' };
  return { kind: 'registry', name: m[3] as string, tag: m[4] ?? '' };
}

/** The one line saba answers for a GitHub or plugin-registry target. */
export function offlineMessage(target: string): string {
  return `cannot install ${target}: GitHub releases and the plugin registry need the internet; this build installs from a local path or an http(s)/file URL of a .zip or .tar.gz only`;
}

/** mkr's rule for a plugin file name: `check-*` or `mackerel-plugin-*`, not an archive. */
export function looksLikePlugin(name: string): boolean {
  if (name.endsWith('.zip') || name.endsWith('.tar.gz') || name.endsWith('.tgz')) return false;
  return name.startsWith('check-') || name.startsWith('mackerel-plugin-');
}

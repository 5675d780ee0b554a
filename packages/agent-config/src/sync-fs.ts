// Promise forms of the node:fs calls saba-agent uses, done synchronously underneath (hence the name).
// It lives here, not in apps/agent, because the config reader needs it too and packages do not
// import apps; the agent's modules import it from @saba/agent-config.
//
// Why synchronous: every file the agent touches is small and local (/proc, /sys, its config and
// includes, its buffer), so a call takes microseconds, and the agent serves nobody while it waits.
// Node's async fs would hand each open/fstat/read/close to libuv's thread pool and back: measured
// with `strace -c -f`, ~230 futex calls a tick and the pool's four threads kept alive, for nothing.
// Why not node:fs/promises: loading it costs ~0.6 MB of RSS (43.3 → 43.9 MB with http loaded).
// The promise signatures stay, so callers are written as for async fs and tests read naturally.
import * as fs from 'node:fs';
import type * as fsp from 'node:fs/promises';

// biome-ignore lint/suspicious/noExplicitAny: a generic adapter over Node's sync signatures.
type AnyFn = (...args: any[]) => unknown;

function wrap<F>(fn: AnyFn): F {
  return ((...args: unknown[]) => {
    try {
      return Promise.resolve(fn(...args));
    } catch (e) {
      return Promise.reject(e);
    }
  }) as F;
}

/** fs/promises readFile. */
export const readFile = wrap<typeof fsp.readFile>(fs.readFileSync);
/** fs/promises writeFile. */
export const writeFile = wrap<typeof fsp.writeFile>(fs.writeFileSync);
/** fs/promises readdir. */
export const readdir = wrap<typeof fsp.readdir>(fs.readdirSync);
/** fs/promises stat. */
export const stat = wrap<typeof fsp.stat>(fs.statSync);
/** fs/promises lstat. */
export const lstat = wrap<typeof fsp.lstat>(fs.lstatSync);
/** fs/promises statfs. */
export const statfs = wrap<typeof fsp.statfs>(fs.statfsSync);
/** fs/promises realpath. */
export const realpath = wrap<typeof fsp.realpath>(fs.realpathSync);
/** fs/promises mkdir. */
export const mkdir = wrap<typeof fsp.mkdir>(fs.mkdirSync);
/** fs/promises rename. */
export const rename = wrap<typeof fsp.rename>(fs.renameSync);
/** fs/promises unlink. */
export const unlink = wrap<typeof fsp.unlink>(fs.unlinkSync);
/** fs/promises rm. */
export const rm = wrap<typeof fsp.rm>(fs.rmSync);

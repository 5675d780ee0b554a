// Promise forms of the node:fs calls the agent uses, built on the callback API. Loading
// node:fs/promises costs ~0.6 MB of RSS (measured on Node 20: 43.3 → 43.9 MB with http loaded),
// which is an eighth of the agent's margin over Node's own floor (docs/benchmarks.md, agent).
import * as fs from 'node:fs';
import type * as fsp from 'node:fs/promises';

// biome-ignore lint/suspicious/noExplicitAny: a generic adapter over Node's callback signatures.
type AnyFn = (...args: any[]) => void;

function wrap<F>(fn: AnyFn): F {
  return ((...args: unknown[]) =>
    new Promise((resolve, reject) => {
      fn(...args, (err: NodeJS.ErrnoException | null, value: unknown) => (err ? reject(err) : resolve(value)));
    })) as F;
}

/** fs/promises readFile. */
export const readFile = wrap<typeof fsp.readFile>(fs.readFile);
/** fs/promises writeFile. */
export const writeFile = wrap<typeof fsp.writeFile>(fs.writeFile);
/** fs/promises readdir. */
export const readdir = wrap<typeof fsp.readdir>(fs.readdir);
/** fs/promises stat. */
export const stat = wrap<typeof fsp.stat>(fs.stat);
/** fs/promises lstat. */
export const lstat = wrap<typeof fsp.lstat>(fs.lstat);
/** fs/promises statfs. */
export const statfs = wrap<typeof fsp.statfs>(fs.statfs);
/** fs/promises realpath. */
export const realpath = wrap<typeof fsp.realpath>(fs.realpath);
/** fs/promises mkdir. */
export const mkdir = wrap<typeof fsp.mkdir>(fs.mkdir);
/** fs/promises rename. */
export const rename = wrap<typeof fsp.rename>(fs.rename);
/** fs/promises unlink. */
export const unlink = wrap<typeof fsp.unlink>(fs.unlink);
/** fs/promises rm. */
export const rm = wrap<typeof fsp.rm>(fs.rm);

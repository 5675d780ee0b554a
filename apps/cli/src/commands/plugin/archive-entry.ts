// What an archive reader returns and the path rule every reader applies: a plugin archive may not
// write outside the directory it is unpacked into.

/** One regular file of an archive. */
export interface ArchiveFile {
  /** The path inside the archive, `/`-separated. */
  readonly path: string;
  /** Permission bits (0o755 ...), 0 when the archive records none. */
  readonly mode: number;
  readonly data: Buffer;
}

/** A broken or unsafe archive. */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** Throws when `path` is absolute or has a `..` segment (a "zip slip"); returns it without a leading `./`. */
export function checkEntryPath(path: string): string {
  const p = path.replaceAll('\\', '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p))
    throw new ArchiveError(`refusing an absolute path in the archive: ${path}`);
  if (p.split('/').includes('..')) throw new ArchiveError(`refusing a path with ".." in the archive: ${path}`);
  return p.replace(/^(\.\/)+/, '');
}

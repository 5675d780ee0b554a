// Kept apart from load.ts so that the readers load.ts imports can throw it without an import cycle.

/** A config that cannot be used: the message names the file and the key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The file the bad value came from. */
  readonly file: string;
  /** The dotted key, e.g. `plugin.checks.foo.check_interval`; empty for whole-file problems. */
  readonly key: string;

  constructor(file: string, key: string, problem: string) {
    super(key === '' ? `${file}: ${problem}` : `${file}: ${key}: ${problem}`);
    this.file = file;
    this.key = key;
  }
}

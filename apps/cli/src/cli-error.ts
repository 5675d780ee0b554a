// The CLI's one error class: a message for the user, printed as mkr prints errors (one line, exit 1).

/** Bad use of a command (a missing flag, a malformed input line); `message` is shown as is. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

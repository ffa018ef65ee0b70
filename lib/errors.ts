/**
 * An error meant for the person at the terminal: it says what is wrong and how to fix it,
 * and the CLI prints it without a stack trace.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
    this.name = 'UserError';
  }
}

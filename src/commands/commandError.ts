/**
 * A command refused what it was given (an unknown key, an option out of range, a file it cannot
 * write): the CLI prints its message alone, without a stack trace, and exits with status 1.
 */
export class CommandError extends Error {
  override name = 'CommandError';
}

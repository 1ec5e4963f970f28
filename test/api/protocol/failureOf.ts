import { Failure } from '../../../src/domain/failure.ts';

/** The Failure `action` throws; anything else (or nothing) fails the test. */
export function failureOf(action: () => unknown): Failure {
  try {
    action();
  } catch (error) {
    if (error instanceof Failure) return error;
    throw error;
  }
  throw new Error('expected a Failure, but nothing was thrown');
}

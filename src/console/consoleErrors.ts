/** Nobody is signed in, the session expired, or its key or staff account is gone: sign in again. */
export class SignInRequired extends Error {
  override name = 'SignInRequired';
  constructor(message = 'Sign in to use the console.') {
    super(message);
  }
}

/** The credentials given at sign-in were wrong. The message never says which part. */
export class SignInRefused extends Error {
  override name = 'SignInRefused';
}

/** A signed-in person asked for something their kind of session does not allow. */
export class NotAllowed extends Error {
  override name = 'NotAllowed';
}

/** Sign-in attempts from one address came too fast. */
export class TooManyAttempts extends Error {
  override name = 'TooManyAttempts';
}

/** The console asked for something that does not exist (an upload that expired, say). */
export class NotFound extends Error {
  override name = 'NotFound';
}

/**
 * Application errors with a stable snake_case code and an HTTP status. The API
 * turns them into problem+json; the workflow turns them into ApplicationFailures
 * whose `type` is the code, and the API maps those back by that type.
 */
/**
 * One bad field. `code` is stable and, with `params`, lets a client say the
 * same thing in its own language; `message` is the English text.
 */
export interface FieldError {
  field: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extras: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    readonly errors: FieldError[],
    message = 'The request contains invalid fields.',
  ) {
    super('validation_failed', 422, message, { errors });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You are not logged in.') {
    super('unauthenticated', 401, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}

export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('too_many_attempts', 429, `Too many failed logins for this account. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, {
      retryAfterSeconds,
    });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

/** The action exists and the caller may take it in principle, but not in this state. */
export class ConflictError extends AppError {
  constructor(code: string, message: string, extras: Record<string, unknown> = {}) {
    super(code, 409, message, extras);
  }
}

/** The request body is larger than allowed; nothing was stored. */
export class PayloadTooLargeError extends AppError {
  constructor(
    message: string,
    readonly errors: FieldError[],
  ) {
    super('payload_too_large', 413, message, { errors });
  }
}

/** The body's media type is not accepted, or its content is not what its type says. */
export class UnsupportedMediaTypeError extends AppError {
  constructor(
    code: string,
    message: string,
    readonly errors: FieldError[],
  ) {
    super(code, 415, message, { errors });
  }
}

/** Rebuilds an AppError from its parts (e.g. after crossing Temporal as an ApplicationFailure). */
export function rebuildAppError(code: string, status: number, message: string, extras: Record<string, unknown> = {}): AppError {
  if (code === 'validation_failed') {
    return new ValidationError((extras.errors as FieldError[] | undefined) ?? [], message);
  }
  return new AppError(code, status, message, extras);
}

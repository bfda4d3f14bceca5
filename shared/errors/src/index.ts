/**
 * The one error family of the system. `code` is stable and machine-readable, `httpStatus` is how the
 * gateway renders it (RFC 7807), `retriable` tells Kafka consumers whether to retry (rethrow, offset
 * not committed) or dead-letter the message and move on.
 */
export interface ErrorDetail {
  /** JSON pointer of the offending field, e.g. `/consumer/phone`. */
  pointer: string;
  /** The rule that failed, e.g. `required`, `pattern`, `enum`. */
  rule: string;
  message: string;
}

export interface AppErrorOptions {
  code: string;
  httpStatus: number;
  retriable?: boolean;
  cause?: unknown;
  details?: ErrorDetail[];
  /** Extra members rendered in the problem document. */
  extra?: Record<string, unknown>;
}

const BRAND = Symbol.for('cw.AppError');

export class AppError extends Error {
  /** Recognises AppErrors even when two copies of this module are loaded (test runners, bundles). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
      && (this === AppError || Function.prototype[Symbol.hasInstance].call(this, value));
  }
  readonly [BRAND] = true;
  readonly code: string;
  readonly httpStatus: number;
  readonly retriable: boolean;
  readonly details: ErrorDetail[];
  readonly extra: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? [];
    this.extra = options.extra ?? {};
  }
}

/** Input that breaks a schema or a rule; lists every failing field. */
export class ValidationError extends AppError {
  constructor(message: string, details: ErrorDetail[], cause?: unknown) {
    super(message, { code: 'VALIDATION_FAILED', httpStatus: 400, details, cause });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, { code: 'NOT_FOUND', httpStatus: 404 });
  }
}

/** Optimistic-concurrency conflict: the caller's expected version is stale. */
export class VersionConflictError extends AppError {
  constructor(message: string, extra: { expectedVersion: number; actualVersion: number }) {
    super(message, { code: 'VERSION_CONFLICT', httpStatus: 409, extra });
  }
}

/** A command the state machine refuses in the case's current state, with the reason. */
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message, { code, httpStatus: 422, extra });
  }
}

/** A dependency (broker, database, cache) did not answer; worth retrying. */
export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'UNAVAILABLE', httpStatus: 503, retriable: true, cause });
  }
}

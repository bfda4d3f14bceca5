import { AppError } from '@cw/errors';

/** The error family lives in `@cw/errors` (no dependencies, so domain code can load it alone). */
export * from '@cw/errors';

/**
 * Store refusals that no retry can cure: the document itself is wrong (BadValue, a `$`-prefixed
 * field name, validation, over 16 MB, an index key too long), or the driver could not encode it.
 */
const PERMANENT_STORE_CODES = new Set([2, 52, 121, 10334, 17280]);
const PERMANENT_ERROR_NAMES = new Set(['BSONError', 'BSONVersionError', 'MongoInvalidArgumentError']);

/**
 * FerretDB passes PostgreSQL's refusals on as InternalError (code 1) with the SQLSTATE in the
 * message. Class 22 is "data exception" (a string holding U+0000 is 22P05): the document's
 * content is refused, the same on every retry. Lost connections and timeouts carry other classes.
 */
const POSTGRES_DATA_EXCEPTION = /\(SQLSTATE 22[0-9A-Z]{3}\)/;

function isPermanentStoreError(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; message?: unknown; writeErrors?: unknown };
  if (typeof e?.name === 'string' && PERMANENT_ERROR_NAMES.has(e.name)) return true;
  if (typeof e?.code === 'number' && PERMANENT_STORE_CODES.has(e.code)) return true;
  if (typeof e?.message === 'string' && POSTGRES_DATA_EXCEPTION.test(e.message)) return true;
  const writes = Array.isArray(e?.writeErrors) ? (e.writeErrors as { code?: unknown; errmsg?: unknown }[]) : [];
  return writes.length > 0 && writes.every((w) => (typeof w.code === 'number' && PERMANENT_STORE_CODES.has(w.code))
    || (typeof w.errmsg === 'string' && POSTGRES_DATA_EXCEPTION.test(w.errmsg)));
}

/**
 * True for errors a consumer should retry rather than dead-letter. Unknown errors (a lost
 * connection, a timeout) are retried; store refusals of the document itself are not.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof AppError) return error.retriable;
  return !isPermanentStoreError(error);
}

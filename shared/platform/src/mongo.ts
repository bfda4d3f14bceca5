import mongoose, { type Connection } from 'mongoose';
import type { Logger } from './logger.js';

export type { Connection } from 'mongoose';

/**
 * Opens a dedicated mongoose connection. Indexes are built explicitly by each service at start
 * (`autoIndex` off), so a start-up failure names the index that could not be built.
 */
export async function connectMongo(url: string, logger: Logger): Promise<Connection> {
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 5000,
    // FerretDB serves each command with connections from one PostgreSQL pool (100 here); dozens of
    // concurrent commands from every process exhausted it and FerretDB stopped answering anyone.
    // Services batch their writes, so a few connections each are plenty.
    maxPoolSize: Number(process.env.MONGO_POOL_SIZE ?? 8),
    autoIndex: false,
    autoCreate: false,
  });
  conn.on('disconnected', () => logger.warn({ component: 'mongo' }, 'mongo disconnected'));
  conn.on('reconnected', () => logger.info({ component: 'mongo' }, 'mongo reconnected'));
  await conn.asPromise();
  return conn;
}

/** True when `error` is a unique-index violation (E11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * The indexes of the documents a bulk insert (`insertMany`, unordered) found already there; throws
 * the error again when anything else failed.
 */
export function duplicateIndexes(error: unknown): number[] {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { code?: number; index?: number; err?: { code?: number; index?: number } }[];
  const errs = list.map((w) => (w.err ?? w));
  if (errs.length === 0) {
    if (isDuplicateKeyError(error)) return [-1];
    throw error;
  }
  if (errs.some((w) => w.code !== 11000)) throw error;
  return errs.map((w) => w.index ?? -1);
}

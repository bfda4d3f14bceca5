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

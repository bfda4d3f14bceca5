import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose, { type Connection, type mongo } from 'mongoose';
import { UnavailableError } from './errors.js';
import type { Logger } from './logger.js';
import { storeMetrics } from './metrics.js';

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
    // Driver command monitoring: durations for the metrics; the benchmark also counts the commands.
    monitorCommands: true,
  });
  conn.on('disconnected', () => logger.warn({ component: 'mongo' }, 'mongo disconnected'));
  conn.on('reconnected', () => logger.info({ component: 'mongo' }, 'mongo reconnected'));
  await conn.asPromise();
  timeCommands(conn);
  if (process.env.MONGO_COMMAND_COUNTS_DIR) countCommands(conn, process.env.MONGO_COMMAND_COUNTS_DIR);
  return conn;
}

/**
 * True when the server is FerretDB (its `buildInfo` names its version). FerretDB on PostgreSQL
 * cannot use its B-tree secondary indexes for the equality filters it pushes down (`@>`), so
 * services create those only on MongoDB; on FerretDB the GIN indexes of
 * infra/postgres/ferretdb-id-index.sql serve them (decision 0016). Unique indexes are always made:
 * they enforce, whether or not they speed anything up.
 */
export async function isFerretDB(conn: Connection): Promise<boolean> {
  const info = await conn.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}

/**
 * Replaces per request: FerretDB 1.24 runs the updates of one request concurrently, each holding a
 * PostgreSQL connection; a request of 100 exhausted its pool and hung it (decision 0014).
 */
export const REPLACE_CHUNK = 16;

/**
 * Replaces documents by bare `_id` (the only filter FerretDB pushes down), {@link REPLACE_CHUNK}
 * per request. Without `upsert`, a document that is not there any more (`what` names them) fails
 * the call with a retriable error.
 */
export async function replaceById<T extends { _id: string }>(
  collection: mongo.Collection<T>, docs: readonly T[], opts: { upsert?: boolean; what: string },
): Promise<void> {
  for (let i = 0; i < docs.length; i += REPLACE_CHUNK) {
    const chunk = docs.slice(i, i + REPLACE_CHUNK);
    const ops = chunk.map(({ _id, ...rest }) => ({ replaceOne: { filter: { _id }, replacement: rest, upsert: opts.upsert === true } }));
    const res = await collection.bulkWrite(ops as unknown as mongo.AnyBulkWriteOperation<T>[], { ordered: false });
    if (opts.upsert !== true && res.matchedCount !== chunk.length) {
      throw new UnavailableError(`${chunk.length - res.matchedCount} ${opts.what} vanished during a bulk write; retrying`);
    }
  }
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

/** `cw_store_command_duration_seconds` from the driver's command events (batched writes: a few per second). */
function timeCommands(conn: Connection): void {
  const client = conn.getClient();
  client.on('commandSucceeded', (e: { commandName: string; duration: number }) => storeMetrics.commandSeconds.observe({ command: e.commandName, outcome: 'ok' }, e.duration / 1000));
  client.on('commandFailed', (e: { commandName: string; duration: number }) => storeMetrics.commandSeconds.observe({ command: e.commandName, outcome: 'error' }, e.duration / 1000));
}

/** Command name → commands sent and the documents they carried (inserts, updates, deletes). */
export type CommandCounts = Record<string, { commands: number; documents: number }>;

/** What this process has sent, summed over its connections (see {@link countCommands}). */
const counted: CommandCounts = {};
let countsTimer: NodeJS.Timeout | undefined;

/**
 * Counts the commands sent on `conn` (the driver's `commandStarted` events) and writes the running
 * totals of the process to `<dir>/<pid>.json` every second and at exit: `{ entry, counts }`. For
 * the benchmark's per-case figures (`MONGO_COMMAND_COUNTS_DIR`); off otherwise.
 */
function countCommands(conn: Connection, dir: string): void {
  const client = conn.getClient();
  client.on('commandStarted', (e: { commandName: string; command: Record<string, unknown> }) => {
    const c = (counted[e.commandName] ??= { commands: 0, documents: 0 });
    c.commands += 1;
    const docs = e.command.documents ?? e.command.updates ?? e.command.deletes;
    c.documents += Array.isArray(docs) ? docs.length : 0;
  });
  if (countsTimer) return;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.json`);
  const write = () => writeFileSync(file, JSON.stringify({ entry: process.argv[1] ?? '', counts: counted }));
  countsTimer = setInterval(write, 1000);
  countsTimer.unref();
  process.on('exit', write);
}

import type { Connection } from '@cw/platform';
import { STATS_META, bucketsOf, casesOf, generationOfCollection, type StatsMetaDoc } from '@cw/contracts';

export type { BucketDoc, StatsMetaDoc } from '@cw/contracts';

/**
 * Collections of the statistics read model, named by `@cw/contracts` (stats.ts), which the gateway
 * reads too. Figures live in a *generation* of collections; the meta document names the active
 * one, so a rebuild fills a fresh generation and switches readers with one single-document write.
 */
export const STATS_COLLECTIONS = {
  /** `{ _id: 'active', generation, previous?, switchedAt }`. */
  meta: STATS_META,
  /** One document per bucket (month × district × category × channel) and `case.events` partition. */
  buckets: bucketsOf,
  /** One memo per case: facts, contribution, last change. */
  cases: casesOf,
} as const;

export const bucketDocId = (key: string, partition: number) => `${key}#p${partition}`;

export const newGenerationId = (): string => `g${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;

export async function activeGeneration(mongo: Connection): Promise<string | null> {
  const doc = await mongo.collection<StatsMetaDoc>(STATS_COLLECTIONS.meta).findOne({ _id: 'active' });
  return doc?.generation ?? null;
}

/** The active generation, creating the first one when there is none. */
export async function ensureActiveGeneration(mongo: Connection): Promise<string> {
  const current = await activeGeneration(mongo);
  if (current !== null) return current;
  const generation = newGenerationId();
  try {
    await mongo.collection<StatsMetaDoc>(STATS_COLLECTIONS.meta).insertOne({ _id: 'active', generation, switchedAt: new Date() });
    return generation;
  } catch {
    const again = await activeGeneration(mongo);
    if (again === null) throw new Error('could not create the active statistics generation');
    return again;
  }
}

/** Points readers at `to`; false when the active generation is no longer `from` (another rebuild won). */
export async function switchGeneration(mongo: Connection, from: string | null, to: string): Promise<boolean> {
  const meta = mongo.collection<StatsMetaDoc>(STATS_COLLECTIONS.meta);
  if (from === null) {
    try { await meta.insertOne({ _id: 'active', generation: to, switchedAt: new Date() }); return true; } catch { return false; }
  }
  const r = await meta.updateOne({ _id: 'active', generation: from }, { $set: { generation: to, previous: from, switchedAt: new Date() } });
  return r.matchedCount === 1;
}

/** Drops the collections of generations that are neither active nor the previous one. */
export async function dropStaleGenerations(mongo: Connection): Promise<string[]> {
  const meta = await mongo.collection<StatsMetaDoc>(STATS_COLLECTIONS.meta).findOne({ _id: 'active' });
  if (meta === null) return [];
  const keep = new Set([meta.generation, meta.previous].filter((g): g is string => g !== undefined));
  const db = mongo.db;
  if (db === undefined) return [];
  const dropped: string[] = [];
  for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const generation = generationOfCollection(c.name);
    if (generation !== null && !keep.has(generation)) {
      await db.dropCollection(c.name);
      dropped.push(c.name);
    }
  }
  return dropped;
}

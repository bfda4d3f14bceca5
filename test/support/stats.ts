import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from '@cw/platform';
import { STATS_COLLECTIONS, type BucketDoc } from '@cw/stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bucket id → counters without zeros: what two statistics generations must agree on. */
export async function bucketSnapshot(mongo: Connection, generation: string): Promise<Record<string, Record<string, number>>> {
  const rows = (await mongo.collection<BucketDoc>(STATS_COLLECTIONS.buckets(generation)).find({}).toArray()) as BucketDoc[];
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows.sort((a, b) => (a._id < b._id ? -1 : 1))) {
    const c = Object.fromEntries(Object.entries(r.c).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1))) as Record<string, number>;
    if (Object.keys(c).length > 0) out[r._id] = c;
  }
  return out;
}

/** Runs the stats service's `rebuild` (services/stats/dist/rebuild.js) and returns its summary line. */
export async function runStatsRebuild(env: NodeJS.ProcessEnv): Promise<{ generation: string; previous: string; messages: number }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'services/stats/dist/rebuild.js')], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`rebuild exited with ${code}: ${err}${out}`);
  return JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{"generation"')).pop() ?? '{}');
}

import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@cw/platform';
import { COLLECTIONS } from '@cw/contracts';

interface BlockDoc { _id: string; year: string; from: number; to: number; claimedAt: Date }
interface HintDoc { _id: string; n: number }

/** Numbers claimed at once: one insert per this many cases. */
export const BLOCK_SIZE = 100;

/**
 * Case numbers from blocks. A block of {@link BLOCK_SIZE} numbers of a year is claimed by
 * *inserting* `<year>:b<k>`, which the unique `_id` makes exclusive across processes (FerretDB does
 * not apply concurrent `$inc`s atomically: decision 0007), and handed out from memory. A restart
 * or a redelivered record leaves a gap in the sequence, never a duplicate: the workflow keeps the
 * first registration of a case id and refuses the repeat. The per-year hint (`n`, the highest
 * number claimed) is only where the search starts; a stale hint costs a few collisions.
 */
export function createCaseNumbers(mongo: Connection, blockSize = BLOCK_SIZE) {
  const blocks = mongo.collection<BlockDoc>(COLLECTIONS.caseNumbers);
  const hints = mongo.collection<HintDoc>(`${COLLECTIONS.caseNumbers}_hints`);
  /** year → the numbers left in this process's current block. */
  const open = new Map<string, { next: number; to: number }>();
  /** year → the last block index tried. */
  const tried = new Map<string, number>();
  let claiming: Promise<unknown> = Promise.resolve();

  const claim = async (year: string) => {
    let k = tried.get(year) ?? Math.ceil(((await hints.findOne({ _id: year }))?.n ?? 0) / blockSize);
    for (; ; k += 1) {
      try {
        await blocks.insertOne({ _id: `${year}:b${k}`, year, from: k * blockSize + 1, to: (k + 1) * blockSize, claimedAt: new Date() });
      } catch (e) {
        if (isDuplicateKeyError(e)) continue;
        throw e;
      }
      tried.set(year, k + 1);
      open.set(year, { next: k * blockSize + 1, to: (k + 1) * blockSize });
      await hints.updateOne({ _id: year }, { $max: { n: (k + 1) * blockSize } }, { upsert: true });
      return;
    }
  };

  return {
    /** The next number of `year` (claims a block when the current one is used up). */
    async take(year: string): Promise<number> {
      for (;;) {
        const block = open.get(year);
        if (block && block.next <= block.to) return block.next++;
        // One claim at a time: concurrent partitions share the block.
        const run = claiming.then(() => (open.get(year)?.next ?? 1) <= (open.get(year)?.to ?? 0) ? undefined : claim(year));
        claiming = run.catch(() => undefined);
        await run;
      }
    },
  };
}
export type CaseNumbers = ReturnType<typeof createCaseNumbers>;

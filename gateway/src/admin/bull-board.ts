import type express from 'express';
import { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { redisOptions } from '@cw/platform';

export interface BullBoardOptions {
  redisUrl: string;
  /** Full BullMQ queue names, e.g. `${KAFKA_TOPIC_PREFIX}sla-deadlines`. */
  queueNames: string[];
  /** Where the board is served; `/admin/queues` by default. */
  basePath?: string;
}

/**
 * Serves bull-board (jobs, delays, failures, retry/remove buttons) for the given BullMQ queues.
 * The board can act on jobs, so it must sit behind the admin authentication once that exists.
 */
export function mountBullBoard(app: express.Express, opts: BullBoardOptions): { queues: Queue[]; close(): Promise<void> } {
  const basePath = opts.basePath ?? '/admin/queues';
  const queues = opts.queueNames.map((name) => new Queue(name, { connection: redisOptions(opts.redisUrl) }));
  // A Redis outage must not crash the gateway; the board shows the error instead.
  for (const q of queues) q.on('error', () => undefined);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(basePath);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  app.use(basePath, serverAdapter.getRouter() as express.RequestHandler);
  return {
    queues,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

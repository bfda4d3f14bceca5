import type { Logger, Redis } from '@cw/platform';
import { statsChangedChannel, type ChangedScope, type StatsChangedMessage } from '@cw/contracts';
import type { BucketDims } from './domain/counters.js';
import type { OnChanged } from './handlers/case-event.handler.js';

/**
 * Publishes the changed statistics scopes on Redis (`<prefix>stats.changed`) for the gateways'
 * live figures (docs/decisions/0008-live-board.md). Changes are gathered for `batchMs` and sent
 * as one message of distinct month × district × category scopes, so a replay of thousands of
 * events costs a few messages a second, not one per event.
 *
 * A lost message is not a lost figure: the buckets are already written, and the gateways refresh
 * their live scopes periodically. So publishing never fails the consumer.
 */
export function createChangePublisher(deps: { redis: Redis; topicPrefix: string; logger: Logger; batchMs?: number }) {
  const channel = statsChangedChannel(deps.topicPrefix);
  const batchMs = deps.batchMs ?? 50;
  const pending = new Map<string, ChangedScope>();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const message: StatsChangedMessage = { scopes: [...pending.values()], at: new Date().toISOString() };
    pending.clear();
    inFlight = deps.redis.publish(channel, JSON.stringify(message))
      .catch((err: unknown) => deps.logger.warn({ err, channel, scopes: message.scopes.length }, 'stats change notification not published'));
  };

  const onChanged: OnChanged = (scopes: BucketDims[]) => {
    for (const { month, district, category } of scopes) pending.set(`${month}|${district}|${category}`, { month, district, category });
    timer ??= setTimeout(flush, batchMs);
  };

  return {
    channel,
    onChanged,
    /** Sends what is pending, then returns. */
    async stop() {
      if (timer) clearTimeout(timer);
      flush();
      await inFlight;
    },
  };
}

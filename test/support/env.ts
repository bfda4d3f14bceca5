import { randomUUID } from 'node:crypto';
import { createLogger, loadConfig, platformSettings, type Logger } from '@cw/platform';

/** The real servers the suite runs against (started by `npm run infra:up`). */
export const platform = loadConfig(platformSettings);

/** A name no other test uses: topics, groups, databases. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** A MongoDB URL on the same server with a database of its own. */
export function mongoUrlFor(db: string): string {
  const u = new URL(platform.MONGO_URL);
  u.pathname = `/${db}`;
  return u.toString();
}

export const testLogger: Logger = createLogger('test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Polls until `probe` returns a truthy value; fails with `what` after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 10000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

import { Redis, type RedisOptions } from 'ioredis';

export { Redis } from 'ioredis';

/**
 * Redis connection options for BullMQ. Workers need `maxRetriesPerRequest: null` so a blocked
 * command survives a Redis restart instead of failing.
 */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}

export function createRedis(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis({ ...redisOptions(url), ...overrides });
}

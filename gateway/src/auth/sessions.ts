import { randomBytes } from 'node:crypto';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { parse as parseCookies } from 'cookie';
import signature from 'cookie-signature';
import type { Redis } from '@cw/platform';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
  }
}

/** Name of the session cookie (httpOnly, SameSite=Lax, Secure when the request came over HTTPS). */
export const SESSION_COOKIE = 'cw.sid';

/**
 * connect-redis 9 speaks node-redis v5 (10 only adds a Node ≥ 22 engine requirement; this project runs Node 20); the system uses ioredis. This is the handful of calls it
 * makes, translated.
 */
function nodeRedisFacade(redis: Redis) {
  return {
    get: (key: string) => redis.get(key),
    set: (key: string, value: string, opts?: { expiration?: { type: 'EX'; value: number } }) =>
      opts?.expiration ? redis.set(key, value, 'EX', opts.expiration.value) : redis.set(key, value),
    expire: (key: string, seconds: number) => redis.expire(key, seconds),
    del: (keys: string[] | string) => redis.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => redis.mget(keys),
    scanIterator: async function* (opts: { MATCH: string; COUNT: number }) {
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', opts.MATCH, 'COUNT', opts.COUNT);
        cursor = next;
        yield batch;
      } while (cursor !== '0');
    },
  };
}

/**
 * The signing secret: SESSION_SECRET if set, else one random secret per topic prefix kept in Redis,
 * so every gateway instance of a deployment signs alike without configuration.
 */
export async function resolveSessionSecret(redis: Redis, prefix: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const key = `${prefix}session-secret`;
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error('session secret could not be read from Redis');
  return secret;
}

export interface Sessions {
  middleware: ReturnType<typeof session>;
  store: RedisStore;
  /** The user id of the session a `Cookie` header carries (Socket.IO handshakes), or undefined. */
  userIdFromCookieHeader(header: string | undefined): Promise<string | undefined>;
}

export function createSessions(opts: { redis: Redis; prefix: string; secret: string; ttlSeconds: number }): Sessions {
  const store = new RedisStore({ client: nodeRedisFacade(opts.redis), prefix: `${opts.prefix}sess:`, ttl: opts.ttlSeconds });
  const middleware = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/', maxAge: opts.ttlSeconds * 1000 },
  });
  return {
    middleware,
    store,
    async userIdFromCookieHeader(header) {
      if (!header) return undefined;
      const raw = parseCookies(header)[SESSION_COOKIE];
      if (!raw || !raw.startsWith('s:')) return undefined;
      const sid = signature.unsign(raw.slice(2), opts.secret);
      if (sid === false) return undefined;
      const data = await store.get(sid) as { userId?: string } | null;
      return data?.userId;
    },
  };
}

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
  /** The session a `Cookie` header carries (Socket.IO handshakes): its id and user, or undefined. */
  fromCookieHeader(header: string | undefined): Promise<{ sid: string; userId: string } | undefined>;
  /** Notes a logged-in session under its user, so it can be ended with the others (`endAllOf`). */
  remember(userId: string, sid: string): Promise<void>;
  /** Forgets one session (logout). */
  forget(userId: string, sid: string): Promise<void>;
  /** Ends every session of a user but `exceptSid`; answers the ids ended. */
  endAllOf(userId: string, exceptSid?: string): Promise<string[]>;
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
  const sessionKey = (sid: string) => `${opts.prefix}sess:${sid}`;
  const userKey = (userId: string) => `${opts.prefix}user-sess:${userId}`;
  return {
    middleware,
    store,
    async fromCookieHeader(header) {
      if (!header) return undefined;
      const raw = parseCookies(header)[SESSION_COOKIE];
      if (!raw || !raw.startsWith('s:')) return undefined;
      const sid = signature.unsign(raw.slice(2), opts.secret);
      if (sid === false) return undefined;
      const data = await store.get(sid) as { userId?: string } | null;
      return data?.userId ? { sid, userId: data.userId } : undefined;
    },
    async remember(userId, sid) {
      await opts.redis.multi().sadd(userKey(userId), sid).expire(userKey(userId), opts.ttlSeconds).exec();
    },
    async forget(userId, sid) {
      await opts.redis.srem(userKey(userId), sid);
    },
    async endAllOf(userId, exceptSid) {
      const sids = (await opts.redis.smembers(userKey(userId))).filter((sid) => sid !== exceptSid);
      if (sids.length > 0) {
        await opts.redis.multi().del(...sids.map(sessionKey)).srem(userKey(userId), ...sids).exec();
      }
      return sids;
    },
  };
}

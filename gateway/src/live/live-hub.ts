/**
 * Live figures over Socket.IO, namespace `/live` (docs/decisions/0008-live-board.md).
 *
 * A client emits `subscribe` with a scope and gets a `snapshot` `{seq, scope, figures, breakdown}`,
 * then a `delta` `{seq + 1, …}` each time the scope's figures change, at most one per
 * `throttleMs` per scope, the last one always carrying the latest state. On a gap in `seq` it
 * emits `resync` (or `subscribe` again) and gets a new snapshot.
 *
 * Changes arrive from the stats service on a Redis channel that every gateway instance
 * subscribes to; each instance recomputes the scopes its own sockets hold (figures are read from
 * the shared store, so every instance computes the same state) and emits to them. The Socket.IO
 * Redis adapter joins the instances for namespace-wide broadcasts and room queries. A periodic
 * refresh catches a lost notification, a rebuild's generation switch and the turn of the date.
 */
import type http from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { AppError, createRedis, type Logger, type Redis } from '@cw/platform';
import {
  LIVE_NAMESPACE, breakdownOf, liveQueryOf, liveScopeKey, parseLiveScope, queryAffectedBy, statsChangedChannel, statsResultOf,
  type LiveBreakdown, type LiveClientToServerEvents, type LiveInterServerEvents, type LiveScope, type LiveServerToClientEvents,
  type LiveSocketData, type StatsChangedMessage, type StatsResult,
} from '@cw/contracts';
import type { StatsReader } from './stats-reader.js';
import { liveDeltaSeconds } from '../metrics.js';

type LiveServer = Server<LiveClientToServerEvents, LiveServerToClientEvents, LiveInterServerEvents, LiveSocketData>;
type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents, LiveInterServerEvents, LiveSocketData>;
type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents, LiveInterServerEvents, LiveSocketData>;

export interface LiveOptions {
  server: http.Server;
  read: StatsReader;
  redisUrl: string;
  topicPrefix: string;
  logger: Logger;
  /** Minimum time between two deltas of one scope. */
  throttleMs?: number;
  /** Every scope is recomputed this often even without a notification. */
  refreshMs?: number;
}

interface ScopeState {
  key: string;
  room: string;
  scope: LiveScope;
  seq: number;
  last?: { figures: StatsResult; breakdown: LiveBreakdown; at: string; json: string };
  dirty: boolean;
  /** When the first stats change notification not yet reflected in a computation arrived (metrics). */
  changedAt?: number;
  timer?: NodeJS.Timeout;
  lastRunAt: number;
  /** A computation not started yet, which any caller may join. */
  queued?: Promise<void>;
  running?: Promise<void>;
}

export interface Live {
  io: LiveServer;
  nsp: LiveNamespace;
  /** Live scopes held by this instance (for health and tests). */
  scopes: () => string[];
  stop: () => Promise<void>;
}

const roomOf = (key: string) => `scope:${key}`;

async function whenReady(redis: Redis, what: string, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: Redis not ready within ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
}

export async function startLive(opts: LiveOptions): Promise<Live> {
  const logger = opts.logger.child({ component: 'live' });
  const throttleMs = opts.throttleMs ?? 250;
  const refreshMs = opts.refreshMs ?? 15_000;

  const pub = createRedis(opts.redisUrl);
  const sub = pub.duplicate();
  const changes = pub.duplicate();
  for (const r of [pub, sub, changes]) r.on('error', (err) => logger.debug({ err: err.message }, 'redis error'));
  await Promise.all([whenReady(pub, 'live pub'), whenReady(sub, 'live sub'), whenReady(changes, 'live changes')]);

  const io: LiveServer = new Server(opts.server, {
    serveClient: true,
    adapter: createAdapter(pub, sub, { key: `${opts.topicPrefix}socket.io` }),
  });
  const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);
  const states = new Map<string, ScopeState>();

  const compute = async (state: ScopeState): Promise<void> => {
    const since = state.changedAt;
    state.changedAt = undefined;
    const q = liveQueryOf(state.scope);
    const { generation, rows } = await opts.read(q, true);
    const figures = statsResultOf(q, generation, rows);
    const breakdown = breakdownOf(q, rows);
    const json = JSON.stringify([figures, breakdown]);
    if (state.last?.json === json) return;
    const first = state.last === undefined;
    const at = new Date().toISOString();
    state.last = { figures, breakdown, at, json };
    if (first) return;
    state.seq += 1;
    nsp.local.to(state.room).emit('delta', { seq: state.seq, figures, breakdown, at });
    if (since !== undefined) liveDeltaSeconds.observe((Date.now() - since) / 1000);
    logger.debug({ scope: state.key, seq: state.seq }, 'live delta');
  };

  /** One computation at a time per scope; callers arriving before it starts share the next one. */
  const refresh = (state: ScopeState): Promise<void> => {
    if (state.queued) return state.queued;
    const previous = state.running ?? Promise.resolve();
    const next: Promise<void> = previous.catch(() => undefined).then(async () => {
      state.queued = undefined;
      state.running = next;
      try { await compute(state); } finally { if (state.running === next) state.running = undefined; }
    });
    state.queued = next;
    return next;
  };

  const run = (state: ScopeState) => {
    state.timer = undefined;
    if (!state.dirty || states.get(state.key) !== state) return;
    state.dirty = false;
    state.lastRunAt = Date.now();
    refresh(state).catch((err: unknown) => {
      logger.warn({ err, scope: state.key }, 'live figures not refreshed');
      touch(state, refreshMs);
    });
  };

  /** Marks a scope changed; it is recomputed at once, or when its throttle window ends. */
  const touch = (state: ScopeState, minDelayMs = 0) => {
    state.dirty = true;
    if (state.timer) return;
    const wait = Math.max(minDelayMs, state.lastRunAt + throttleMs - Date.now(), 0);
    state.timer = setTimeout(() => run(state), wait);
  };

  const release = (key: string | undefined) => {
    if (key === undefined) return;
    const state = states.get(key);
    if (!state || (nsp.adapter.rooms.get(state.room)?.size ?? 0) > 0) return;
    if (state.timer) clearTimeout(state.timer);
    states.delete(key);
  };

  const sendSnapshot = async (socket: LiveSocket, state: ScopeState) => {
    if (!state.last) await refresh(state);
    if (socket.data.scopeKey !== state.key || !state.last) return;
    const { figures, breakdown, at } = state.last;
    socket.emit('snapshot', { seq: state.seq, scope: state.scope, figures, breakdown, at });
  };

  const problem = (socket: LiveSocket, error: unknown) => {
    if (error instanceof AppError && error.httpStatus < 500) {
      socket.emit('problem', { code: error.code, detail: error.message, errors: error.details });
      return;
    }
    logger.warn({ err: error, socketId: socket.id }, 'live subscription failed');
    socket.emit('problem', { code: 'UNAVAILABLE', detail: 'The figures cannot be read at the moment; try again.', errors: [] });
  };

  nsp.on('connection', (socket) => {
    socket.on('subscribe', async (raw) => {
      try {
        const scope = parseLiveScope(raw);
        const key = liveScopeKey(scope);
        const previous = socket.data.scopeKey;
        if (previous !== key) {
          if (previous !== undefined) {
            await socket.leave(roomOf(previous));
            release(previous);
          }
          await socket.join(roomOf(key));
          socket.data.scopeKey = key;
          socket.data.scope = scope;
        }
        let state = states.get(key);
        if (!state) {
          state = { key, room: roomOf(key), scope, seq: 0, dirty: false, lastRunAt: 0 };
          states.set(key, state);
        }
        await sendSnapshot(socket, state);
      } catch (error) {
        problem(socket, error);
      }
    });
    socket.on('resync', async () => {
      const state = socket.data.scopeKey === undefined ? undefined : states.get(socket.data.scopeKey);
      if (!state) {
        socket.emit('problem', { code: 'NOT_SUBSCRIBED', detail: 'Subscribe to a scope first.', errors: [] });
        return;
      }
      try { await sendSnapshot(socket, state); } catch (error) { problem(socket, error); }
    });
    socket.on('disconnect', () => release(socket.data.scopeKey));
  });

  const channel = statsChangedChannel(opts.topicPrefix);
  changes.on('message', (ch: string, text: string) => {
    if (ch !== channel) return;
    let message: StatsChangedMessage;
    try {
      message = JSON.parse(text) as StatsChangedMessage;
      if (!Array.isArray(message.scopes)) throw new Error('no scopes');
    } catch (err) {
      logger.warn({ err, channel }, 'unreadable stats change notification');
      return;
    }
    for (const state of states.values()) {
      const q = liveQueryOf(state.scope);
      if (message.scopes.some((s) => queryAffectedBy(q, s))) {
        state.changedAt ??= Date.now();
        touch(state);
      }
    }
  });
  await changes.subscribe(channel);
  const periodic = setInterval(() => { for (const state of states.values()) touch(state); }, refreshMs);
  logger.info({ namespace: LIVE_NAMESPACE, channel, throttleMs, refreshMs }, 'live figures ready');

  return {
    io,
    nsp,
    scopes: () => [...states.keys()],
    stop: async () => {
      clearInterval(periodic);
      for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
      states.clear();
      // Not io.close(): it would close the HTTP server, which the gateway closes itself.
      io.local.disconnectSockets(true);
      nsp.local.disconnectSockets(true);
      io.engine.close();
      await Promise.allSettled([changes.quit(), pub.quit(), sub.quit()]);
    },
  };
}

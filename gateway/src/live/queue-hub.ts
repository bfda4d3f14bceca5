/**
 * Live work queues over Socket.IO, namespace `/queues` (docs/decisions/0011-consoles.md).
 *
 * A connected user is put in the room of each district they work for (`d:<district>`) and in their
 * own room (`u:<userId>`); supervisors and admins choose districts with `watch`. The gateway
 * consumes `case.events` in one consumer group shared by all its instances; for each event it takes
 * the case as the workflow's write left it (the snapshot on the write's last event, else one read
 * by `_id`) and emits `changed` `{caseId, caseVersion, type, district, assignee, status}`
 * to the case's district room and to the rooms of the users it concerns, through the Redis adapter
 * so every instance's sockets get it. No personal data travels: the console refetches its lists
 * (which the API masks) when told something changed. A re-routed case also emits `moved` to all,
 * so the district it left refetches too.
 */
import type { Server, Namespace, Socket } from 'socket.io';
import type { Connection } from 'mongoose';
import pMap from 'p-map';
import { UnavailableError, startConsumer, type Kafka, type Logger, type Producer, type RunningConsumer } from '@cw/platform';
import {
  COLLECTIONS, QUEUES_NAMESPACE, decodeEvent,
  type CaseDoc, type Envelope, type QueueChange, type QueueClientToServerEvents, type QueueServerToClientEvents, type TopicNames,
} from '@cw/contracts';
import type { Principal } from '../auth/index.js';
import { mayWatchDistrict } from '../routes/queues.routes.js';

export { QUEUES_NAMESPACE, type QueueChange } from '@cw/contracts';

export interface QueueSocketData {
  actor?: Principal;
  districts?: string[];
}
type QueueNamespace = Namespace<QueueClientToServerEvents, QueueServerToClientEvents, Record<string, never>, QueueSocketData>;
type QueueSocket = Socket<QueueClientToServerEvents, QueueServerToClientEvents, Record<string, never>, QueueSocketData>;
type NamespaceMiddleware = (socket: Socket, next: (err?: Error) => void) => void;

export interface QueueHubOptions {
  io: Server<any, any, any, any>;
  kafka: Kafka;
  producer: Producer;
  mongo: Connection;
  topics: TopicNames;
  groupId: string;
  logger: Logger;
  /**
   * Extra namespace middleware. Authentication normally comes from SOCKET_POLICY (auth/policy.ts),
   * applied by `protectSockets` before the hub starts; a socket without `socket.data.actor` is dropped.
   */
  middleware?: NamespaceMiddleware[];
}

export interface QueueHub {
  nsp: QueueNamespace;
  /** True once the notification consumer has joined its group. */
  ready: () => boolean;
  stop: () => Promise<void>;
}

const districtRoom = (d: string) => `d:${d}`;
const userRoom = (u: string) => `u:${u}`;

/** Rooms that hear about an event: the case's district (now, and where it was routed to) and the users it concerns. */
export function roomsFor(event: Pick<Envelope, 'type' | 'data'>, doc: { district?: string | null; assignee?: string | null } | null): string[] {
  const rooms = new Set<string>();
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (doc?.district) rooms.add(districtRoom(doc.district));
  if (event.type === 'CaseRouted' && typeof data.district === 'string') rooms.add(districtRoom(data.district));
  if (doc?.assignee) rooms.add(userRoom(doc.assignee));
  for (const k of ['userId', 'fromUserId', 'toUserId']) if (typeof data[k] === 'string') rooms.add(userRoom(data[k]));
  return [...rooms];
}

/** What a notification needs of a case: from an event's snapshot, or read. */
type CaseView = { district?: string | null; assignee?: string | null; status?: string | null };

export async function startQueueHub(opts: QueueHubOptions): Promise<QueueHub> {
  const logger = opts.logger.child({ component: 'queue-hub' });
  const nsp = opts.io.of(QUEUES_NAMESPACE) as QueueNamespace;
  for (const m of opts.middleware ?? []) nsp.use(m);
  const cases = opts.mongo.collection<CaseDoc>(COLLECTIONS.cases);

  const watch = async (socket: QueueSocket, requested: string[]) => {
    const actor = socket.data.actor!;
    const allowed = [...new Set(requested)].filter((d) => typeof d === 'string' && mayWatchDistrict(actor, d)).slice(0, 50);
    for (const d of socket.data.districts ?? []) if (!allowed.includes(d)) await socket.leave(districtRoom(d));
    for (const d of allowed) await socket.join(districtRoom(d));
    socket.data.districts = allowed;
    socket.emit('watching', { districts: allowed });
  };

  nsp.on('connection', async (socket) => {
    const actor = socket.data.actor;
    if (!actor) { socket.disconnect(true); return; }
    socket.on('watch', (w) => {
      const list = Array.isArray(w?.districts) ? w.districts : [];
      watch(socket, list).catch((err: unknown) => logger.warn({ err, socketId: socket.id }, 'watch failed'));
    });
    await socket.join(userRoom(actor.id));
    await watch(socket, actor.districts ?? []);
  });

  const HISTORICAL_MS = 30 * 24 * 3600 * 1000;
  // The consumer starts in the background: after a crash its group waits for the dead member's
  // session to expire (10 s) before it rejoins, and the gateway answers HTTP meanwhile. /healthz
  // reports `queues: starting` until it has joined.
  let consumer: RunningConsumer | undefined;
  let stopping = false;
  const startNotifications = () => startConsumer(opts.kafka, opts.producer, {
    groupId: opts.groupId,
    topics: [opts.topics.caseEvents],
    // Notifications are about now: a new group starts at the end of the log.
    fromBeginning: false,
    logger,
    partitionsConsumedConcurrently: 4,
    handleBatch: async (batch) => {
      const events: Envelope[] = [];
      for (const message of batch.messages) {
        let event: Envelope;
        try {
          event = decodeEvent(message.value, { what: 'Case event', require: ['type', 'caseId'] });
        } catch (err) {
          // The workflow's consumers dead-letter it; a notice is only a convenience.
          batch.logger.warn({ offset: message.offset, err }, 'unreadable case event; no queue notification');
          continue;
        }
        // Imported history (events dated long ago) changes no one's queue today: no look-up, no notice.
        if (event.actor?.id === 'import' || (typeof event.occurredAt === 'string' && Date.parse(event.occurredAt) < Date.now() - HISTORICAL_MS)) continue;
        events.push(event);
      }
      // The case as the batch leaves it: the newest snapshot its events carry, else one read.
      const docs = new Map<string, CaseView | null>();
      for (const e of events) if (e.after) docs.set(e.caseId, e.after);
      const unknown = [...new Set(events.map((e) => e.caseId))].filter((id) => !docs.has(id));
      await pMap(unknown, async (id) => {
        try {
          docs.set(id, await cases.findOne({ _id: id }, { projection: { district: 1, assignee: 1, status: 1 } }));
        } catch (err) {
          throw new UnavailableError('case look-up for a queue notification failed', err);
        }
      }, { concurrency: 8 });
      for (const event of events) {
        const doc = docs.get(event.caseId) ?? null;
        const rooms = roomsFor(event, doc);
        const change: QueueChange = {
          caseId: event.caseId,
          caseVersion: event.caseVersion ?? null,
          type: event.type,
          district: doc?.district ?? null,
          assignee: doc?.assignee ?? null,
          status: doc?.status ?? null,
        };
        if (rooms.length > 0) nsp.to(rooms).emit('changed', change);
        // The first routing is version 2 (after CaseRegistered); a later one moves the case between districts.
        if (event.type === 'CaseRouted' && (event.caseVersion ?? 0) > 2) nsp.emit('moved', { caseId: event.caseId });
      }
      if (events.length > 0) batch.logger.debug({ partition: batch.partition, events: events.length, read: unknown.length }, 'queue notifications');
      return { deadLetters: [] };
    },
  });
  const starting = (async () => {
    for (let attempt = 1; !stopping; attempt++) {
      try {
        consumer = await startNotifications();
        logger.info({ namespace: QUEUES_NAMESPACE, groupId: opts.groupId }, 'live queues ready');
        return;
      } catch (err) {
        logger.error({ err, attempt }, 'live queue notifications could not start; retrying in 2 s');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  })();

  return {
    nsp,
    ready: () => consumer !== undefined,
    stop: async () => {
      stopping = true;
      nsp.local.disconnectSockets(true);
      await starting;
      await consumer?.stop();
    },
  };
}

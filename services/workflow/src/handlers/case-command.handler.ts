import { LRUCache } from 'lru-cache';
import pMap from 'p-map';
import {
  UnavailableError, isRetriable, sendJsonBatch,
  type BatchContext, type BatchOutcome, type KafkaMessage, type Logger, type Producer,
} from '@cw/platform';
import { decodeCommand, snapshotOf, type CaseDoc, type CommandResultDoc, type Envelope, type TopicNames } from '@cw/contracts';
import { applyCommand, followUps, leadRecords, type WorkflowDomain } from '../domain/apply-command.js';
import type { CaseStore } from '../persistence/case-store.js';

export { followUps, historyCommandId, type WorkflowDomain } from '../domain/apply-command.js';

const parseCommand = (raw: Buffer | null) =>
  decodeCommand(raw, { require: ['id', 'type', 'caseId', 'occurredAt', 'correlationId'], actor: true });

/** Bulk commands decided per turn. */
const BULK_SLICE = 25;

/**
 * Turns per partition number, across `case.commands` and `case.commands.bulk` (they hold the same
 * cases): one decision at a time per partition, a waiting live batch before any bulk slice, and at
 * most `bulkLimit` bulk slices at once over all partitions, so the store keeps room for live work.
 */
export function createLanes(bulkLimit: number) {
  const lanes = new Map<number, { busy: boolean; live: (() => void)[]; bulk: (() => void)[] }>();
  let bulkRunning = 0;
  const bulkWaiting: (() => void)[] = [];
  return {
    async run<T>(partition: number, bulk: boolean, fn: () => Promise<T>): Promise<T> {
      if (bulk) {
        if (bulkRunning < bulkLimit) bulkRunning += 1;
        else await new Promise<void>((r) => bulkWaiting.push(r)); // the slot is handed over
      }
      try {
        let lane = lanes.get(partition);
        if (!lane) lanes.set(partition, (lane = { busy: false, live: [], bulk: [] }));
        if (lane.busy) await new Promise<void>((r) => (bulk ? lane!.bulk : lane!.live).push(r)); // the turn is handed over
        else lane.busy = true;
        try {
          return await fn();
        } finally {
          const next = lane.live.shift() ?? lane.bulk.shift();
          if (next) next(); else lane.busy = false;
        }
      } finally {
        if (bulk) {
          const next = bulkWaiting.shift();
          if (next) next(); else bulkRunning -= 1;
        }
      }
    },
  };
}

/** The case as the write left it, on the event that brought it to that version (Envelope.after). */
const withSnapshot = (event: Envelope, doc: CaseDoc | undefined): Envelope =>
  (doc !== undefined && event.caseVersion === doc.version ? { ...event, after: snapshotOf(doc) } : event);

/**
 * The single writer, a batch at a time. Each partition's batch is decided in memory against the
 * case documents (cached for the partitions this process owns, read on a miss), then committed
 * with one bulk write per collection and one produce, then the offsets are committed:
 *
 * 1. case documents, each carrying its new state, the ids of the commands it applied and, as its
 *    outbox, the events of this write: new ones in one `insertMany`; beside it, for the cases this
 *    batch changes, first the audit trail (the events of each one's previous write, its stored
 *    outbox, one document per write in one `insertMany`, duplicates ignored), then one `bulkWrite`
 *    of replaces. A case's last write lives in its outbox, so a new case costs no audit document;
 * 2. the verdicts someone waits for (a person's command, a refusal), one `insertMany`;
 * 3. events and follow-up commands in one produce; then kafkajs commits the batch. The last event
 *    of each case carries the case as the batch left it (`after`), for consumers that would
 *    otherwise read the store.
 *
 * A crash anywhere redelivers the batch: commands already applied are recognised by their ids in
 * the document and their outbox is relayed again; consumers dedupe events by `(caseId, caseVersion)`.
 * A new case is assumed absent (no read); if its insert finds it there (a redelivery), the batch
 * is retried with every case read from the store.
 */
export function createCaseCommandHandler<S>(deps: {
  store: CaseStore; producer: Producer; topics: TopicNames; domain: WorkflowDomain<S>; logger: Logger; now?: () => Date; cacheSize?: number;
  /** The bulk lane's topic (`case.commands.bulk`): served after live commands, in slices. */
  bulkTopic?: string;
  /** Bulk slices decided at the same time, over all partitions (default 2). */
  bulkConcurrency?: number;
}) {
  const lanes = createLanes(deps.bulkConcurrency ?? 2);
  const now = deps.now ?? (() => new Date());
  const { store, domain } = deps;
  /** caseId → its document as stored (`doc: null`: known absent). Trusted only while this process owns the partition. */
  const cache = new LRUCache<string, { doc: CaseDoc | null }>({ max: deps.cacheSize ?? 5_000 });
  /**
   * Partitions whose last attempt failed: the retry of the batch, every slice of it, reads every
   * case instead of assuming new ones absent, until the whole batch has been written.
   */
  const careful = new Set<number>();

  /** Decides `commands` against the stored cases and writes the outcome (see above); throws if the write fails. */
  const decideAndWrite = async (partition: number, commands: Envelope[]): Promise<void> => {
    const thorough = careful.has(partition);
    const toLoad = [...new Set(commands.filter((cmd) => thorough || cmd.type !== 'RegisterCase').map((cmd) => cmd.caseId))]
      .filter((id) => thorough || cache.get(id) === undefined);
    const loaded = new Map<string, CaseDoc | null>();
    await pMap(toLoad, async (id) => { loaded.set(id, await store.load(id)); }, { concurrency: 8 });

    const recordedAt = now().toISOString();
    /** This batch's view: caseId → document after the commands decided so far. */
    const working = new Map<string, CaseDoc | null>();
    const written = new Map<string, { doc: CaseDoc; isNew: boolean }>();
    const verdicts = new Map<string, CommandResultDoc>();
    /**
     * The writes whose events go out, keyed by their first event: an outbox relayed again (a write
     * made before) or this batch's write of a case.
     */
    const outboxes = new Map<string, Envelope[]>();
    const relayOf = (outbox: Envelope[]) => { if (outbox.length > 0) outboxes.set(outbox[0]!.id, outbox); };
    /** caseId → the outbox of its stored document, archived to the audit trail before the document is replaced. */
    const previous = new Map<string, Envelope[]>();
    const commandsOut: Envelope[] = [];
    /** Intake records the batch's events cause (reports opened on leads). */
    const recordsOut: { key: string; value: Envelope }[] = [];
    /** caseId → the document as this batch leaves it (new, changed or as stored). */
    const latest = new Map<string, CaseDoc>();
    for (const cmd of commands) {
      const current = working.has(cmd.caseId) ? working.get(cmd.caseId)!
        : loaded.has(cmd.caseId) ? loaded.get(cmd.caseId)! : cache.get(cmd.caseId)?.doc ?? null;
      const decision = applyCommand(domain, current, cmd, recordedAt);
      for (const v of decision.verdicts) if (!verdicts.has(v._id)) verdicts.set(v._id, v);
      if (decision.doc) {
        if (current && !written.has(cmd.caseId)) previous.set(cmd.caseId, current.outbox);
        const before = written.get(cmd.caseId);
        // The outbox holds every event of this write, not only the last command's.
        const doc = before ? { ...decision.doc, outbox: [...before.doc.outbox, ...decision.doc.outbox] } : decision.doc;
        written.set(cmd.caseId, { doc, isNew: before?.isNew ?? current === null });
        working.set(cmd.caseId, doc);
        latest.set(cmd.caseId, doc);
        commandsOut.push(...followUps(decision.relay, doc.registration));
        recordsOut.push(...leadRecords(decision.relay, doc));
      } else if (decision.duplicate && current) {
        relayOf(current.outbox);
        latest.set(cmd.caseId, current);
        commandsOut.push(...followUps(decision.relay, current.registration));
        recordsOut.push(...leadRecords(decision.relay, current));
      }
    }

    for (const w of written.values()) relayOf(w.doc.outbox);
    const relay = [...outboxes.values()].flat();

    try {
      const docs = [...written.values()];
      // New cases go in at once; a changed case's previous write reaches the audit trail before
      // its outbox is overwritten.
      const [alreadyStored] = await Promise.all([
        store.insertNew(docs.filter((w) => w.isNew).map((w) => w.doc)),
        store.storeEvents([...previous.values()]).then(() => store.replaceAll(docs.filter((w) => !w.isNew).map((w) => w.doc))),
      ]);
      if (alreadyStored.length > 0) {
        throw new UnavailableError(`cases ${alreadyStored.slice(0, 3).join(', ')}${alreadyStored.length > 3 ? '…' : ''} were already stored (a redelivery); retrying with reads`);
      }
      await store.recordResults([...verdicts.values()]);
      await sendJsonBatch(deps.producer, [
        { topic: deps.topics.caseEvents, messages: relay.map((e) => ({ key: e.caseId, value: withSnapshot(e, latest.get(e.caseId)) })) },
        { topic: deps.topics.caseCommands, messages: commandsOut.map((c) => ({ key: c.caseId, value: c })) },
        { topic: deps.topics.intakeRecords, messages: recordsOut },
      ]);
    } catch (error) {
      // Part of the write may have landed: the retry reads every case and recognises what was applied.
      careful.add(partition);
      for (const cmd of commands) cache.delete(cmd.caseId);
      throw error;
    }
    for (const [id, doc] of loaded) cache.set(id, { doc });
    for (const [id, w] of written) cache.set(id, { doc: w.doc });
    deps.logger.debug({ partition, commands: commands.length, written: written.size, events: relay.length }, 'batch applied');
  };

  /** Decides and writes `commands`; a write refused for good is retried command by command, and the culprits become dead letters. */
  const decideOrSplit = async (partition: number, commands: { cmd: Envelope; message: KafkaMessage }[], deadLetters: BatchOutcome['deadLetters']) => {
    try {
      await decideAndWrite(partition, commands.map((c) => c.cmd));
    } catch (error) {
      if (isRetriable(error)) throw error;
      // A write refused for good (bad data, not a lost connection): find the commands that cause it
      // one at a time, dead-letter those, keep the rest. Retriable failures still retry the batch.
      deps.logger.warn({ err: error, partition, commands: commands.length }, 'batch write refused; applying its commands one at a time');
      for (const { cmd, message } of commands) {
        try {
          await decideAndWrite(partition, [cmd]);
        } catch (single) {
          if (isRetriable(single)) throw single;
          deadLetters.push({ message, error: single });
        }
      }
    }
  };

  const handleBatch = async (batch: BatchContext): Promise<BatchOutcome> => {
    const deadLetters: BatchOutcome['deadLetters'] = [];
    const commands: { cmd: Envelope; message: KafkaMessage }[] = [];
    for (const message of batch.messages) {
      try {
        commands.push({ cmd: parseCommand(message.value), message });
      } catch (error) {
        deadLetters.push({ message, error });
      }
    }
    // Bulk commands go in slices, each waiting for its turn, so a live command on the same
    // partition waits for one slice at most.
    const bulk = batch.topic === deps.bulkTopic;
    for (let i = 0; i < commands.length; i += bulk ? BULK_SLICE : commands.length) {
      const slice = bulk ? commands.slice(i, i + BULK_SLICE) : commands;
      await lanes.run(batch.partition, bulk, () => decideOrSplit(batch.partition, slice, deadLetters));
      // A redelivered backlog (after a restart) can take longer than the session timeout: kafkajs
      // heartbeats only between batches, so without this the group drops the member mid-batch,
      // the batch is never committed and comes back again, for ever. (Throttled by kafkajs.)
      await batch.heartbeat();
    }
    // Only now: a failure in a later slice redelivers the earlier ones too (stored already).
    careful.delete(batch.partition);
    return { deadLetters };
  };

  return {
    handleBatch,
    /** Partitions may have moved: what this process cached about them is no longer its to trust. */
    invalidate: () => cache.clear(),
  };
}

import {
  AppError, ValidationError, sendJson, type Logger, type MessageContext, type Producer,
} from '@cw/platform';
import { type TopicNames, type Actor, type CaseDoc, type CaseRegistration, type CommandResultDoc, type Envelope } from '@cw/contracts';
import type { CaseStore } from '../persistence/case-store.js';

/** What the handler needs of the pure domain (decide/evolve and the read projection). */
export interface WorkflowDomain<S> {
  /** The state of a case before its first event. */
  initial(caseId: string): S;
  /** Throws a ValidationError when the payload breaks its schema. */
  validateCommand(type: string, data: unknown): void;
  /** The events a command produces; throws RuleViolationError when the state machine refuses it. */
  decide(command: { type: string; data: unknown }, state: S, ctx: { now: string; actor: Actor }): { type: string; data: unknown }[];
  evolve(state: S, event: Envelope): S;
  /** The query fields of the case document. */
  project(state: S, nowIso: string): Pick<CaseDoc, 'status' | 'category' | 'district' | 'queue' | 'assignee' | 'deadlines' | 'nextDueDate' | 'routing'>;
}

/**
 * Commands one case's events cause on another (a process manager in miniature): a report merged
 * into an earlier case makes that case absorb it. Ids are derived from the event, so a repeated
 * relay repeats the same command and the workflow dedupes it.
 */
export function followUps(events: Envelope[], registration: Pick<CaseRegistration, 'receivedAt'>): Envelope[] {
  return events.filter((e) => e.type === 'ReportMerged').map((e) => {
    const into = (e.data as { intoCaseId: string }).intoCaseId;
    return {
      id: `absorb:${e.id}`, type: 'AbsorbMergedReport', version: 1, caseId: into,
      occurredAt: e.occurredAt, recordedAt: e.recordedAt, correlationId: e.correlationId, causationId: e.id,
      actor: { id: 'workflow', role: 'system' }, source: 'workflow',
      data: { mergedCaseId: e.caseId, latestReceivedAt: registration.receivedAt },
    };
  });
}

/**
 * An imported case's past steps (on its registration) are applied, all or none, in the same write
 * as its first routing (accepting needs a queue). Their verdict is stored under this command id,
 * which the import watches: `history:<caseId>`. A `ReplayHistory` command does the same for a case
 * routed without it (none today; kept so a stuck import can be retried by hand).
 */
export const REPLAY_HISTORY = 'ReplayHistory';
export const historyCommandId = (caseId: string) => `history:${caseId}`;

function parseCommand(raw: Buffer | null): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw new ValidationError('Command is not valid JSON', [{ pointer: '/', rule: 'json', message: 'not valid JSON' }]);
  }
  const c = value as Partial<Envelope>;
  const details = (['id', 'type', 'caseId', 'occurredAt', 'correlationId'] as const)
    .filter((k) => typeof c?.[k] !== 'string' || c[k] === '')
    .map((k) => ({ pointer: `/${k}`, rule: 'required', message: `${k} must be a non-empty string` }));
  if (!c?.actor || typeof c.actor !== 'object') details.push({ pointer: '/actor', rule: 'required', message: 'actor is required' });
  if (details.length > 0) throw new ValidationError('Command envelope is invalid', details);
  return c as Envelope;
}

/**
 * The single writer: one command → verdict, events in the case's outbox, relay to `case.events`.
 * Every step is idempotent, so redelivery after a crash at any point neither loses nor doubles.
 */
export function createCaseCommandHandler<S>(deps: { store: CaseStore; producer: Producer; topics: TopicNames; domain: WorkflowDomain<S>; logger: Logger; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { store, domain } = deps;

  const relay = async (doc: Pick<CaseDoc, '_id' | 'version' | 'outbox' | 'registration'>) => {
    if (doc.outbox.length === 0) return;
    await store.storeEvents(doc.outbox);
    await sendJson(deps.producer, deps.topics.caseEvents, doc.outbox.map((e) => ({ key: e.caseId, value: e })));
    const next = followUps(doc.outbox, doc.registration);
    if (next.length > 0) await sendJson(deps.producer, deps.topics.caseCommands, next.map((c) => ({ key: c.caseId, value: c })));
    await store.clearOutbox(doc._id);
  };

  const verdict = (cmd: Envelope, status: CommandResultDoc['status'], version: number, error?: AppError): CommandResultDoc => ({
    _id: cmd.id, caseId: cmd.caseId, type: cmd.type, status, version, recordedAt: now(),
    ...(error ? { code: error.code, reason: error.message } : {}),
  });

  const recordHistoryVerdict = (cmd: Envelope, version: number, refusal?: AppError) => {
    const replay = { ...cmd, id: historyCommandId(cmd.caseId), type: REPLAY_HISTORY };
    return store.recordResult(refusal ? verdict(replay, 'rejected', version, refusal) : verdict(replay, 'applied', version));
  };

  const handle = async (ctx: MessageContext): Promise<void> => {
    const cmd = parseCommand(ctx.message.value);
    const log = ctx.logger.child({ caseId: cmd.caseId, commandId: cmd.id, type: cmd.type });
    const doc = await store.load(cmd.caseId);

    if (doc?.processed.includes(cmd.id)) {
      // Applied before a crash or redelivered: make sure its verdict and events went out.
      await store.recordResult(verdict(cmd, 'applied', doc.version));
      if (cmd.type === 'RouteCase' && doc.historyPending === false) {
        await recordHistoryVerdict(cmd, doc.version, doc.historyRefused ? new AppError(doc.historyRefused.reason, { code: doc.historyRefused.code, httpStatus: 422 }) : undefined);
      }
      await relay(doc);
      return;
    }
    // A redelivered command that was refused is simply decided again: every change to a case bumps
    // its version, so it meets the same state and gets the same verdict (the first one stored stands).

    const version = doc?.version ?? 0;
    // What to decide: the command itself, or for ReplayHistory each imported step at its own time.
    const recordedAt = now().toISOString();
    const events: Envelope[] = [];
    let state = (doc?.state as S | undefined) ?? domain.initial(cmd.caseId);
    let history: 'applied' | AppError | undefined;
    try {
      if (!doc && cmd.type !== 'RegisterCase') throw new AppError(`No case ${cmd.caseId}`, { code: 'CASE_NOT_FOUND', httpStatus: 404 });
      if (doc && cmd.type === 'RegisterCase') throw new AppError(`Case ${cmd.caseId} is already registered`, { code: 'ALREADY_REGISTERED', httpStatus: 409 });
      if (typeof cmd.caseVersion === 'number' && cmd.caseVersion !== version) {
        await store.recordResult(verdict(cmd, 'conflict', version, new AppError(
          `Expected version ${cmd.caseVersion} but the case is at version ${version}`, { code: 'VERSION_CONFLICT', httpStatus: 409 })));
        log.info({ expected: cmd.caseVersion, actual: version }, 'version conflict');
        return;
      }
      type Step = { type: string; data: unknown; occurredAt: string; causationId: string };
      const decideAll = (steps: Step[], from: S, at: number, label: (j: number, type: string) => string | null) => {
        let st = from;
        const out: Envelope[] = [];
        for (const [j, step] of steps.entries()) {
          try {
            domain.validateCommand(step.type, step.data);
            // The decision takes the step's own time, so imports and replays keep their original dates.
            for (const e of domain.decide({ type: step.type, data: step.data }, st, { now: step.occurredAt, actor: cmd.actor })) {
              at += 1;
              const event: Envelope = {
                id: `${cmd.caseId}:${at}`, type: e.type, version: 1, caseId: cmd.caseId, caseVersion: at,
                occurredAt: step.occurredAt, recordedAt, correlationId: cmd.correlationId, causationId: step.causationId,
                actor: cmd.actor, source: 'workflow', data: e.data,
              };
              out.push(event);
              st = domain.evolve(st, event);
            }
          } catch (error) {
            const prefix = label(j, step.type);
            if (prefix !== null && error instanceof AppError && !error.retriable) {
              throw new AppError(`${prefix}: ${error.message}`, { code: error.code, httpStatus: error.httpStatus });
            }
            throw error;
          }
        }
        return { state: st, events: out };
      };
      // An imported case's first routing is dated at its receipt, so its timeline reads in order
      // (the old system routed it then; its past steps follow with their own dates).
      const ownAt = doc?.historyPending === true && cmd.type === 'RouteCase' ? doc.registration.receivedAt : cmd.occurredAt;
      const own = cmd.type === REPLAY_HISTORY ? { state, events: [] as Envelope[] }
        : decideAll([{ type: cmd.type, data: cmd.data, occurredAt: ownAt, causationId: cmd.id }], state, version, () => null);
      state = own.state;
      events.push(...own.events);
      if (doc?.historyPending === true && (cmd.type === 'RouteCase' || cmd.type === REPLAY_HISTORY)) {
        const steps = (doc.registration.history ?? []).map((h, j) => ({ ...h, causationId: `${historyCommandId(cmd.caseId)}:${j + 1}` }));
        try {
          const past = decideAll(steps, state, version + events.length, (j, type) => `history step ${j + 1} (${type})`);
          state = past.state;
          events.push(...past.events);
          history = 'applied';
        } catch (error) {
          if (!(error instanceof AppError) || error.retriable || cmd.type === REPLAY_HISTORY) throw error;
          // The routing stands; the case stays open with its original dates and the import lists why.
          history = error;
        }
      }
    } catch (error) {
      if (error instanceof AppError && !error.retriable) {
        await store.recordResult(verdict(cmd, 'rejected', version, error));
        log.info({ code: error.code }, 'command refused');
        return;
      }
      throw error;
    }

    const newVersion = version + events.length;
    const projection = domain.project(state, recordedAt);

    if (!doc) {
      const reg = cmd.data as CaseRegistration;
      const created: CaseDoc = {
        _id: cmd.caseId, version: newVersion, caseNo: reg.caseNo, kind: reg.kind, channel: reg.channel, ruleSet: reg.ruleSet,
        registration: reg, receivedAtDate: new Date(reg.receivedAt), updatedAt: new Date(recordedAt),
        ...projection, state, outbox: events, hasOutbox: true, processed: [cmd.id],
        ...((reg.history?.length ?? 0) > 0 ? { historyPending: true } : {}),
      };
      if (!(await store.insert(created))) throw new AppError(`case ${cmd.caseId} appeared concurrently; retrying`, { code: 'RACE', httpStatus: 503, retriable: true });
      await store.recordResult(verdict(cmd, 'applied', newVersion));
      await relay(created);
    } else {
      await store.append(cmd.caseId, version, {
        ...projection, state, version: newVersion, updatedAt: new Date(recordedAt), ...(history !== undefined ? { historyPending: false, ...(history === 'applied' ? {} : { historyRefused: { code: history.code, reason: history.message } }) } : {}),
      } as Partial<CaseDoc>, events, cmd.id);
      await store.recordResult(verdict(cmd, 'applied', newVersion));
      if (history !== undefined && cmd.type !== REPLAY_HISTORY) await recordHistoryVerdict(cmd, newVersion, history === 'applied' ? undefined : history);
      await relay({ _id: cmd.caseId, version: newVersion, outbox: [...doc.outbox, ...events], registration: doc.registration });
    }
    log.debug({ version: newVersion, events: events.map((e) => e.type) }, 'applied');
  };

  /** Relays every outbox left behind by a crash. */
  const sweep = async () => {
    for (const doc of await store.pendingOutboxes()) await relay(doc);
  };

  return { handle, sweep };
}

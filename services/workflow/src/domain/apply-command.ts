/**
 * The single writer's decision as one pure function: a case document (or none) and a command in,
 * the verdicts, the events and the next document out. No I/O: the handler batches around it.
 */
import { AppError, VersionConflictError } from '@cw/errors';
import { SYSTEM_ACTOR, commandEnvelope, commandIds, eventEnvelope, leadSourceKey, storesVerdict, type EventData, type LeadRecord, type EventType, type Actor, type CaseDoc, type CaseRegistration, type CaseRouting, type CommandResultDoc, type Envelope } from '@cw/contracts';

/** What the decision needs of the pure domain (decide/evolve and the read projection). */
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
 * An imported case's past steps (on its registration) are applied, all or none, with its first
 * routing (accepting needs a queue). The case document records the outcome (`historyPending`,
 * `historyRefused`); the import reads it as the verdict of this command id (`verdictFromCase`).
 */
export const historyCommandId = commandIds.history;

/**
 * Commands one case's events cause on another (a process manager in miniature): a report merged
 * into an earlier case makes that case absorb it. Ids are derived from the event, so a repeated
 * relay repeats the same command and the workflow dedupes it.
 */
export function followUps(events: Envelope[], registration: Pick<CaseRegistration, 'receivedAt'>): Envelope[] {
  return events.filter((e) => e.type === 'ReportMerged').map((e) => {
    const into = (e.data as { intoCaseId: string }).intoCaseId;
    return commandEnvelope({
      id: `absorb:${e.id}`, type: 'AbsorbMergedReport', caseId: into,
      occurredAt: e.occurredAt, recordedAt: e.recordedAt, correlationId: e.correlationId, causationId: e.id,
      actor: SYSTEM_ACTOR('workflow'), source: 'workflow',
      data: { mergedCaseId: e.caseId, latestReceivedAt: registration.receivedAt },
    });
  });
}

/**
 * Intake records one case's events cause: a lead found during mediation becomes a report, which
 * intake numbers, routes and registers like any record. The message id derives from the event, and
 * the report's id from the complaint and the lead's number, so a repeated relay registers nothing twice.
 */
export function leadRecords(events: Envelope[], doc: Pick<CaseDoc, 'caseNo' | 'registration' | 'category'>): { key: string; value: Envelope }[] {
  return events.filter((e) => e.type === 'LeadFound').map((e) => {
    const { leadNo, facts, at } = e.data as EventData<'LeadFound'>;
    const record: LeadRecord = {
      lead: { fromCaseId: e.caseId, fromCaseNo: doc.caseNo, leadNo, discoveredAt: at },
      business: doc.registration.business,
      // The case's category came from CaseRouted, whose schema holds it to the category codes.
      ...(doc.category === undefined ? {} : { category: doc.category as LeadRecord['category'] }),
      facts,
    };
    return {
      key: leadSourceKey(e.caseId, leadNo),
      value: { type: 'LeadRecord', version: 1, id: `lead:${e.id}`, source: 'workflow', data: record } as unknown as Envelope,
    };
  });
}

export interface Decision {
  /**
   * Verdicts to store: a command people send, and any refusal. An applied system command has none
   * (nobody waits for it; a registration and an imported history are read from the case document).
   */
  verdicts: CommandResultDoc[];
  /** The document to write, or null when nothing changes (a refusal, a conflict). */
  doc: CaseDoc | null;
  /**
   * Events to relay to `case.events`. For a command applied before (a redelivery after a crash)
   * these are the events of the document's last write, relayed again: consumers dedupe by
   * `(caseId, caseVersion)`.
   */
  relay: Envelope[];
  /** True when the command had been applied before. */
  duplicate: boolean;
}

type Step = { type: string; data: unknown; occurredAt: string; causationId: string };

/**
 * A registration of a 12345 order that is already a case, dispatched at another time: the hotline
 * dispatched it again (after a return). Its key names the dispatch, so a redelivery is a duplicate.
 */
function redispatchOf(doc: CaseDoc | null, cmd: Envelope): { id: string; data: { dispatchedAt: string; replyDueAt?: string } } | null {
  if (!doc || cmd.type !== 'RegisterCase') return null;
  const r = cmd.data as Partial<CaseRegistration>;
  if (r.workOrder === undefined || typeof r.receivedAt !== 'string' || Date.parse(r.receivedAt) === Date.parse(doc.registration.receivedAt)) return null;
  return {
    id: `${cmd.id}@${new Date(r.receivedAt).toISOString()}`,
    data: { dispatchedAt: r.receivedAt, ...(r.workOrder.replyDueAt === undefined ? {} : { replyDueAt: r.workOrder.replyDueAt }) },
  };
}

/**
 * Decides one command against a case document. `recordedAt` is the writer's clock; each decision
 * takes the step's own time (`occurredAt`), so imports keep their original dates.
 */
export function applyCommand<S>(domain: WorkflowDomain<S>, doc: CaseDoc | null, cmd: Envelope, recordedAt: string): Decision {
  const verdicts = (status: CommandResultDoc['status'], version: number, error?: AppError): CommandResultDoc[] => {
    const v: CommandResultDoc = {
      _id: cmd.id, caseId: cmd.caseId, type: cmd.type, status, version, recordedAt: new Date(recordedAt),
      ...(error ? { code: error.code, reason: error.message } : {}),
    };
    return storesVerdict(v) ? [v] : [];
  };

  // A 12345 order dispatched again has the registration's id (intake derives it from the order
  // number) but a later dispatch: it is a re-dispatch, deduped by its own key.
  const redispatch = redispatchOf(doc, cmd);
  const processedId = redispatch?.id ?? cmd.id;
  if (doc?.processed.includes(processedId)) {
    // Applied before a crash or redelivered: its verdict and events go out again (both idempotent).
    return { verdicts: verdicts('applied', doc.version), doc: null, relay: doc.outbox, duplicate: true };
  }
  // A redelivered command that was refused is simply decided again: every change to a case bumps
  // its version, so it meets the same state and gets the same verdict (the first one stored stands).
  const version = doc?.version ?? 0;
  const refuse = (error: AppError, status: CommandResultDoc['status'] = 'rejected'): Decision =>
    ({ verdicts: verdicts(status, version, error), doc: null, relay: [], duplicate: false });

  if (!doc && cmd.type !== 'RegisterCase') return refuse(new AppError(`No case ${cmd.caseId}`, { code: 'CASE_NOT_FOUND', httpStatus: 404 }));
  if (doc && cmd.type === 'RegisterCase' && !redispatch) return refuse(new AppError(`Case ${cmd.caseId} is already registered`, { code: 'ALREADY_REGISTERED', httpStatus: 409 }));
  // (A re-dispatch carries the registration's version 0: it applies to whatever version the case is at.)
  if (!redispatch && typeof cmd.caseVersion === 'number' && cmd.caseVersion !== version) {
    return refuse(new VersionConflictError(`Expected version ${cmd.caseVersion} but the case is at version ${version}`, { expectedVersion: cmd.caseVersion, actualVersion: version }), 'conflict');
  }

  const decideAll = (steps: Step[], from: S, at: number, label: (j: number, type: string) => string | null) => {
    let st = from;
    const out: Envelope[] = [];
    for (const [j, step] of steps.entries()) {
      try {
        domain.validateCommand(step.type, step.data);
        for (const e of domain.decide({ type: step.type, data: step.data }, st, { now: step.occurredAt, actor: cmd.actor })) {
          at += 1;
          const event: Envelope = eventEnvelope({
            id: `${cmd.caseId}:${at}`, type: e.type as EventType, caseId: cmd.caseId, caseVersion: at,
            occurredAt: step.occurredAt, recordedAt, correlationId: cmd.correlationId, causationId: step.causationId,
            actor: cmd.actor, source: 'workflow', data: e.data,
          });
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

  let state = (doc?.state as S | undefined) ?? domain.initial(cmd.caseId);
  const events: Envelope[] = [];
  let history: 'applied' | AppError | undefined;
  try {
    // Routing decided at registration (intake) is applied with it, dated at receipt.
    const registration = cmd.type === 'RegisterCase' && !redispatch ? (cmd.data as CaseRegistration & { routing?: CaseRouting }) : undefined;
    const steps: Step[] = [redispatch
      ? { type: 'RedispatchOrder', data: redispatch.data, occurredAt: cmd.occurredAt, causationId: cmd.id }
      : { type: cmd.type, data: cmd.data, occurredAt: cmd.occurredAt, causationId: cmd.id }];
    if (registration?.routing) steps.push({ type: 'RouteCase', data: registration.routing, occurredAt: registration.receivedAt, causationId: cmd.id });
    // An imported case's first routing is dated at its receipt, so its timeline reads in order
    // (the old system routed it then; its past steps follow with their own dates).
    if (doc?.historyPending === true && cmd.type === 'RouteCase') steps[0]!.occurredAt = doc.registration.receivedAt;
    const own = decideAll(steps, state, version, () => null);
    state = own.state;
    events.push(...own.events);
    const pending = registration ? (registration.routing ? registration.history ?? [] : [])
      : doc?.historyPending === true && cmd.type === 'RouteCase' ? doc.registration.history ?? [] : [];
    if (pending.length > 0) {
      const past = pending.map((h, j) => ({ ...h, causationId: `${historyCommandId(cmd.caseId)}:${j + 1}` }));
      try {
        const replayed = decideAll(past, state, version + events.length, (j, type) => `history step ${j + 1} (${type})`);
        state = replayed.state;
        events.push(...replayed.events);
        history = 'applied';
      } catch (error) {
        if (!(error instanceof AppError) || error.retriable) throw error;
        // The routing stands; the case stays open with its original dates and the import lists why.
        history = error;
      }
    }
  } catch (error) {
    if (error instanceof AppError && !error.retriable) return refuse(error);
    throw error;
  }

  const newVersion = version + events.length;
  const projection = domain.project(state, recordedAt);
  const historyFields = history === undefined ? {}
    : { historyPending: false, ...(history === 'applied' ? {} : { historyRefused: { code: history.code, reason: history.message } }) };
  let next: CaseDoc;
  if (!doc) {
    const { routing: _routing, ...reg } = cmd.data as CaseRegistration & { routing?: CaseRouting };
    next = {
      _id: cmd.caseId, version: newVersion, caseNo: reg.caseNo, kind: reg.kind, channel: reg.channel, ruleSet: reg.ruleSet,
      registration: reg, receivedAtDate: new Date(reg.receivedAt), updatedAt: new Date(recordedAt),
      ...projection, state, outbox: events, processed: [cmd.id],
      ...((reg.history?.length ?? 0) > 0 ? { historyPending: true } : {}),
      ...historyFields,
    };
  } else {
    const { category: _c, district: _d, queue: _q, assignee: _a, deadlines: _dl, nextDueDate: _n, routing: _r, ...kept } = doc;
    next = {
      ...kept, ...projection, state, version: newVersion, updatedAt: new Date(recordedAt),
      outbox: events, processed: [...doc.processed, processedId], ...historyFields,
    };
  }
  // Projection fields that no longer apply (a released assignee, no running deadline) are absent.
  for (const k of Object.keys(next) as (keyof CaseDoc)[]) if (next[k] === undefined) delete next[k];
  return { verdicts: verdicts('applied', newVersion), doc: next, relay: events, duplicate: false };
}

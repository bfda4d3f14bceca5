import type { Envelope } from './envelope.js';

/** Collections shared between the writer (a service) and readers (the gateway). */
export const COLLECTIONS = {
  /** One document per case, written only by the workflow service. */
  cases: 'cases',
  /**
   * The audit trail: one document per write of a case, holding that write's events (`CaseEventsDoc`),
   * except the last write, whose events are the case document's outbox (`eventsOfCase`).
   */
  caseEvents: 'case_events',
  /** Verdicts on the commands someone waits for (people's commands, refusals), so the gateway can answer the caller (id = command id; see verdicts.ts). */
  commandResults: 'command_results',
  /** Blocks of case numbers claimed, one document per block (intake service). */
  caseNumbers: 'case_numbers',
  /** Hashed (phone, business) → recent complaint case numbers, for the operators' duplicate hint (intake service). */
  duplicateHints: 'duplicate_hints',
  /** One document per import sent over HTTP: its cases, so its progress can be read (gateway). */
  imports: 'imports',
} as const;

/** An import sent over HTTP (`POST /api/v1/imports`): what it holds, for `GET /api/v1/imports/:importId`. */
export interface ImportDoc {
  _id: string;
  createdAt: Date;
  /** Who sent it (user id). */
  by: string;
  records: number;
  cases: { caseId: string; sourceRef: string; kind: string }[];
}

/** Idempotency key of a source record: the source system plus its own reference. */
export const intakeKey = (system: '12315' | '12345' | 'lead', ref: string) => `${system}:${ref}`;

/** Verdict on one command. */
export interface CommandResultDoc {
  _id: string;
  caseId: string;
  type: string;
  status: 'applied' | 'conflict' | 'rejected';
  version: number;
  code?: string;
  reason?: string;
  recordedAt: Date;
}

/**
 * One clock of a case as the workflow publishes it (`CaseDoc.deadlines`, and on events in the
 * snapshot): what sla plans its timers from and what the consoles show. The flags are absent on
 * documents written before they were published; readers fall back on `state`.
 */
export interface DeadlineView {
  due: string;
  /** running, provisional, paused, met or missed (done late, or not done and past due). */
  state: string;
  /** The act the clock waits for happened (or the case closed). */
  completed?: boolean;
  /** Stopped now by a pause not yet resumed. */
  paused?: boolean;
  /** A deadline warning was recorded for this clock. */
  warned?: boolean;
  /** A deadline miss was recorded for this clock (sla's RecordDeadlineMiss applied). */
  missRecorded?: boolean;
}

/**
 * What the consumers of `case.events` need of a case after a write: carried on the write's last
 * event (`Envelope.after`), not stored with the audit trail.
 */
export interface CaseSnapshot {
  version: number;
  status: string;
  district: string | null;
  assignee: string | null;
  /** `CaseDoc.deadlines`: each clock as published. */
  deadlines: Record<string, DeadlineView>;
  historyPending: boolean;
}

export function snapshotOf(doc: CaseDoc): CaseSnapshot {
  return {
    version: doc.version,
    status: doc.status,
    district: doc.district ?? null,
    assignee: doc.assignee ?? null,
    deadlines: doc.deadlines ?? {},
    historyPending: doc.historyPending === true,
  };
}

/**
 * The case document (collection `cases`), defined below. `state` belongs to the workflow service
 * alone; the top-level fields are its projection for queries, the read API and the other services.
 */

/**
 * One write of one case in the audit trail: the events it produced, in order. The id is its first
 * event's id (`caseId:version`), so a relay repeated after a crash stores nothing new.
 * (Versions before decision 0017 stored one document per event, the event itself: readers take
 * `events ?? [doc]` and keep one event per `caseVersion`.)
 */
export interface CaseEventsDoc {
  _id: string;
  caseId: string;
  fromVersion: number;
  toVersion: number;
  events: Envelope[];
}

/** The audit document of a write's events (all of one case, in version order). */
export function caseEventsDoc(events: Envelope[]): CaseEventsDoc {
  const first = events[0]!;
  return { _id: first.id, caseId: first.caseId, fromVersion: first.caseVersion!, toVersion: events[events.length - 1]!.caseVersion!, events };
}

/**
 * A case's whole history: its audit documents (every write before the last) and the outbox of its
 * document (the last write), in version order, one per version.
 */
export function eventsOfCase(doc: Pick<CaseDoc, 'outbox'>, auditDocs: readonly Record<string, unknown>[]): Envelope[] {
  return eventsOfAudit([...auditDocs, { events: doc.outbox ?? [] }]);
}

/** A case's events from its audit documents, in version order, one per version (any stored shape). */
export function eventsOfAudit(docs: readonly Record<string, unknown>[]): Envelope[] {
  const byVersion = new Map<number, Envelope>();
  for (const d of docs) {
    const events = Array.isArray(d.events) ? d.events as Envelope[] : [{ ...d, id: (d.id ?? d._id) as string } as unknown as Envelope];
    for (const e of events) if (!byVersion.has(e.caseVersion!)) byVersion.set(e.caseVersion!, e);
  }
  return [...byVersion.values()].sort((a, b) => a.caseVersion! - b.caseVersion!);
}

/**
 * A command a case accepts now, and who may give it: `anyone` who may send commands, its
 * `assignee` (or an override role), or an `approver` (an approver role, not the assignee).
 */
export interface CaseAction {
  type: import('./messages/index.js').PublicCommandType;
  by: 'anyone' | 'assignee' | 'approver';
}

export interface CaseDoc {
  _id: string;
  version: number;
  caseNo: string;
  kind: 'complaint' | 'report' | 'work-order';
  channel: string;
  status: string;
  ruleSet: 'SAMR-20' | 'SAMR-121';
  category?: string;
  district?: string;
  queue?: string;
  assignee?: string;
  registration: import('./case.js').CaseRegistration;
  routing?: { category: { ruleId: string; matched: string[] }; jurisdiction: { ruleId: string; matched: string[] }; configVersion: string };
  deadlines?: Record<string, DeadlineView>;
  /** Nearest running deadline (YYYY-MM-DD), for queue order. */
  nextDueDate?: string;
  receivedAtDate: Date;
  updatedAt: Date;
  state: unknown;
  /** The events of the document's last write, relayed again if a crash interrupted their relay. */
  outbox: import('./envelope.js').Envelope[];
  /** An imported case whose past steps are not replayed yet (sla plans no timers for it meanwhile). */
  historyPending?: boolean;
  /** Why its imported steps were refused (the routing stands; the case stays open). */
  historyRefused?: { code: string; reason: string };
  /** Ids of commands already applied (dedupe under redelivery). */
  processed: string[];
  /**
   * The commands people may send now (from the transition table, decision 0021). Absent on
   * documents written before it was published, until their next write.
   */
  actions?: CaseAction[];
}

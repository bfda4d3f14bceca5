/** Collections shared between the writer (a service) and readers (the gateway). */
export const COLLECTIONS = {
  /** One document per case, written only by the workflow service. */
  cases: 'cases',
  /** The audit trail: every case event, written by the workflow relay (id = event id). */
  caseEvents: 'case_events',
  /** Verdicts on commands, so the gateway can answer the caller (id = command id). */
  commandResults: 'command_results',
  /** Blocks of case numbers claimed, one document per block (intake service). */
  caseNumbers: 'case_numbers',
  /** Hashed (phone, business) → recent complaint case numbers, for the operators' duplicate hint (intake service). */
  duplicateHints: 'duplicate_hints',
} as const;

/** Idempotency key of a source record: the source system plus its own reference. */
export const intakeKey = (system: '12315' | '12345', ref: string) => `${system}:${ref}`;

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
 * The case document (collection `cases`). `state` belongs to the workflow service; the top-level
 * fields are its projection for queries and the read API.
 */
/**
 * What the consumers of `case.events` need of a case after a write: carried on the write's last
 * event (`Envelope.after`), not stored with the audit trail.
 */
export interface CaseSnapshot {
  version: number;
  status: string;
  district: string | null;
  assignee: string | null;
  /** `CaseDoc.deadlines`: due date and state per clock. */
  deadlines: Record<string, { due: string; state: string }>;
  /** The workflow's clock facts (`state.clocks`: completed, warned, missed, pauses). */
  clocks: unknown;
  historyPending: boolean;
}

export function snapshotOf(doc: CaseDoc): CaseSnapshot {
  const state = doc.state as { clocks?: unknown } | null | undefined;
  return {
    version: doc.version,
    status: doc.status,
    district: doc.district ?? null,
    assignee: doc.assignee ?? null,
    deadlines: doc.deadlines ?? {},
    clocks: state?.clocks ?? null,
    historyPending: doc.historyPending === true,
  };
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
  deadlines?: Record<string, { due: string; state: string }>;
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
}

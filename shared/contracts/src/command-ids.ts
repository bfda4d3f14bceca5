/**
 * Ids of the commands the system sends itself. Each is derived from what caused it, so a
 * redelivered cause yields the same id and the workflow dedupes the repeat. Written once here:
 * the senders, the workflow and the import watcher must agree on them.
 */
export const commandIds = {
  /** Intake's registration of a case (one per case: the case id derives from the source record). */
  register: (caseId: string) => `register:${caseId}`,
  /** The router's routing of a registration that came without one. */
  route: (registeredEventId: string) => `route:${registeredEventId}`,
  /** The verdict on an imported case's past steps, applied with its registration. */
  history: (caseId: string) => `history:${caseId}`,
  /** A deadline warning or miss for one due date (a new due date after an extension is a new command). */
  deadline: (caseId: string, clock: string, kind: 'warn' | 'miss', due: string) => `sla:${caseId}:${clock}:${kind}:${due}`,
} as const;

/** The BullMQ queue of deadline timers (sla), one per deployment's prefix like its topics. */
export const DEADLINE_QUEUE = 'sla-deadlines';
export const deadlineQueueName = (prefix: string, queue: string = DEADLINE_QUEUE) => `${prefix}${queue}`;

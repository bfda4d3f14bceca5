import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Instant } from './common.js';

export const Actor = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: 'User id, API key id or service name' }),
  role: Type.String({ minLength: 1, maxLength: 40, description: 'operator, mediator, enforcement, supervisor, council, admin or system' }),
}, { additionalProperties: false, description: 'Who caused the message' });
export type Actor = Static<typeof Actor>;

/**
 * The envelope of every command and event (ARCHITECTURE.md "Messages"). `occurredAt` is when it
 * happened in the world (imports carry old dates), `recordedAt` when the system learned it.
 */
export const envelopeOf = <T extends string, D extends TSchema>(type: T, data: D, version = 1) =>
  Type.Object({
    id: Type.String({ minLength: 1, maxLength: 120, description: 'Unique message id (dedupe key)' }),
    type: Type.Literal(type),
    version: Type.Literal(version, { description: 'Schema version of this message type (immutable)' }),
    caseId: Type.String({ minLength: 1, maxLength: 64, description: 'The case this is about (Kafka key)' }),
    caseVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'Events: the case version after this event. Commands: the version the sender expects' })),
    occurredAt: Instant('When it happened in the world'),
    recordedAt: Instant('When the system recorded it'),
    correlationId: Type.String({ minLength: 1, maxLength: 120, description: 'Id of the request or record that started this chain' }),
    causationId: Type.String({ minLength: 1, maxLength: 120, description: 'Id of the message that caused this one' }),
    actor: Actor,
    source: Type.String({ minLength: 1, maxLength: 40, description: 'Producing component' }),
    data,
  }, { additionalProperties: false });

/** The common shape of every message, whatever its type. */
export interface Envelope<T extends string = string, D = unknown> {
  id: string;
  type: T;
  version: number;
  caseId: string;
  caseVersion?: number;
  occurredAt: string;
  recordedAt: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  source: string;
  data: D;
  /**
   * Events only, on the last event of each workflow write: the case as that write left it, so
   * consumers (sla, the gateway's live queues) need not read the store (storage.ts `CaseSnapshot`).
   */
  after?: import('./storage.js').CaseSnapshot;
}

export const SYSTEM_ACTOR = (service: string): Actor => ({ id: service, role: 'system' });

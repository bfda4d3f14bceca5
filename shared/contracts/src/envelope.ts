import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ValidationError, type ErrorDetail } from '@cw/errors';
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

/** One decoder for every message (not one per call: this runs for every message consumed). */
const UTF8 = new TextDecoder();

/**
 * Parses a Kafka message value as JSON. A value that is missing or not JSON is poison: the error
 * is a ValidationError (non-retriable), so the consumer dead-letters the message and moves on.
 */
export function parseJsonValue(raw: Uint8Array | string | null | undefined, what = 'Message'): unknown {
  if (raw === null || raw === undefined) throw new ValidationError(`${what} has no value`, [{ pointer: '/', rule: 'required', message: 'message has no value' }]);
  const text = typeof raw === 'string' ? raw : UTF8.decode(raw);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`${what} is not valid JSON: ${(e as Error).message}`, [{ pointer: '/', rule: 'json', message: 'not valid JSON' }]);
  }
  // U+0000 can only arrive escaped: look for it only when the text holds the escape.
  if (text.includes('\\u0000')) assertNoNulCharacter(value, what);
  return value;
}

/**
 * Where in a parsed JSON value a string or a key first holds U+0000, as a JSON pointer. PostgreSQL's
 * jsonb, under FerretDB, cannot store that character (SQLSTATE 22P05): input holding it is refused
 * where it enters, naming the field, instead of failing at the store.
 */
export function nulCharacterAt(value: unknown): string | undefined {
  // Depth-first with a stack of its own: a hostile input may nest deeper than the call stack.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return at || '/';
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (key.includes('\0')) return here;
        stack.push([child, here]);
      }
    }
  }
  return undefined;
}

/** Throws a ValidationError naming the field if `value` holds U+0000 anywhere (see nulCharacterAt). */
export function assertNoNulCharacter(value: unknown, what: string): void {
  const pointer = nulCharacterAt(value);
  if (pointer !== undefined) {
    throw new ValidationError(`${what} holds the character U+0000 at ${pointer}`, [{ pointer, rule: 'no-nul-character', message: 'must not contain the character U+0000' }]);
  }
}

type EnvelopeText = 'id' | 'type' | 'caseId' | 'occurredAt' | 'recordedAt' | 'correlationId' | 'causationId' | 'source';

/**
 * Decodes a command or event from a Kafka message value: JSON, then the envelope fields the
 * consumer relies on. Every failure is a ValidationError naming the fields (a dead letter with
 * the reason, never a retry). The payload (`data`) is the consumer's to check against its schema.
 */
export function decodeEnvelope<E extends Envelope = Envelope>(raw: Uint8Array | string | null | undefined, opts: {
  what: string;
  /** Fields that must be non-empty strings. */
  require: readonly EnvelopeText[];
  /** `positive`: an event's version after it (≥ 1). */
  caseVersion?: 'positive';
  /** A command names who sent it. */
  actor?: boolean;
}): E {
  const e = parseJsonValue(raw, opts.what) as Partial<Envelope> | null;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) {
    throw new ValidationError(`${opts.what} envelope is invalid`, [{ pointer: '/', rule: 'type', message: 'must be an object' }]);
  }
  const details: ErrorDetail[] = opts.require
    .filter((k) => typeof e[k] !== 'string' || e[k] === '')
    .map((k) => ({ pointer: `/${k}`, rule: 'required', message: `${k} must be a non-empty string` }));
  if (opts.caseVersion === 'positive' && (!Number.isInteger(e.caseVersion) || (e.caseVersion ?? 0) < 1)) {
    details.push({ pointer: '/caseVersion', rule: 'required', message: 'caseVersion must be a positive integer' });
  }
  if (opts.actor && (typeof e.actor !== 'object' || e.actor === null)) details.push({ pointer: '/actor', rule: 'required', message: 'actor is required' });
  if (details.length > 0) throw new ValidationError(`${opts.what} envelope is invalid`, details);
  return e as E;
}

/**
 * The audit trail (issue 14 item 5): every state-changing request under /api and /admin and every
 * refused one (401, 403, and the 404 of a case outside one's districts) is recorded once its answer
 * is sent — who (id, role, key or session), when, what (method, the policy table's route, the
 * action: a case command's type, an intake, a user change), on which case, the outcome (applied,
 * pending, refused, failed, with the problem code) and, where a route says so, the fields it changed
 * (before → after). Never a body, never personal data: names, phones and narratives stay out; a
 * password change is recorded as `password: changed`.
 *
 * Append-only: this module only inserts, and the API only reads (`GET /api/v1/audit`, admins and
 * supervisors, JSON or `format=csv`). Ids sort by time (`<ISO instant>-<random>`).
 *
 * Partial: the entry is written right after the answer, so a gateway killed in those milliseconds
 * loses it (the case's own events still record every change); a failed write is retried three
 * times and then logged whole at error level.
 */
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Connection } from 'mongoose';
import { match } from 'path-to-regexp';
import type { Logger } from '@cw/platform';
import { policyFor } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';

export const AUDIT_COLLECTION = 'audit_log';

export interface FieldChange { field: string; before: unknown; after: unknown }

/** What a route adds to its request's entry (`res.locals.audit`). */
export interface AuditNote {
  action?: string;
  caseId?: string;
  caseIds?: string[];
  commandId?: string;
  target?: string;
  changes?: FieldChange[];
  /** The policy table's reason for a refusal made inside a route (e.g. case-out-of-scope). */
  refusal?: string;
  /** Why a person asked for it (a reveal of personal data): their words, never the data. */
  reason?: string;
}

export interface AuditEntry {
  _id: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  actorKind: 'user' | 'key' | null;
  method: string;
  route: string;
  action: string;
  caseId: string | null;
  caseIds?: string[];
  commandId?: string;
  target?: string;
  status: number;
  outcome: 'applied' | 'pending' | 'refused' | 'failed';
  code: string | null;
  changes?: FieldChange[];
  reason?: string;
  /** Login attempts: the name tried (a staff login, not personal data of the public). */
  attemptedUser?: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const REFUSALS = new Set([401, 403]);

const outcomeOf = (status: number): AuditEntry['outcome'] =>
  status === 202 ? 'pending' : status < 400 ? 'applied' : status >= 500 ? 'failed' : 'refused';

/** The fields worth showing before → after (only those that differ). */
export function changesBetween(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    const b = before?.[field] ?? null;
    const a = after?.[field] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field, before: b, after: a });
  }
  return out;
}

/** A path segment as sent: decoded when it can be, kept as is when it is not valid percent-encoding. */
const safeDecode = (segment: string) => { try { return decodeURIComponent(segment).slice(0, 200); } catch { return segment.slice(0, 200); } };

export const newAuditId = (at: Date) => `${at.toISOString()}-${randomBytes(5).toString('hex')}`;

/** The entry for one finished request, or null when it is not audited (a read that was answered). */
export function entryFor(req: Pick<Request, 'method' | 'originalUrl' | 'body'>, res: { statusCode: number; locals: Record<string, unknown> }, at = new Date()): AuditEntry | null {
  const note = (res.locals.audit ?? {}) as AuditNote;
  const path = new URL(req.originalUrl, 'http://gateway').pathname;
  const status = res.statusCode;
  const refusedRead = REFUSALS.has(status) || note.refusal !== undefined;
  if (SAFE.has(req.method) && !refusedRead) return null;
  const entry = policyFor(req.method, path);
  const route = entry?.path ?? path.slice(0, 200);
  const params = entry ? (match(entry.path, { decode: false })(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path) || { params: {} }).params as Record<string, unknown> : {};
  const p = res.locals.actor as Principal | undefined;
  const caseId = note.caseId ?? (typeof params.caseId === 'string' ? safeDecode(params.caseId) : null);
  const body = req.body as Record<string, unknown> | undefined;
  const out: AuditEntry = {
    _id: newAuditId(at),
    at,
    actorId: p?.id ?? null,
    actorRole: p?.role ?? null,
    actorKind: p?.kind ?? null,
    method: req.method,
    route,
    action: note.action ?? `${req.method} ${route}`,
    caseId,
    status,
    outcome: note.refusal !== undefined ? 'refused' : outcomeOf(status),
    code: (res.locals.problemCode as string | undefined) ?? null,
  };
  if (note.caseIds?.length) out.caseIds = note.caseIds.slice(0, 10);
  if (note.commandId) out.commandId = note.commandId;
  if (note.target) out.target = note.target;
  if (note.changes?.length) out.changes = note.changes;
  if (note.reason) out.reason = note.reason.slice(0, 200);
  if (route === '/api/v1/auth/login' && typeof body?.username === 'string') out.attemptedUser = body.username.slice(0, 64);
  return out;
}

export interface AuditTrail {
  /** Mount after `authenticate` (the actor is known) and before `authorize` (refusals are seen). */
  middleware: RequestHandler;
  /** Resolves when every entry begun so far is stored (tests, shutdown). */
  flush: () => Promise<void>;
}

export function createAuditTrail(deps: { mongo: Connection; logger: Logger }): AuditTrail {
  const log = deps.mongo.collection<AuditEntry>(AUDIT_COLLECTION);
  const logger = deps.logger.child({ component: 'audit' });
  const inFlight = new Set<Promise<void>>();

  const store = async (entry: AuditEntry) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await log.insertOne(entry);
        return;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return;
        if (attempt >= 3) {
          logger.error({ err, entry }, 'audit entry could not be stored');
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };

  const middleware: RequestHandler = (req: Request, res: Response, next) => {
    res.once('finish', () => {
      // After the answer: nothing here may throw into the server (a bad entry is logged, not fatal).
      let entry: AuditEntry | null;
      try {
        entry = entryFor(req, res);
      } catch (err) {
        logger.error({ err, method: req.method, status: res.statusCode }, 'audit entry could not be built');
        return;
      }
      if (!entry) return;
      const p = store(entry).finally(() => inFlight.delete(p));
      inFlight.add(p);
    });
    next();
  };

  return { middleware, flush: async () => { await Promise.all([...inFlight]); } };
}

/** Adds to the request's audit note (routes call it; harmless where nothing audits). */
export function noteAudit(res: Response, note: AuditNote): void {
  res.locals.audit = { ...(res.locals.audit as AuditNote | undefined), ...note };
}

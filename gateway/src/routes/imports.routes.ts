import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import type { Connection } from 'mongoose';
import { NotFoundError, sendJson, type Producer } from '@cw/platform';
import {
  COLLECTIONS, commandIds, expectedCases, importMessage, parseImport,
  type CaseDoc, type CommandResultDoc, type ImportDoc, type TopicNames,
} from '@cw/contracts';
import type { Principal } from '../auth/index.js';
import { problemOf, sendProblem } from '../problem.js';
import { noteAudit } from '../audit/audit-trail.js';

/** The demo year is ~10 MB; a bureau's year of records fits well below this. */
export const IMPORT_LIMIT = '32mb';

/** Refusals listed in a progress answer (the counts cover all of them). */
const REFUSALS_SHOWN = 100;
const CHUNK = 500;

/**
 * `POST /api/v1/imports` — the historical import over HTTP (admins; docs/import-format.md). The
 * body is the NDJSON file (`Content-Type: application/x-ndjson`), validated whole before anything
 * is sent: a bad line is refused with 400 naming the line and the field. Accepted files go to
 * the bulk lane `intake.imports` like `npm run import`; the answer (202) gives the import's id and
 * its progress URL, and lists each case with the command whose verdict tells when it is done
 * (`GET /api/v1/commands/:id`). Sending the same file again changes nothing.
 *
 * `GET /api/v1/imports/:importId` — its progress: cases applied (registered, past steps replayed),
 * refused (with the reasons), still pending.
 */
export function importsRoutes(deps: { producer: Producer; topics: TopicNames; mongo: Connection }) {
  const router = Router();
  const imports = deps.mongo.collection<ImportDoc>(COLLECTIONS.imports);
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);
  const verdicts = deps.mongo.collection<CommandResultDoc>(COLLECTIONS.commandResults);

  router.post('/', (req, res, next) => {
    if (!req.is('application/x-ndjson')) {
      sendProblem(res, problemOf(415, `Content-Type must be application/x-ndjson (got ${req.headers['content-type'] ?? 'none'})`, 'UNSUPPORTED_MEDIA_TYPE'));
      return;
    }
    next();
  }, express.text({ type: 'application/x-ndjson', limit: IMPORT_LIMIT }), async (req, res) => {
    const lines = parseImport(typeof req.body === 'string' ? req.body : '');
    if (lines.length === 0) {
      sendProblem(res, problemOf(400, 'The file has no records', 'VALIDATION_FAILED', { errors: [{ pointer: '/', rule: 'minItems', message: 'at least one line' }] }));
      return;
    }
    const listed = lines.flatMap((l) => expectedCases(l).map((c) => ({ sourceRef: l.record.sourceRef, kind: c.kind, caseId: c.caseId, doneCommandId: c.doneCommandId })));
    // Recorded before anything is sent, so its progress can be asked for at once.
    const importId = randomUUID();
    await imports.insertOne({
      _id: importId, createdAt: new Date(), by: (res.locals.actor as Principal).id, records: lines.length,
      cases: listed.map(({ caseId, sourceRef, kind }) => ({ caseId, sourceRef, kind })),
    });
    for (let i = 0; i < lines.length; i += 500) {
      await sendJson(deps.producer, deps.topics.intakeImports, lines.slice(i, i + 500).map((l) => importMessage(l, 'import-http')));
    }
    noteAudit(res, { action: `import (${lines.length} records)`, target: `import:${importId}` });
    res.status(202).json({
      importId,
      progress: `/api/v1/imports/${importId}`,
      records: lines.length,
      cases: listed.map((c) => ({ sourceRef: c.sourceRef, kind: c.kind, caseId: c.caseId, verdict: `/api/v1/commands/${encodeURIComponent(c.doneCommandId)}` })),
    });
  });

  router.get('/:importId', async (req, res) => {
    const doc = await imports.findOne({ _id: String(req.params.importId) });
    if (!doc) throw new NotFoundError(`No import ${req.params.importId}`);
    let applied = 0;
    let pending = 0;
    const refusals: { sourceRef: string; caseId: string; code: string; reason: string }[] = [];
    let refused = 0;
    for (let i = 0; i < doc.cases.length; i += CHUNK) {
      const chunk = doc.cases.slice(i, i + CHUNK);
      const found = new Map((await cases.find({ _id: { $in: chunk.map((c) => c.caseId) } }, { projection: { _id: 1, historyPending: 1, historyRefused: 1 } }).toArray())
        .map((c) => [c._id, c]));
      // A refused registration leaves no case: its verdict tells.
      const missing = chunk.filter((c) => !found.has(c.caseId));
      const rejected = missing.length === 0 ? new Map<string, CommandResultDoc>() : new Map((await verdicts.find({ _id: { $in: missing.map((c) => commandIds.register(c.caseId)) }, status: 'rejected' }).toArray())
        .map((v) => [v.caseId, v]));
      for (const c of chunk) {
        const stored = found.get(c.caseId);
        const refusal = stored?.historyRefused ?? (rejected.has(c.caseId) ? { code: rejected.get(c.caseId)!.code ?? 'REJECTED', reason: rejected.get(c.caseId)!.reason ?? '' } : undefined);
        if (refusal) {
          refused += 1;
          if (refusals.length < REFUSALS_SHOWN) refusals.push({ sourceRef: c.sourceRef, caseId: c.caseId, ...refusal });
        } else if (stored && stored.historyPending !== true) applied += 1;
        else pending += 1;
      }
    }
    res.set('cache-control', 'no-store');
    res.json({
      importId: doc._id, createdAt: doc.createdAt, by: doc.by, records: doc.records,
      cases: doc.cases.length, applied, refused, pending, done: pending === 0, refusals,
    });
  });
  return router;
}

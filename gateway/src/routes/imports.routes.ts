import express, { Router } from 'express';
import { sendJson, type Producer } from '@cw/platform';
import { expectedCases, importMessage, parseImport, type TopicNames } from '@cw/contracts';
import { problemOf, sendProblem } from '../problem.js';

/** The demo year is ~10 MB; a bureau's year of records fits well below this. */
export const IMPORT_LIMIT = '32mb';

/**
 * `POST /api/v1/imports` — the historical import over HTTP (admins; docs/import-format.md). The
 * body is the NDJSON file (`Content-Type: application/x-ndjson`), validated whole before anything
 * is sent: a bad line is refused with 400 naming the line and the field. Accepted files go to
 * the bulk lane `intake.imports` like `npm run import`; the answer (202) lists each case and the command whose
 * verdict tells when it is done (`GET /api/v1/commands/:id`). Sending the same file again changes nothing.
 */
export function importsRoutes(deps: { producer: Producer; topics: TopicNames }) {
  const router = Router();
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
    for (let i = 0; i < lines.length; i += 500) {
      await sendJson(deps.producer, deps.topics.intakeImports, lines.slice(i, i + 500).map((l) => importMessage(l, 'import-http')));
    }
    res.status(202).json({
      records: lines.length,
      cases: lines.flatMap((l) => expectedCases(l).map((c) => ({
        sourceRef: l.record.sourceRef, kind: c.kind, caseId: c.caseId,
        verdict: `/api/v1/commands/${encodeURIComponent(c.doneCommandId)}`,
      }))),
    });
  });
  return router;
}

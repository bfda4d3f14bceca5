import { Router } from 'express';
import type { Connection } from 'mongoose';
import { ValidationError } from '@cw/platform';
import { toShanghaiDate, addCalendarDays } from '@cw/calendar';
import { COLLECTIONS, DUPLICATE_HINT_WINDOW_DAYS, duplicateHintKey, type DuplicateHintDoc } from '@cw/contracts';
import { requireJson } from '../problem.js';

/**
 * `POST /api/v1/intake/recent-duplicates` with `{ phone, businessName }`: complaints the same phone
 * number made about the same business in the last 30 days, as case numbers and receipt dates.
 * A POST, not a GET with a query string, so the phone number never appears in a URL (access logs,
 * proxies, browser history); the answer echoes nothing personal. One look-up by `_id` (the hash).
 */
export function duplicatesRoutes(deps: { mongo: Connection }) {
  const router = Router();
  const hints = deps.mongo.collection<DuplicateHintDoc>(COLLECTIONS.duplicateHints);
  router.post('/', requireJson, async (req, res) => {
    const body = (req.body ?? {}) as { phone?: unknown; businessName?: unknown };
    const details = [];
    if (typeof body.phone !== 'string' || body.phone.length > 30) details.push({ pointer: '/phone', rule: 'type', message: 'must be a phone number (string)' });
    if (typeof body.businessName !== 'string' || body.businessName.length > 200) details.push({ pointer: '/businessName', rule: 'type', message: 'must be a string of at most 200 characters' });
    if (details.length > 0) throw new ValidationError('Invalid duplicate look-up', details);
    const key = duplicateHintKey(body.phone as string, body.businessName as string);
    const today = toShanghaiDate(new Date());
    const since = addCalendarDays(today, -DUPLICATE_HINT_WINDOW_DAYS);
    const entries = key === null ? [] : await hints.find({ k: key }, { projection: { caseNo: 1, receivedOn: 1 } }).limit(200).toArray();
    const matches = entries.map((e) => ({ caseNo: e.caseNo, receivedOn: e.receivedOn }))
      .filter((e) => e.receivedOn >= since)
      .sort((a, b) => (a.receivedOn === b.receivedOn ? a.caseNo.localeCompare(b.caseNo) : b.receivedOn.localeCompare(a.receivedOn)));
    res.set('cache-control', 'no-store');
    res.json({ windowDays: DUPLICATE_HINT_WINDOW_DAYS, since, matches });
  });
  return router;
}

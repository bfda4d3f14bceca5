import { Router } from 'express';
import type { Connection } from 'mongoose';
import type { Filter } from 'mongodb';
import { ValidationError } from '@cw/platform';
import { assertKnownQuery } from '../query.js';
import { AUDIT_COLLECTION, type AuditEntry } from './audit-trail.js';

export const AUDIT_PARAMS = ['caseId', 'user', 'from', 'to', 'outcome', 'limit', 'before', 'format'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OUTCOMES = ['applied', 'pending', 'refused', 'failed'];
const CSV_MAX_ROWS = 100_000;

/** Shanghai wall time with its offset: what the bureau reads. */
export const shanghaiTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');

/** A Shanghai calendar date's first instant (`from`) or the next day's (`to`, exclusive). */
const shanghaiStart = (date: string, nextDay: boolean) => new Date(Date.parse(`${date}T00:00:00+08:00`) + (nextDay ? 86_400_000 : 0));

export function parseAuditQuery(q: Record<string, unknown>) {
  assertKnownQuery(q, AUDIT_PARAMS);
  const errors: { pointer: string; rule: string; message: string }[] = [];
  const str = (k: string, max: number, re?: RegExp) => {
    const v = q[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0 || v.length > max || (re && !re.test(v))) {
      errors.push({ pointer: `/${k}`, rule: re ? 'pattern' : 'maxLength', message: re ? `must match ${re.source}` : `must be 1–${max} characters` });
      return undefined;
    }
    return v;
  };
  const caseId = str('caseId', 200);
  const user = str('user', 100);
  const from = str('from', 10, DATE);
  const to = str('to', 10, DATE);
  const outcome = str('outcome', 10);
  if (outcome !== undefined && !OUTCOMES.includes(outcome)) errors.push({ pointer: '/outcome', rule: 'enum', message: `must be one of ${OUTCOMES.join(', ')}` });
  const before = str('before', 80);
  const format = str('format', 4) ?? 'json';
  if (format !== 'json' && format !== 'csv') errors.push({ pointer: '/format', rule: 'enum', message: 'must be json or csv' });
  const limitRaw = str('limit', 5, /^\d+$/);
  const limit = limitRaw === undefined ? 200 : Number(limitRaw);
  if (limit < 1 || limit > 1000) errors.push({ pointer: '/limit', rule: 'range', message: 'must be 1–1000' });
  if (from && to && from > to) errors.push({ pointer: '/to', rule: 'afterFrom', message: 'must not be before from' });
  if (errors.length > 0) throw new ValidationError('Invalid audit query', errors);

  const filter: Filter<AuditEntry> = {};
  if (caseId) filter.caseId = caseId;
  if (user) filter.actorId = user;
  if (outcome) filter.outcome = outcome as AuditEntry['outcome'];
  if (from || to) filter.at = { ...(from ? { $gte: shanghaiStart(from, false) } : {}), ...(to ? { $lt: shanghaiStart(to, true) } : {}) };
  if (before) filter._id = { $lt: before };
  return { filter, limit, format: format as 'json' | 'csv' };
}

const CSV_COLUMNS: [string, (e: AuditEntry) => unknown][] = [
  ['时间 (at)', (e) => shanghaiTime(e.at)],
  ['用户 (user)', (e) => e.actorId ?? e.attemptedUser ?? ''],
  ['角色 (role)', (e) => e.actorRole ?? ''],
  ['凭据 (via)', (e) => (e.actorKind === 'key' ? 'API key' : e.actorKind === 'user' ? 'session' : '')],
  ['操作 (action)', (e) => e.action],
  ['案件 (case)', (e) => e.caseId ?? (e.caseIds ?? []).join(' ')],
  ['对象 (target)', (e) => e.target ?? ''],
  ['结果 (outcome)', (e) => e.outcome],
  ['HTTP', (e) => e.status],
  ['代码 (code)', (e) => e.code ?? ''],
  ['理由 (reason)', (e) => e.reason ?? ''],
  ['变更 (changes)', (e) => (e.changes ?? []).map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`).join('; ')],
  ['接口 (route)', (e) => `${e.method} ${e.route}`],
];

const cell = (v: unknown) => {
  const s = String(v ?? '');
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** `GET /api/v1/audit?caseId=&user=&from=&to=&outcome=&limit=&before=&format=json|csv` (admins, supervisors). */
export function auditRoutes(deps: { mongo: Connection }): Router {
  const router = Router();
  const log = deps.mongo.collection<AuditEntry>(AUDIT_COLLECTION);

  router.get('/', async (req, res) => {
    const q = parseAuditQuery(req.query as Record<string, unknown>);
    if (q.format === 'json') {
      const items = await log.find(q.filter).sort({ _id: -1 }).limit(q.limit).toArray();
      const next = items.length === q.limit ? items[items.length - 1]!._id : null;
      res.json({ items: items.map((e) => ({ ...e, id: e._id, _id: undefined, atLocal: shanghaiTime(e.at) })), next });
      return;
    }
    // Streamed: a year's trail does not load into memory. BOM so Excel reads UTF-8.
    res.type('text/csv; charset=utf-8').attachment('audit.csv');
    res.write(`\uFEFF${CSV_COLUMNS.map(([h]) => cell(h)).join(',')}\r\n`);
    const cursor = log.find(q.filter).sort({ _id: -1 }).limit(CSV_MAX_ROWS).batchSize(1000);
    for await (const e of cursor) {
      if (!res.write(`${CSV_COLUMNS.map(([, f]) => cell(f(e))).join(',')}\r\n`)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  });

  return router;
}

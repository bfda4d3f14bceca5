/**
 * The Open311 GeoReport v2 facade, mounted at `/open311/v2`: discovery, services, service
 * definitions, POST a request (a complaint through the normal intake path, `api_key` required),
 * query requests by id, by service, status and date range (≤ 90 days), and tokens for a request not
 * registered within the wait. Every answer in JSON or XML by the path's extension; errors in the
 * spec's format with the HTTP status. Reads need no key (the spec's choice): they carry nothing
 * personal (georeport.ts). Decision 0034.
 */
import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from '@cw/platform';
import { COLLECTIONS, assertNoNulCharacter, validateIntakeRecord12315, type CaseDoc, type IntakeMessage } from '@cw/contracts';
import { perRulesVersion, type ActiveRules } from '@cw/routing';
import type { UserStore } from '../auth/user-store.js';
import { principalOfKey } from '../auth/user-store.js';
import { decideAllowed } from '../auth/policy.js';
import { noteAudit } from '../audit/audit-trail.js';
import { errorAnswer } from '../problem.js';
import type { IntakeSubmitter } from '../routes/intake.routes.js';
import {
  GEOREPORT_SPEC, Open311Error, beijingTime, dateRange, formFieldOf, intakeRecordOf, regionOf, requestOf, serviceDefinition, serviceList,
  type Lang,
} from './georeport.js';
import { FORMATS, send, sendErrors, type Format } from './render.js';

/** Who may create requests with a key: the roles that may log intake records. */
const CREATORS = ['operator', 'supervisor', 'admin'] as const;
/** At most this many requests in one answer (the spec's suggested default). */
export const REQUESTS_LIMIT = 1000;
const IDS_LIMIT = 100;
const TOKEN = /^O311-[0-9a-f-]{36}$/;
const QUERY_FIELDS = new Set(['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'api_key']);

/** The answer's format from the path's extension (`services.json`), or 404 in JSON. */
function formatOf(req: Request): Format {
  const f = String(req.params.format ?? '');
  if (!(FORMATS as readonly string[]).includes(f)) throw new Open311Error(404, [`format: .${f} is not served; use .json or .xml`]);
  return f as Format;
}
/** The format for an error: the path's extension when it is one of ours, else JSON. */
const errorFormatOf = (req: Request): Format => (/\.xml$/.test(req.path) ? 'xml' : 'json');
/** Chinese unless the caller prefers English (Accept-Language). */
const langOf = (req: Request): Lang => (req.acceptsLanguages('zh', 'en') === 'en' ? 'en' : 'zh');

export function open311Routes(deps: {
  mongo: Connection; rules: () => ActiveRules; store: UserStore; intake: IntakeSubmitter; logger: Logger;
}) {
  const router = Router();
  const cases = deps.mongo.collection<CaseDoc>(COLLECTIONS.cases);
  // Rebuilt only when the region file changes (its services, offices and jurisdiction).
  const region = perRulesVersion(deps.rules, regionOf);

  /** `jurisdiction_id` is optional (one jurisdiction here); a different one is not found. */
  const checkJurisdiction = (value: unknown) => {
    if (value === undefined || value === '') return;
    const id = region().jurisdictionId;
    if (value !== id) throw new Open311Error(404, [`jurisdiction_id: ${typeof value === 'string' ? value : 'this value'} is not served here; this endpoint serves ${id}`]);
  };
  const query = (req: Request) => {
    for (const key of Object.keys(req.query)) if (!QUERY_FIELDS.has(key)) throw new Open311Error(400, [`${key}: not a parameter of this method`]);
    for (const [key, v] of Object.entries(req.query)) if (typeof v !== 'string') throw new Open311Error(400, [`${key}: must be given once`]);
    checkJurisdiction(req.query.jurisdiction_id);
    return req.query as Record<string, string | undefined>;
  };
  const serviceCodeOf = (code: unknown, field = 'service_code') => {
    if (code === undefined || code === '') throw new Open311Error(400, [`${field}: required (see services.json)`]);
    if (typeof code !== 'string' || !region().categories.some((c) => c.code === code)) throw new Open311Error(404, [`${field}: no service ${String(code)} (see services.json)`]);
    return code;
  };

  router.get('/discovery.:format', (req, res) => {
    const format = formatOf(req);
    const r = region();
    const base = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}`;
    const changeset = beijingTime(new Date());
    const lang = langOf(req);
    send(res, format, 200, {
      changeset,
      contact: r.contact[lang],
      key_service: lang === 'zh' ? '接口密钥（api_key）由本局系统管理员在管理页面签发' : 'API keys (api_key) are issued by the bureau\'s administrators',
      endpoints: [{ specification: GEOREPORT_SPEC, url: base, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
    }, 'discovery');
  });

  router.get('/services.:format', (req, res) => {
    const format = formatOf(req);
    query(req);
    send(res, format, 200, serviceList(region(), langOf(req)), 'services', 'service');
  });

  router.get('/services/:serviceCode.:format', (req, res) => {
    const format = formatOf(req);
    query(req);
    send(res, format, 200, serviceDefinition(serviceCodeOf(req.params.serviceCode), langOf(req)), 'service_definition');
  });

  router.post('/requests.:format', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }), async (req, res) => {
    const format = formatOf(req);
    if (!req.is('application/x-www-form-urlencoded')) throw new Open311Error(415, ['Content-Type: must be application/x-www-form-urlencoded']);
    const form = (req.body ?? {}) as Record<string, unknown>;
    assertNoNulCharacter(form, 'The form');
    const apiKey = form.api_key;
    if (typeof apiKey !== 'string' || apiKey === '') throw new Open311Error(403, ['api_key: required to create a request']);
    const key = await deps.store.findKey(apiKey);
    if (!key || key.disabled) throw new Open311Error(403, ['api_key: invalid or revoked']);
    const principal = principalOfKey(key);
    res.locals.actor = principal;
    if (!decideAllowed(CREATORS, principal).allowed) throw new Open311Error(403, [`api_key: a ${principal.role} key may not create requests (operator, supervisor or admin keys may)`]);
    checkJurisdiction(form.jurisdiction_id);
    const serviceCode = serviceCodeOf(form.service_code);
    const sourceRef = `O311-${randomUUID()}`;
    const record = intakeRecordOf(form, { sourceRef, receivedAt: beijingTime(new Date()), serviceCode });
    // A field the record's schema refuses is a 400 naming the form field (open311Errors).
    validateIntakeRecord12315.assert(record, 'Open311 request');
    const message: IntakeMessage = { type: 'IntakeRecord12315', version: 1, id: randomUUID(), source: `open311:${principal.id}`, data: record };
    const out = await deps.intake.submit('12315')(sourceRef, ['complaint'], message);
    const registered = out.body.cases[0];
    noteAudit(res, { action: 'intake:open311 complaint', target: `12315:${sourceRef}`, caseIds: registered ? [registered.caseId] : [] });
    const accountId = typeof form.account_id === 'string' && form.account_id !== '' ? form.account_id : null;
    const lang = langOf(req);
    if (registered) {
      const doc = await cases.findOne({ _id: registered.caseId }, { projection: { district: 1, deadlines: 1 } });
      const office = region().office(doc?.district);
      const acceptBy = doc?.deadlines?.accept?.due;
      const notice = lang === 'zh'
        ? `已登记为投诉 ${registered.caseNo}${office ? `，由${office.zh}办理` : ''}${acceptBy ? `；${acceptBy}前决定是否受理` : ''}。`
        : `Registered as complaint ${registered.caseNo}${office ? `, handled by ${office.en}` : ''}${acceptBy ? `; acceptance decided by ${acceptBy}` : ''}.`;
      send(res, format, 200, [{ service_request_id: registered.caseNo, service_notice: notice, account_id: accountId }], 'service_requests', 'request');
      return;
    }
    // Not registered within the wait (intake busy): the spec's token, resolved by tokens/{token}.
    const notice = lang === 'zh' ? '已收到，正在登记；请用 token 查询编号。' : 'Received and being registered; look up its number with the token.';
    send(res, format, 200, [{ token: sourceRef, service_notice: notice, account_id: accountId }], 'service_requests', 'request');
  });

  router.get('/tokens/:token.:format', async (req, res) => {
    const format = formatOf(req);
    query(req);
    const token = String(req.params.token);
    const found = TOKEN.test(token) ? await deps.intake.receipt('12315', token) : undefined;
    const registered = found?.body.cases[0];
    if (!registered) throw new Open311Error(404, [`token: ${TOKEN.test(token) ? 'not registered yet, or unknown; ask again shortly' : 'unknown'}`]);
    send(res, format, 200, [{ service_request_id: registered.caseNo, token }], 'service_requests', 'request');
  });

  const projection = { caseNo: 1, kind: 1, status: 1, category: 1, district: 1, nextDueDate: 1, registration: 1, updatedAt: 1, state: 1 } as const;
  const answerRequests = (req: Request, res: Response, format: Format, docs: CaseDoc[]) => {
    const r = region();
    const lang = langOf(req);
    send(res, format, 200, docs.filter((d) => d.kind === 'complaint').map((d) => requestOf(d, r, lang)), 'service_requests', 'request');
  };

  router.get('/requests.:format', async (req, res) => {
    const format = formatOf(req);
    const q = query(req);
    if (q.service_request_id !== undefined && q.service_request_id !== '') {
      // A list of ids overrides every other argument (the spec).
      const ids = [...new Set(q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean))];
      if (ids.length > IDS_LIMIT) throw new Open311Error(400, [`service_request_id: at most ${IDS_LIMIT} ids at once`]);
      const docs = await Promise.all(ids.map((caseNo) => cases.findOne({ caseNo }, { projection })));
      answerRequests(req, res, format, docs.filter((d): d is CaseDoc => d !== null));
      return;
    }
    const filter: Record<string, unknown> = { kind: 'complaint' };
    if (q.service_code) filter.category = serviceCodeOf(q.service_code);
    const statuses = q.status ? [...new Set(q.status.split(',').map((s) => s.trim()))] : [];
    const unknown = statuses.filter((s) => s !== 'open' && s !== 'closed');
    if (unknown.length > 0) throw new Open311Error(400, [`status: ${unknown.join(', ')} is not open or closed`]);
    if (statuses.length === 1) filter.status = statuses[0] === 'closed' ? 'closed' : { $ne: 'closed' };
    const { from, to } = dateRange(q.start_date || undefined, q.end_date || undefined, new Date());
    filter.receivedAtDate = { $gte: from, $lte: to };
    const docs = await cases.find(filter, { projection }).sort({ receivedAtDate: -1, _id: 1 }).limit(REQUESTS_LIMIT).toArray();
    answerRequests(req, res, format, docs);
  });

  router.get('/requests/:requestId.:format', async (req, res) => {
    const format = formatOf(req);
    query(req);
    const caseNo = String(req.params.requestId);
    const doc = caseNo.length <= 40 ? await cases.findOne({ caseNo }, { projection }) : null;
    if (!doc || doc.kind !== 'complaint') throw new Open311Error(404, [`service_request_id: no request ${caseNo.slice(0, 40)}`]);
    answerRequests(req, res, format, [doc]);
  });

  return router;
}

/**
 * Every error under `/open311/v2` in the spec's format, those of the policy check included (an
 * unknown path is 404): field problems 400, keys 403, unknown things 404, a server down 503.
 */
export function open311Errors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) { next(err); return; }
    const format = errorFormatOf(req);
    const reply = (status: number, descriptions: string[], code: string) => {
      res.locals.problemCode = code;
      sendErrors(res, format, status, descriptions);
    };
    if (err instanceof Open311Error) { reply(err.status, err.descriptions, `OPEN311_${err.status}`); return; }
    const e = err as { type?: string };
    if (e.type === 'entity.too.large' || e.type === 'parameters.too.many') { reply(413, ['The form is too large (at most 64 KB and 50 fields)'], 'BODY_TOO_LARGE'); return; }
    // Everything else means what it means for the rest of the API (problem.ts), in this format.
    const a = errorAnswer(err, req, logger);
    if (a.retryAfter) res.set('retry-after', a.retryAfter);
    reply(a.status, a.details.length > 0 ? a.details.map((d) => `${formFieldOf(d.pointer)}: ${d.message}`) : [a.detail], a.code);
  };
}

/**
 * Bad input at volume (issue 14 item 3): fast-check generates ≥ 8,000 malformed or hostile HTTP
 * requests (wrong types, mutated records, huge strings, deep nesting, invalid UTF-8, `__proto__` /
 * `constructor` keys, Mongo operators, markup, odd content types, hostile query strings and
 * headers) and ≥ 2,000 Kafka messages on every topic the services consume (bad bytes, bad JSON,
 * unknown types and versions, valid JSON of the wrong shape, prototype-pollution keys, ~1 MB
 * values). Then: no answer was a 5xx, every refusal was problem+json, no process exited, every
 * consumer group caught up with the end of its topics (dead letters with their reason, nothing
 * stuck), a valid record sent after all of it still becomes a case, and nothing came back unescaped.
 *
 * Reproducible: HOSTILE_SEED fixes the generators (the seed used is printed).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import mongoose from 'mongoose';
import { createKafka, sendJson, startConsumer, startProducer, type Producer } from '@cw/platform';
import { COLLECTIONS, caseIdFor, intakeKey, topicNames } from '@cw/contracts';
import { startSystem, type TestSystem } from '../support/system.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord, aWorkOrder } from '../support/builders.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

const HTTP_INPUTS = Number(process.env.HOSTILE_HTTP ?? 8000);
const KAFKA_INPUTS = Number(process.env.HOSTILE_KAFKA ?? 2000);
const SEED = Number(process.env.HOSTILE_SEED ?? Date.now() % 2_147_483_647);

/** A value with keys a naive merge would let through to Object.prototype, or a Mongo operator. */
const hostileKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$ne', '$gt', '$regex', 'type', 'data', 'expectedVersion', 'caseId', 'toString');
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{constructor.constructor("x")()}}', '${7*7}', '\u0000\u202e', 'ＤＲＯＰ TABLE cases;--', '=HYPERLINK("http://x")', '../../etc/passwd'),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' },
    fc.jsonValue({ maxDepth: 3 }), hostileString, fc.constant(null), fc.double(), fc.bigInt().map(String),
    fc.dictionary(hostileKeys, tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 4 })),
})).value;

/** A path into a valid record and what to put there: valid JSON of the wrong shape. */
function mutate(record: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) {
    if (typeof at[k] !== 'object' || at[k] === null) at[k] = {};
    at = at[k] as Record<string, unknown>;
  }
  Object.defineProperty(at, path[path.length - 1]!, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}
const recordPaths = fc.constantFrom(['kind'], ['channel'], ['receivedAt'], ['consumer'], ['consumer', 'phone'], ['consumer', 'name'], ['business'], ['business', 'name'],
  ['summary'], ['narrative'], ['claimAmountYuan'], ['sourceRef'], ['category'], ['districtCode'], ['__proto__'], ['constructor', 'prototype'], ['extra']);

const deepJson = fc.integer({ min: 100, max: 20_000 }).map((n) => fc.sample(fc.boolean(), 1)[0] ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
const hugeJson = fc.constantFrom(50_000, 255_000, 300_000, 1_200_000).map((n) => JSON.stringify({ ...aComplaintRecord(), narrative: 'x'.repeat(n) }));
const invalidUtf8 = fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"summary":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, ...bytes]), Buffer.from('"}')]));

type Body = string | Buffer | undefined;
const bodies: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(recordPaths, hostileValue).map(([p, v]) => JSON.stringify(mutate(aComplaintRecord() as unknown as Record<string, unknown>, p, v))) },
  { weight: 2, arbitrary: fc.tuple(recordPaths, hostileValue).map(([p, v]) => JSON.stringify(mutate(aWorkOrder() as unknown as Record<string, unknown>, p, v))) },
  { weight: 3, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 2, arbitrary: fc.dictionary(hostileKeys, hostileValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: hugeJson },
  { weight: 1, arbitrary: invalidUtf8 },
  // A valid record but for U+0000, which the store cannot hold: before it was refused at the door,
  // one such record stalled its workflow partition for ever (the store's refusal was retried).
  { weight: 1, arbitrary: fc.tuple(recordPaths, hostileString).map(([p, v]) => JSON.stringify(mutate(aComplaintRecord() as unknown as Record<string, unknown>, p, `${v}\u0000`))) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const contentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/x-ndjson', '') },
);
const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const queryStrings = fc.array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'offset', 'status', 'district', 'from', 'to', 'caseId', 'user', 'format', 'district[$ne]', 'queue[$regex]', '__proto__[x]', 'constructor'), printable(12)), printable(40)), { maxLength: 5 })
  .map((pairs) => new URLSearchParams(pairs).toString());

interface Target { method: string; path: string; who: 'operator' | 'supervisor' | 'admin' | 'mediator' | 'none' | 'garbage' }
const TARGETS: Target[] = [
  { method: 'POST', path: '/api/v1/intake/12315', who: 'operator' },
  { method: 'POST', path: '/api/v1/intake/12345', who: 'operator' },
  { method: 'POST', path: '/api/v1/routing/suggest', who: 'operator' },
  { method: 'POST', path: '/api/v1/intake/recent-duplicates', who: 'operator' },
  { method: 'POST', path: '/api/v1/cases/{case}/commands', who: 'supervisor' },
  { method: 'POST', path: '/api/v1/cases/{case}/reveal', who: 'mediator' },
  { method: 'POST', path: '/api/v1/auth/login', who: 'none' },
  { method: 'POST', path: '/api/v1/admin/users', who: 'admin' },
  { method: 'PATCH', path: '/api/v1/admin/users/{user}', who: 'admin' },
  { method: 'POST', path: '/api/v1/imports', who: 'admin' },
  { method: 'POST', path: '/api/v1/intake/12315', who: 'garbage' },
  { method: 'GET', path: '/api/v1/cases?{q}', who: 'mediator' },
  { method: 'GET', path: '/api/v1/cases/{case}', who: 'supervisor' },
  { method: 'GET', path: '/api/v1/stats?{q}', who: 'supervisor' },
  { method: 'GET', path: '/api/v1/audit?{q}', who: 'admin' },
  { method: 'GET', path: '/api/v1/queues/mine?{q}', who: 'mediator' },
];

/** Kafka values: undecodable bytes, bad JSON, unknown types and versions, wrong shapes, pollution keys, ~1 MB. */
const kafkaValues: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 20, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 300 }).map((b) => Buffer.from(b)) },
  { weight: 20, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(`{${s}`)) },
  { weight: 30, arbitrary: hostileValue.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  { weight: 30, arbitrary: fc.record({
    type: fc.constantFrom('IntakeRecord12315', 'WorkOrder12345', 'ImportRecord', 'LeadRecord', 'RegisterCase', 'RouteCase', 'AcceptComplaint', 'CaseRegistered', 'CaseRouted', 'MediationSucceeded', 'NoSuchType'),
    version: fc.oneof(fc.constantFrom(1, 2, 3, 99, 0, -1), fc.string({ maxLength: 3 })),
    id: fc.oneof(fc.uuid(), hostileString),
    caseId: fc.oneof(fc.uuid(), hostileString),
    caseVersion: fc.oneof(fc.nat(5), hostileValue),
    data: hostileValue,
  }, { requiredKeys: ['type'] }).map((v) => Buffer.from(JSON.stringify(v))) },
  { weight: 5, arbitrary: fc.constant(Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"IntakeRecord12315","version":1,"data":{"__proto__":{"x":1}}}')) },
  { weight: 1, arbitrary: fc.constant(0).map(() => Buffer.from(JSON.stringify({ type: 'IntakeRecord12315', version: 1, data: { ...aComplaintRecord(), narrative: 'x'.repeat(900_000) } }))) },
  { weight: 5, arbitrary: fc.constant(0).map(() => Buffer.from(JSON.stringify({ type: 'IntakeRecord12315', version: 1, data: aComplaintRecord({ narrative: '电动车电池\u0000鼓包' }) }))) },
);

describe(`bad input at volume: ${HTTP_INPUTS} hostile HTTP requests and ${KAFKA_INPUTS} Kafka messages (seed ${SEED})`, function () {
  this.timeout(600_000);
  let sys: TestSystem;
  let producer: Producer;
  let db: mongoose.Connection;
  let operator: TestApiKey;
  let mediator: LoggedIn;
  let supervisor: LoggedIn;
  const caseIds: string[] = [];

  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'sla', 'stats'], { COMMAND_WAIT_MS: '100', INTAKE_WAIT_MS: '100', LOGIN_RATE_LIMIT: '1000000', REVEAL_RATE_LIMIT: '1000000' });
    operator = await createApiKey(sys, { role: 'operator' });
    mediator = await loginAs(sys, 'mediator', ['441521']);
    supervisor = await loginAs(sys, 'supervisor');
    producer = await startProducer(createKafka({ clientId: unique('hostile'), brokers: platform.KAFKA_BROKERS, logger: testLogger }));
    db = await mongoose.createConnection(sys.env.MONGO_URL!).asPromise();
    // A few real cases for the routes that take a case id.
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${sys.url}/api/v1/intake/12315`, { method: 'POST', headers: { 'content-type': 'application/json', ...operator.headers }, body: JSON.stringify(aComplaintRecord()) });
      const body = await r.json() as { cases: { caseId: string }[] };
      caseIds.push(...body.cases.map((c) => c.caseId));
    }
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`seed ${SEED}\n${sys.dumpLogs()}\n`);
  });
  after(async () => {
    await producer?.disconnect();
    await db?.close();
    await sys?.stopAll();
  });

  it('answers every hostile HTTP request below 500, refusals as problem+json, and stays up', async () => {
    const headersOf = (who: Target['who'], more: Record<string, string>): Record<string, string> => {
      if (who === 'operator') return { ...operator.headers, ...more };
      if (who === 'supervisor') return { ...supervisor.headers, ...more };
      if (who === 'mediator') return { ...mediator.headers, ...more };
      if (who === 'admin') return { ...sys.adminHeaders, ...more };
      if (who === 'garbage') return { authorization: `Bearer ${'A'.repeat(30)}`, cookie: 'cw.sid=s%3Agarbage.sig', ...more };
      return more;
    };
    const extraHeaders = fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.record({ 'x-correlation-id': printable(300) }) },
      { weight: 1, arbitrary: fc.record({ 'accept-language': printable(100), 'x-forwarded-for': printable(60) }) },
    );
    const requests = fc.sample(fc.record({
      target: fc.constantFrom(...TARGETS), body: bodies, contentType: contentTypes, query: queryStrings, extra: extraHeaders,
      segment: fc.oneof(fc.constantFrom(...(caseIds.length ? caseIds : ['x'])), printable(30).map(encodeURIComponent), fc.constant('%E0%A4%A'), fc.constant('..%2F..%2Fadmin')),
    }), { numRuns: HTTP_INPUTS, seed: SEED });

    const fives: string[] = [];
    const notProblems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(Array.from({ length: 12 }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        const path = r.target.path.replace('{case}', r.segment).replace('{user}', r.segment).replace('{q}', r.query);
        const isGet = r.target.method === 'GET';
        const headers = headersOf(r.target.who, r.extra);
        if (!isGet && r.contentType) headers['content-type'] = r.contentType;
        let res: Response;
        try {
          res = await fetch(`${sys.url}${path}`, { method: r.target.method, headers, ...(isGet || r.body === undefined ? {} : { body: r.body }) });
        } catch (err) {
          fives.push(`${r.target.method} ${path}: no answer (${(err as Error).message})`);
          continue;
        }
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) fives.push(`${res.status} ${r.target.method} ${path}: ${text.slice(0, 300)}`);
        else if (res.status >= 400 && res.status !== 431 && !/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) notProblems.push(`${res.status} ${r.target.method} ${path}: ${res.headers.get('content-type')}`);
      }
    }));
    console.log(`      ${requests.length} requests; answers by status: ${[...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    expect(fives.slice(0, 10), `${fives.length} answers ≥ 500`).to.deep.equal([]);
    expect(notProblems.slice(0, 10), `${notProblems.length} refusals not problem+json`).to.deep.equal([]);
    expect(sys.exited(), 'processes that exited').to.deep.equal([]);
    // Nothing comes back as markup: every list is JSON-escaped.
    const list = await fetch(`${sys.url}/api/v1/cases?pageSize=200`, { headers: supervisor.headers });
    expect(list.status).to.equal(200);
    expect(await list.text()).not.to.match(/[<>]/);
    // Object.prototype of the gateway was not polluted: a fresh login still answers like before.
    const me = await fetch(`${sys.url}/api/v1/auth/me`, { headers: supervisor.headers });
    expect(((await me.json()) as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('dead-letters hostile Kafka messages on every consumed topic, with reasons; every group catches up; a valid record still becomes a case', async () => {
    const topics = topicNames(sys.prefix);
    const consumed = [topics.intakeRecords, topics.intakeImports, topics.caseCommands, topics.caseCommandsBulk, topics.caseEvents];
    const values = fc.sample(fc.tuple(kafkaValues, fc.option(printable(40), { nil: undefined })), { numRuns: KAFKA_INPUTS, seed: SEED + 1 });
    // ~1 MB values go alone (a record batch may not exceed the broker's 1 MiB), the rest 100 at a time.
    const big = values.filter(([v]) => v.length > 100_000);
    const small = values.filter(([v]) => v.length <= 100_000);
    for (const [i, [value, key]] of big.entries()) await producer.send({ topic: consumed[i % consumed.length]!, acks: -1, messages: [{ key: key ?? null, value }] });
    for (let i = 0; i < small.length; i += 100) {
      const slice = small.slice(i, i + 100);
      await Promise.all(consumed.map((topic, t) => producer.send({
        topic, acks: -1,
        messages: slice.filter((_, j) => (i + j) % consumed.length === t).map(([value, key]) => ({ key: key ?? null, value })),
      })));
    }
    const record = aComplaintRecord({ sourceRef: unique('after-hostile') });
    await sendJson(producer, topics.intakeRecords, [{ key: intakeKey('12315', record.sourceRef), value: { type: 'IntakeRecord12315', version: 1, data: record } }]);
    const caseId = caseIdFor(intakeKey('12315', record.sourceRef), 'complaint');
    await eventually(async () => (await db.collection(COLLECTIONS.cases).findOne({ _id: caseId as never }))?.queue, 'the valid record after the hostile ones routed', 180_000, 500);

    // Every group of this system has committed up to the end of each topic it reads.
    const admin = createKafka({ clientId: unique('lag'), brokers: platform.KAFKA_BROKERS, logger: testLogger }).admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(sys.prefix));
      expect(groups.length).to.be.greaterThanOrEqual(6);
      const lagOf = async () => {
        const lag: string[] = [];
        for (const groupId of groups) {
          const offsets = await admin.fetchOffsets({ groupId });
          for (const { topic, partitions } of offsets) {
            if (!consumed.includes(topic)) continue;
            const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
            for (const p of partitions) {
              const behind = (ends.get(p.partition) ?? 0) - Math.max(0, Number(p.offset));
              if (behind > 0) lag.push(`${groupId.slice(sys.prefix.length)} ${topic.slice(sys.prefix.length)}[${p.partition}] ${behind}`);
            }
          }
        }
        return lag;
      };
      let lag: string[] = [];
      await eventually(async () => { lag = await lagOf(); return lag.length === 0; }, 'every consumer group to catch up', 240_000, 1000)
        .catch((e: Error) => { throw new Error(`${e.message}: ${lag.slice(0, 20).join(', ')}`); });

      // Dead letters carry their reason.
      const dlqs = [topics.intakeRecordsDlq, topics.intakeImportsDlq, topics.caseCommandsDlq, topics.caseCommandsBulkDlq, topics.caseEventsDlq];
      let letters = 0;
      for (const dlq of dlqs) {
        const n = (await admin.fetchTopicOffsets(dlq)).reduce((s, p) => s + Number(p.high), 0);
        expect(n, `dead letters on ${dlq.slice(sys.prefix.length)}`).to.be.greaterThan(0);
        letters += n;
      }
      // Each dead letter says why (read a few from every dead-letter topic).
      const reasons = new Map<string, string[]>();
      const reader = await startConsumer(createKafka({ clientId: unique('dlq-reader'), brokers: platform.KAFKA_BROKERS, logger: testLogger }), producer, {
        groupId: unique('dlq-reader'), topics: dlqs, logger: testLogger, deadLetterTopic: (t) => `${t}.x`,
        handle: async ({ topic, message }) => {
          const list = reasons.get(topic) ?? [];
          list.push(`${message.headers?.['dlq-code']?.toString() ?? ''}: ${message.headers?.['dlq-reason']?.toString() ?? ''}`);
          reasons.set(topic, list);
        },
      });
      try {
        await eventually(() => dlqs.every((d) => (reasons.get(d)?.length ?? 0) > 0), 'dead letters read back', 60_000, 200);
      } finally {
        await reader.stop();
      }
      for (const [topic, list] of reasons) {
        for (const r of list) expect(r, `${topic}: ${r}`).to.match(/^[A-Z_]+: \S/);
      }
      console.log(`      ${values.length} Kafka messages (${big.length} of ~1 MB) → ${letters} dead letters across ${dlqs.length} topics; ${groups.length} groups caught up`);
    } finally {
      await admin.disconnect();
    }
    expect(sys.exited(), 'processes that exited').to.deep.equal([]);
  });
});

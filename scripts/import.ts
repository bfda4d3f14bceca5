/**
 * Historical import: `npm run import -- <file.ndjson>` loads past cases through the same pipeline
 * (intake → router → workflow), keeping their original dates. Format: docs/import-format.md.
 * Each line: `{ "record": <12315 intake record>, "steps": [{ "type", "occurredAt", "case"?, ...payload }] }`.
 * Idempotent: records dedupe on their sourceRef and each step's command id is derived from the
 * record and the step's position, so running a file twice changes nothing.
 */
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import {
  createKafka, createLogger, loadConfig, platformSettings, sendJson, startProducer, ValidationError, type Producer,
} from '@cw/platform';
import {
  COLLECTIONS, assertCaseCommand, intakeKey, topicNames, validateIntakeRecord12315,
  type CaseDoc, type CommandResultDoc, type Envelope, type IntakeReceiptDoc, type IntakeRecord12315,
} from '@cw/contracts';

interface Step { type: string; occurredAt: string; case?: 'complaint' | 'report'; [payload: string]: unknown }
interface Line { record: IntakeRecord12315; steps?: Step[] }

const SYSTEM_STEPS = new Set(['RegisterCase', 'RouteCase', 'RecordDeadlineWarning', 'RecordDeadlineMiss', 'AbsorbMergedReport']);

/** Parses and validates every line first: a bad file is refused whole, naming line and field. */
export function parseImport(text: string): Line[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.map((raw, i) => {
    const at = `line ${i + 1}`;
    let value: Line;
    try { value = JSON.parse(raw) as Line; } catch { throw new ValidationError(`${at}: not valid JSON`, [{ pointer: `/${i}`, rule: 'json', message: 'not valid JSON' }]); }
    validateIntakeRecord12315.assert(value.record, `${at} record`);
    for (const [j, step] of (value.steps ?? []).entries()) {
      const { type, occurredAt, case: _c, ...payload } = step;
      if (SYSTEM_STEPS.has(type)) throw new ValidationError(`${at} step ${j + 1}: ${type} is done by the system`, [{ pointer: `/${i}/steps/${j}/type`, rule: 'enum', message: 'not an importable step' }]);
      if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) throw new ValidationError(`${at} step ${j + 1}: occurredAt must be an ISO instant`, [{ pointer: `/${i}/steps/${j}/occurredAt`, rule: 'format', message: 'must be an ISO instant' }]);
      assertCaseCommand({ type, data: payload });
    }
    return value;
  });
}

async function poll<T>(probe: () => Promise<T | null | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function runImport(text: string, opts: { concurrency?: number; env?: NodeJS.ProcessEnv } = {}) {
  const config = loadConfig(platformSettings, opts.env);
  const logger = createLogger('import', config.LOG_LEVEL);
  const lines = parseImport(text);
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const producer: Producer = await startProducer(createKafka({ clientId: 'import', brokers: config.KAFKA_BROKERS, logger }));
  const db = await mongoose.createConnection(config.MONGO_URL).asPromise();
  const receipts = db.collection<IntakeReceiptDoc>(COLLECTIONS.intakeReceipts);
  const cases = db.collection<CaseDoc>(COLLECTIONS.cases);
  const results = db.collection<CommandResultDoc>(COLLECTIONS.commandResults);
  let done = 0;
  const refused: string[] = [];
  try {
    const importLine = async ({ record, steps = [] }: Line) => {
      const key = intakeKey('12315', record.sourceRef);
      await sendJson(producer, topics.intakeRecords, [{ key, value: { type: 'IntakeRecord12315', version: 1, source: 'import', data: record } }]);
      const receipt = await poll(() => receipts.findOne({ _id: key }), `the receipt of ${record.sourceRef}`);
      // Steps wait for routing: accepting a complaint needs it in a queue.
      for (const c of receipt.cases) await poll(async () => (await cases.findOne({ _id: c.caseId }))?.queue, `routing of ${c.caseNo}`);
      const commands: Envelope[] = steps.map((step, j) => {
        const { type, occurredAt, case: part, ...payload } = step;
        const target = receipt.cases.find((c) => c.kind === (part ?? receipt.cases[0]!.kind)) ?? receipt.cases[0]!;
        return {
          id: `import:${key}:${j}`, type, version: 1, caseId: target.caseId, occurredAt, recordedAt: new Date().toISOString(),
          correlationId: key, causationId: `import:${key}`, actor: { id: 'import', role: 'system' }, source: 'import', data: payload,
        };
      });
      // Same key → same partition → applied in file order.
      await sendJson(producer, topics.caseCommands, commands.map((c) => ({ key: c.caseId, value: c })));
      for (const c of commands) {
        const verdict = await poll(() => results.findOne({ _id: c.id }), `the verdict on ${c.id}`);
        if (verdict.status !== 'applied') refused.push(`${record.sourceRef} ${c.type}: ${verdict.reason ?? verdict.status}`);
      }
      done += 1;
    };
    let next = 0;
    await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, async () => {
      while (next < lines.length) await importLine(lines[next++]!);
    }));
  } finally {
    await producer.disconnect();
    await db.close();
  }
  return { records: done, refused };
}

if (process.argv[1]?.endsWith('import.ts')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run import -- <file.ndjson>');
    process.exit(2);
  }
  const started = Date.now();
  runImport(readFileSync(file, 'utf8'))
    .then(({ records, refused }) => {
      console.log(`imported ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s; ${refused.length} steps refused`);
      for (const r of refused) console.log(`  refused: ${r}`);
      process.exit(refused.length > 0 ? 1 : 0);
    })
    .catch((e: Error) => { console.error(e.message); process.exit(1); });
}

/**
 * Historical import: `npm run import -- <file.ndjson>` loads past cases through the same pipeline
 * (intake → router → workflow → stats), keeping their original dates. Format: docs/import-format.md.
 * Each line: `{ "record": <12315 intake record>, "steps": [{ "type", "occurredAt", "case"?, ...payload }] }`.
 * The steps travel with the record on the bulk lane (`intake.imports`); the workflow applies them
 * with the case's registration and first routing. This client only sends and then watches verdicts
 * (for a registration and an imported history, the case document: see `verdictFromCase`).
 * Idempotent: records dedupe on their sourceRef (case ids derive from it), so running a file twice
 * changes nothing.
 */
import { readFileSync } from 'node:fs';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import mongoose from 'mongoose';
import { createKafka, createLogger, loadConfig, platformSettings, sendJson, startProducer, type Producer } from '@cw/platform';
import {
  COLLECTIONS, expectedCases, importMessage, lookUpVerdict, parseImport, topicNames, type CaseDoc, type CommandResultDoc, type ImportLine,
} from '@cw/contracts';

export { parseImport };

export interface ImportProgress { sent: number; done: number; total: number }

export async function runImport(text: string | ImportLine[], opts: {
  env?: NodeJS.ProcessEnv; batchSize?: number; timeoutMs?: number; onProgress?: (p: ImportProgress) => void;
} = {}) {
  const config = loadConfig(platformSettings, opts.env);
  const logger = createLogger('import', config.LOG_LEVEL);
  const lines = typeof text === 'string' ? parseImport(text) : revalidated(text);
  const topics = topicNames(config.KAFKA_TOPIC_PREFIX);
  const producer: Producer = await startProducer(createKafka({ clientId: 'import', brokers: config.KAFKA_BROKERS, logger }));
  const db = await mongoose.createConnection(config.MONGO_URL).asPromise();
  const verdictOf = verdictReader(db);
  const refused: string[] = [];
  const total = lines.length;
  let sent = 0;
  let done = 0;
  try {
    const batch = opts.batchSize ?? 500;
    for (let i = 0; i < lines.length; i += batch) {
      await sendJson(producer, topics.intakeImports, lines.slice(i, i + batch).map((l) => importMessage(l)));
      sent = Math.min(lines.length, i + batch);
      opts.onProgress?.({ sent, done, total });
    }
    // Watch verdicts (look-ups by _id, 16 at a time; backs off while the pipeline catches up).
    // Records become cases roughly in the order sent: a round stops after 64 misses in a row, and
    // rounds are at least 250 ms apart (asking for every waiting verdict every 20 ms cost the
    // store 63,000 look-ups for the 11,525 records of the demo year; decision 0017).
    const deadline = Date.now() + (opts.timeoutMs ?? 60 * 60_000);
    let lastProgress = 0;
    const waiting = new Map(lines.map((line, i) => [i, { line, cases: expectedCases(line) }]));
    for (let delay = 250; waiting.size > 0; delay = Math.min(delay * 2, 1000)) {
      let progressed = false;
      const ids = [...waiting.keys()];
      let next = 0;
      let misses = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < ids.length && misses < 64) {
          const i = ids[next++]!;
          const entry = waiting.get(i)!;
          const verdict = await verdictOf(entry.cases[0]!.doneCommandId);
          if (!verdict) { misses += 1; continue; }
          misses = 0;
          if (verdict.status !== 'applied') refused.push(`${entry.line.record.sourceRef} (${entry.cases[0]!.kind}): ${verdict.reason ?? verdict.status}`);
          entry.cases.shift();
          if (entry.cases.length === 0) { waiting.delete(i); done += 1; }
          progressed = true;
        }
      }));
      if (Date.now() - lastProgress > 2000) { lastProgress = Date.now(); opts.onProgress?.({ sent, done, total }); }
      if (waiting.size === 0) break;
      if (progressed) delay = 250;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${waiting.size} records after ${done} of ${total}`);
      await new Promise((r) => setTimeout(r, delay));
    }
    opts.onProgress?.({ sent, done, total });
  } finally {
    await producer.disconnect();
    await db.close();
  }
  return { records: done, refused };
}

/** A command's verdict, stored or (a registration, an imported history) read from its case. */
export function verdictReader(db: mongoose.Connection) {
  const results = db.collection<CommandResultDoc>(COLLECTIONS.commandResults);
  const cases = db.collection<CaseDoc>(COLLECTIONS.cases);
  return (commandId: string) => lookUpVerdict(commandId, {
    findVerdict: (id) => results.findOne({ _id: id }),
    findCase: (id) => cases.findOne({ _id: id }, { projection: { _id: 1, version: 1, updatedAt: 1, historyPending: 1, historyRefused: 1 } }),
  });
}

/** Lines given as objects are validated the same way as a file. */
function revalidated(list: ImportLine[]): ImportLine[] {
  return parseImport(list.map((l) => JSON.stringify(l)).join('\n'));
}

if (process.argv[1]?.endsWith('import.ts')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run import -- <file.ndjson>');
    process.exit(2);
  }
  const started = Date.now();
  // Two bars on a terminal (records sent to the bulk lane; records whose cases are applied or
  // refused); elsewhere (CI logs, pipes) a plain line per update (at most every 2 s).
  const tty = process.stderr.isTTY === true;
  const bars = tty ? new MultiBar({ format: ' {label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : null;
  let sentBar: SingleBar | undefined;
  let doneBar: SingleBar | undefined;
  runImport(readFileSync(file, 'utf8'), {
    onProgress: (p) => {
      if (!bars) { process.stderr.write(`sent ${p.sent}/${p.total}, handled ${p.done}/${p.total}\n`); return; }
      sentBar ??= bars.create(p.total, 0, { label: '已发送 sent   ' });
      doneBar ??= bars.create(p.total, 0, { label: '已处理 handled' });
      sentBar.update(p.sent);
      doneBar.update(p.done);
    },
  })
    .then(({ records, refused }) => {
      bars?.stop();
      console.log(`\nimported ${records} records in ${((Date.now() - started) / 1000).toFixed(1)} s; ${refused.length} refused`);
      for (const r of refused) console.log(`  refused: ${r}`);
      process.exit(refused.length > 0 ? 1 : 0);
    })
    .catch((e: Error) => { bars?.stop(); console.error(e.message); process.exit(1); });
}

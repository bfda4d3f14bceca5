import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createKafka, ensureTopics, sendJson, startConsumer, startProducer, type Logger } from '@cw/platform';
import { COLLECTIONS, intakeKey, topicNames, topicSpecs } from '@cw/contracts';
import { startSystem, postJson, type ServiceName } from '../test/support/system.js';
import { createApiKey } from '../test/support/auth.js';
import { aComplaintRecord } from '../test/support/builders.js';
import { platform } from '../test/support/env.js';
import { say, sequential, sleep, type Sample } from './measure.js';

const SERVICES: ServiceName[] = ['gateway', 'intake', 'router', 'workflow'];
const ENTRY_OF: Record<string, ServiceName> = {
  'gateway/dist/main.js': 'gateway',
  'services/intake/dist/main.js': 'intake',
  'services/router/dist/main.js': 'router',
  'services/workflow/dist/main.js': 'workflow',
};

/** Resident memory (kB) of this process's children that run a service, by service name. */
function serviceRss(): Record<string, number> {
  const out: Record<string, number> = {};
  let list = '';
  try {
    list = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  } catch {
    return out;
  }
  for (const line of list.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const entry = Object.keys(ENTRY_OF).find((e) => m[2]!.includes(e));
    if (!entry) continue;
    try {
      const status = readFileSync(`/proc/${m[1]}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      if (kb) out[ENTRY_OF[entry]!] = Number(kb[1]);
    } catch { /* exited */ }
  }
  return out;
}

export interface PipelineFigures {
  records: number;
  routed: number;
  /** From the first publish to the last `CaseRouted` event seen on `case.events`. */
  totalMs: number;
  /** When each stage finished, from the services' own timestamps (ms after the first publish). */
  stages: { intakeDone: number; registeredDone: number; routedDone: number; firstRouted: number };
  http: Sample;
  httpPending: number;
  /** Live-lane calls made while the bulk load ran: time to the case number. */
  live: Sample;
  livePending: number;
  rssKb: Record<string, number>;
  warmupMs: number;
  /** Routed cases the store holds at the end, and how long that one count took. */
  inStore: number;
  countMs: number;
  /** Documents per collection at the end. */
  sizes: Record<string, number>;
}

/**
 * The real services as child processes (built `dist/`), `records` 12315 records published straight
 * to `intake.records`, timed until every case is registered and routed; then sequential HTTP intake.
 */
export async function benchPipeline(records: number, httpPosts: number, logger: Logger, timeoutMs: number): Promise<PipelineFigures> {
  const sys = await startSystem(SERVICES, { LOG_LEVEL: 'warn' });
  const kafka = createKafka({ clientId: 'bench-pipeline', brokers: platform.KAFKA_BROKERS, logger });
  const topics = topicNames(sys.prefix);
  let db: mongoose.Connection | undefined;
  let producer: Awaited<ReturnType<typeof startProducer>> | undefined;
  try {
    await ensureTopics(kafka, topicSpecs(topics, 12));
    producer = await startProducer(kafka);
    db = await mongoose.createConnection(sys.env.MONGO_URL!).asPromise();
    const cases = db.collection(COLLECTIONS.cases);

    // Progress is observed on `case.events` by a consumer group of our own, not by polling the store:
    // a count scans the collection on FerretDB, and polling every 500 ms took most of the store's time.
    const seen = { CaseRegistered: 0, CaseRouted: 0 };
    let target = 1;
    let reached!: () => void;
    let arrived = new Promise<void>((r) => { reached = r; });
    const observer = await startConsumer(kafka, producer, {
      groupId: `${sys.prefix}bench-observer`, topics: [topics.caseEvents], logger, fromBeginning: true,
      deadLetterTopic: () => topics.caseEventsDlq,
      handle: async ({ message }) => {
        const type = (JSON.parse(message.value?.toString() ?? '{}') as { type?: string }).type;
        if (type === 'CaseRegistered' || type === 'CaseRouted') seen[type] += 1;
        if (seen.CaseRouted >= target) reached();
      },
    });
    const waitRouted = async (n: number, ms: number) => {
      target = n;
      if (seen.CaseRouted >= n) return true;
      arrived = new Promise<void>((r) => { reached = r; });
      let timer: NodeJS.Timeout | undefined;
      const ok = await Promise.race([arrived.then(() => true), new Promise<boolean>((r) => { timer = setTimeout(() => r(false), ms); })]);
      clearTimeout(timer);
      return ok;
    };

    // Warm-up: one record over HTTP, routed end to end, so every consumer has joined its group.
    const w0 = performance.now();
    const operator = await createApiKey(sys, { role: 'operator', name: 'bench' });
    const warm = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: `${sys.prefix}warm` }), operator.headers);
    if (warm.status !== 202) throw new Error(`warm-up intake answered ${warm.status}: ${JSON.stringify(warm.body)}`);
    if (!(await waitRouted(1, 90_000))) throw new Error(`warm-up case not routed in 90 s\n${sys.dumpLogs()}`);
    const warmupMs = performance.now() - w0;
    say(`  warm-up case routed after ${(warmupMs / 1000).toFixed(1)} s; publishing ${records} records`);

    const run = `${sys.prefix}bulk`;
    const list = Array.from({ length: records }, (_, i) => aComplaintRecord({ sourceRef: `${run}-${i}` }));
    const live: Sample = { n: 0, wallMs: 0, latencies: [] };
    let livePending = 0;
    const t0 = Date.now();
    const p0 = performance.now();
    const progress = setInterval(() => say(`  ${((performance.now() - p0) / 1000).toFixed(0)} s: ${seen.CaseRegistered - 1} registered, ${seen.CaseRouted - 1}/${records} routed; live lane ${live.n} calls`), 10_000);
    // The bulk load goes to the bulk lane (intake.imports), as an import would.
    for (let i = 0; i < list.length; i += 500) {
      await sendJson(producer, topics.intakeImports, list.slice(i, i + 500).map((r) => ({
        key: intakeKey('12315', r.sourceRef), value: { type: 'IntakeRecord12315', version: 1, source: 'bench', data: r },
      })));
    }
    // Meanwhile an operator logs a phone complaint every 200 ms on the live lane: time to its case number.

    let loadDone = false;
    const liveLoop = (async () => {
      for (let i = 0; !loadDone; i += 1) {
        const a = performance.now();
        const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: `${sys.prefix}live-${i}` }), operator.headers);
        if (res.status !== 202) throw new Error(`live intake answered ${res.status}: ${JSON.stringify(res.body)}`);
        if (res.body.pending) livePending += 1;
        live.latencies.push(performance.now() - a);
        live.n += 1;
        live.wallMs = performance.now() - p0;
        await sleep(200);
      }
    })();
    const done = await waitRouted(1 + records, timeoutMs);
    loadDone = true;
    await liveLoop;
    clearInterval(progress);
    const totalMs = performance.now() - p0;
    const routed = Math.min(records, seen.CaseRouted - 1 - live.n);
    if (!done) say(`  timed out with ${routed}/${records} routed`);
    await observer.stop();
    // One count to check the store agrees (the warm-up case included).
    const c0 = performance.now();
    const inStore = (await cases.countDocuments({ queue: { $exists: true } })) - 1;
    const countMs = performance.now() - c0;

    // Where the time went, from the services' own clocks (same machine as this one).
    const bulkCases = await cases.find({ 'registration.sourceRef': { $regex: `^${run.replace(/[.]/g, '\\.')}-` } }, { projection: { _id: 1, updatedAt: 1, queue: 1 } }).toArray();
    const routedAt = bulkCases.filter((c) => c.queue).map((c) => new Date(c.updatedAt as Date).getTime());
    const last = (xs: number[]) => (xs.length ? Math.max(...xs) - t0 : NaN);
    const stages = {
      intakeDone: NaN,
      registeredDone: last(routedAt),
      routedDone: last(routedAt),
      firstRouted: routedAt.length ? Math.min(...routedAt) - t0 : NaN,
    };

    // HTTP intake, one request after another, on a quiet system.
    let httpPending = 0;
    const http = await sequential(httpPosts, async (i) => {
      const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: `${sys.prefix}http-${i}` }), operator.headers);
      if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.pending) httpPending += 1;
    });
    await sleep(1000);
    const rssKb = serviceRss();
    const sizes: Record<string, number> = {};
    for (const name of [COLLECTIONS.cases, COLLECTIONS.caseEvents, COLLECTIONS.commandResults, COLLECTIONS.caseNumbers, COLLECTIONS.duplicateHints]) {
      sizes[name] = await db.collection(name).estimatedDocumentCount();
    }
    return { records, routed, totalMs, stages, http, httpPending, live, livePending, rssKb, warmupMs, inStore, countMs, sizes };
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await sys.stopAll();
    if (db) {
      await db.dropDatabase().catch((e: Error) => say(`  (could not drop ${sys.db}: ${e.message})`));
      await db.close();
    }
    const admin = kafka.admin();
    await admin.connect().then(async () => {
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(sys.prefix));
      if (mine.length) await admin.deleteTopics({ topics: mine });
      await admin.deleteGroups(SERVICES.map((s) => `${sys.prefix}${s}`)).catch(() => undefined);
    }).catch((e: Error) => say(`  (could not delete the bench topics: ${e.message})`)).finally(() => admin.disconnect());
  }
}

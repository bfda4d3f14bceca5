import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Redis } from 'ioredis';
import { createKafka, ensureTopics, sendJson, startConsumer, startProducer, type CommandCounts, type Kafka, type Logger } from '@cw/platform';
import { COLLECTIONS, STATS_META, bucketsOf, intakeKey, topicNames, topicSpecs } from '@cw/contracts';
import { startSystem, postJson, type ServiceName } from '../test/support/system.js';
import { createApiKey } from '../test/support/auth.js';
import { aComplaintRecord } from '../test/support/builders.js';
import { platform } from '../test/support/env.js';
import { bucketSnapshot, runStatsRebuild } from '../test/support/stats.js';
import { redisCalls, say, sleep, sequential, type Sample } from './measure.js';

const SERVICES: ServiceName[] = ['gateway', 'intake', 'router', 'workflow', 'sla', 'stats'];
const ENTRY_OF: Record<string, string> = {
  'gateway/dist/main.js': 'gateway',
  'services/intake/dist/main.js': 'intake',
  'services/router/dist/main.js': 'router',
  'services/workflow/dist/main.js': 'workflow',
  'services/sla/dist/main.js': 'sla',
  'services/stats/dist/main.js': 'stats',
};
const serviceOf = (args: string) => Object.entries(ENTRY_OF).find(([e]) => args.includes(e))?.[1];

/** The processes the figures are about: the services (children of this process) and the servers underneath. */
function processesByName(): { pid: number; name: string }[] {
  let list = '';
  try {
    list = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const out: { pid: number; name: string }[] = [];
  for (const line of list.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [, pid, ppid, args] = m as unknown as [string, string, string, string];
    const service = Number(ppid) === process.pid ? serviceOf(args) : undefined;
    const server = service ? undefined
      : /^postgres|\/postgres\s/.test(args) ? 'postgresql (sum of its processes)'
        : /kafka\.Kafka|kafka-server/.test(args) ? 'kafka (JVM)'
          : /^\S*ferretdb/.test(args) ? 'ferretdb'
            : /redis-server/.test(args) ? 'redis' : undefined;
    const name = service ?? server;
    if (name) out.push({ pid: Number(pid), name });
  }
  return out;
}

/** Memory (PSS, kB) per process name. */
function rssKb(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, name } of processesByName()) {
    // PSS (shared pages split among the processes that map them): PostgreSQL's shared buffers once, not per backend.
    try {
      const status = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = /^Pss:\s+(\d+) kB/m.exec(status) ?? /^Rss:\s+(\d+) kB/m.exec(status);
      if (kb) out[name] = (out[name] ?? 0) + Number(kb[1]);
    } catch { /* exited */ }
  }
  return out;
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

/**
 * CPU time (ms, user + system, with reaped children) per process name, and of this process (the
 * load generator and observer): where the machine's two cores go during the load.
 */
function cpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { pid, name } of processesByName()) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime..cstime 14..17.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      out[name] = (out[name] ?? 0) + (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch { /* exited */ }
  }
  const own = process.cpuUsage();
  out['bench (load and observer)'] = (own.user + own.system) / 1000;
  return out;
}

/** Sum of the end offsets of each topic of the run. */
async function topicEnds(kafka: Kafka, prefix: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: Record<string, number> = {};
    for (const topic of (await admin.listTopics()).filter((t) => t.startsWith(prefix))) {
      out[topic.slice(prefix.length)] = (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Messages each service's consumer group has committed (summed over its topics and partitions). */
async function groupCommits(kafka: Kafka, prefix: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const out: Record<string, number> = {};
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix) && !g.includes('bench-observer'));
    for (const groupId of groups) {
      const offsets = await admin.fetchOffsets({ groupId });
      out[groupId.slice(prefix.length)] = offsets.reduce((s, t) => s + t.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0), 0);
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** Messages not yet committed, per service group (for the progress lines: where a stall sits). */
async function groupLags(kafka: Kafka, prefix: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const parts: string[] = [];
    for (const g of ['intake.imports', 'workflow', 'router', 'stats', 'sla']) {
      const groupId = g === 'stats'
        ? (await admin.listGroups()).groups.map((x) => x.groupId).find((x) => x.startsWith(`${prefix}stats.`))
        : `${prefix}${g}`;
      if (!groupId) continue;
      const offsets = await admin.fetchOffsets({ groupId });
      let lag = 0;
      for (const t of offsets) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) lag += Math.max(0, Number(ends.find((e) => e.partition === p.partition)?.high ?? 0) - Math.max(0, Number(p.offset)));
      }
      parts.push(`${g} ${lag}`);
    }
    return parts.join(', ');
  } catch {
    return '?';
  } finally {
    await admin.disconnect();
  }
}

/** Each service's store commands so far, from the files its driver monitoring writes. */
function storeCounts(dir: string): Record<string, CommandCounts> {
  const out: Record<string, CommandCounts> = {};
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    try {
      const { entry, counts } = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { entry: string; counts: CommandCounts };
      const service = serviceOf(entry) ?? entry;
      const into = (out[service] ??= {});
      for (const [cmd, c] of Object.entries(counts)) {
        const x = (into[cmd] ??= { commands: 0, documents: 0 });
        x.commands += c.commands;
        x.documents += c.documents;
      }
    } catch { /* being written */ }
  }
  return out;
}

const minus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => (v as number) !== 0));

function minusCounts(a: Record<string, CommandCounts>, b: Record<string, CommandCounts>): Record<string, CommandCounts> {
  const out: Record<string, CommandCounts> = {};
  for (const [service, counts] of Object.entries(a)) {
    for (const [cmd, c] of Object.entries(counts)) {
      const before = b[service]?.[cmd] ?? { commands: 0, documents: 0 };
      const d = { commands: c.commands - before.commands, documents: c.documents - before.documents };
      if (d.commands !== 0) (out[service] ??= {})[cmd] = d;
    }
  }
  return out;
}

export interface PipelineFigures {
  records: number;
  /** Cases counted by stats (`received`) at the end, of those published (live ones excluded). */
  counted: number;
  /** From the first publish until stats counted every case. */
  totalMs: number;
  /** When the last case was routed (CaseRouted observed), ms after the first publish. */
  routedMs: number;
  http: Sample;
  httpPending: number;
  /** Live-lane calls made while the bulk load ran: time to the case number. */
  live: Sample;
  livePending: number;
  rssKb: Record<string, number>;
  /** CPU ms per process over the measured load (from the first publish until all counted). */
  cpuMs: Record<string, number>;
  warmupMs: number;
  /** Deltas over the measured load: messages appended per topic, committed per group, store commands per service, Redis calls. */
  kafkaAppended: Record<string, number>;
  kafkaConsumed: Record<string, number>;
  store: Record<string, CommandCounts>;
  redis: Record<string, number>;
  /** With `kill`: what the store and Kafka hold after every service was SIGKILLed once during the load. */
  faults?: FaultCheck;
}

/** The counts that must agree after a load with SIGKILLs: nothing lost, nothing counted twice. */
export interface FaultCheck {
  killed: { service: ServiceName; atCounted: number; atMs: number }[];
  records: number;
  cases: number;
  distinctCaseNumbers: number;
  statsReceived: number;
  rebuildEqual: boolean;
  rebuildMs: number;
  deadLetters: number;
}

/**
 * The real services as child processes (built `dist/`), `records` 12315 records published to the
 * bulk lane (`intake.imports`), timed until stats has counted every one (Kafka in → registered →
 * routed → counted), with a phone complaint on the live lane every 200 ms meanwhile; then
 * sequential HTTP intake on the quiet system. Everything each part did is counted, not assumed.
 */
export async function benchPipeline(records: number, httpPosts: number, logger: Logger, timeoutMs: number,
  opts: { kill?: ServiceName[] } = {}): Promise<PipelineFigures> {
  const kill = opts.kill ?? [];
  const countsDir = mkdtempSync(path.join(os.tmpdir(), 'cw-bench-counts-'));
  const sys = await startSystem(SERVICES, { LOG_LEVEL: 'warn', MONGO_COMMAND_COUNTS_DIR: countsDir });
  const kafka = createKafka({ clientId: 'bench-pipeline', brokers: platform.KAFKA_BROKERS, logger });
  const topics = topicNames(sys.prefix);
  const redis = new Redis(platform.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
  let db: mongoose.Connection | undefined;
  let producer: Awaited<ReturnType<typeof startProducer>> | undefined;
  try {
    await ensureTopics(kafka, topicSpecs(topics, 12));
    producer = await startProducer(kafka);
    db = await mongoose.createConnection(sys.env.MONGO_URL!).asPromise();
    const store = db;

    // Routing is observed on `case.events` by a consumer group of our own; counting by reading the
    // stats buckets (a few hundred small documents) every 2 s.
    let routed = 0;
    const observer = await startConsumer(kafka, producer, {
      groupId: `${sys.prefix}bench-observer`, topics: [topics.caseEvents], logger, fromBeginning: true,
      deadLetterTopic: () => topics.caseEventsDlq,
      handle: async ({ message }) => {
        if ((JSON.parse(message.value?.toString() ?? '{}') as { type?: string }).type === 'CaseRouted') routed += 1;
      },
    });
    const received = async () => {
      const meta = await store.collection<{ _id: string; generation: string }>(STATS_META).findOne({ _id: 'active' });
      if (!meta) return 0;
      const rows = await store.collection<{ c: { received?: number } }>(bucketsOf(meta.generation)).find({}, { projection: { c: 1 } }).toArray();
      return rows.reduce((s, r) => s + (r.c?.received ?? 0), 0);
    };
    const until = async (what: string, ok: () => Promise<boolean>, ms: number, everyMs = 2000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) { if (await ok()) return true; await sleep(everyMs); }
      say(`  timed out waiting for ${what}`);
      return false;
    };

    // Warm-up: one record over HTTP, routed and counted, so every consumer has joined its group.
    const w0 = performance.now();
    const operator = await createApiKey(sys, { role: 'operator', name: 'bench' });
    const warm = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: `${sys.prefix}warm` }), operator.headers);
    if (warm.status !== 202) throw new Error(`warm-up intake answered ${warm.status}: ${JSON.stringify(warm.body)}`);
    if (!(await until('the warm-up case', async () => routed >= 1 && (await received()) >= 1, 120_000, 250))) throw new Error(`warm-up case not counted in 120 s\n${sys.dumpLogs()}`);
    const warmupMs = performance.now() - w0;
    say(`  warm-up case counted after ${(warmupMs / 1000).toFixed(1)} s; publishing ${records} records`);

    const before = { ends: await topicEnds(kafka, sys.prefix), commits: await groupCommits(kafka, sys.prefix), store: storeCounts(countsDir), redis: await redisCalls(redis), cpu: cpuMs() };
    const run = `${sys.prefix}bulk`;
    const live: Sample = { n: 0, wallMs: 0, latencies: [] };
    let livePending = 0;
    const p0 = performance.now();
    let lastCount = 1;
    const progress = setInterval(() => {
      const at = ((performance.now() - p0) / 1000).toFixed(0);
      const line = `${routed - 1}/${records} routed, ${lastCount - 1} counted by stats; live lane ${live.n} calls`;
      void groupLags(kafka, sys.prefix).then((lags) => say(`  ${at} s: ${line}; lag ${lags}`));
    }, 10_000);
    // The bulk load goes to the bulk lane (intake.imports), as an import would, 500 per request.
    const publishing = (async () => {
      for (let i = 0; i < records; i += 500) {
        await sendJson(producer!, topics.intakeImports, Array.from({ length: Math.min(500, records - i) }, (_, j) => aComplaintRecord({ sourceRef: `${run}-${i + j}` })).map((r) => ({
          key: intakeKey('12315', r.sourceRef), value: { type: 'IntakeRecord12315', version: 1, source: 'bench', data: r },
        })));
      }
    })();
    // Meanwhile an operator logs a phone complaint every 200 ms on the live lane: time to its case number.
    let loadDone = kill.length > 0; // the fault pass measures no latencies (the gateway is killed too)
    // With `kill`: SIGKILL each service in turn, evenly spaced over the load, and start it again at once.
    const killed: FaultCheck['killed'] = [];
    const killing = (async () => {
      for (const [i, service] of kill.entries()) {
        // Spaced by what stats counted (once each): relays after a restart repeat CaseRouted events.
        const at = Math.round((records * (i + 1)) / (kill.length + 1));
        let counted = 0;
        while ((counted = await received()) < at) await sleep(500);
        killed.push({ service, atCounted: counted, atMs: performance.now() - p0 });
        say(`  SIGKILL ${service} at ${counted} counted by stats; started again`);
        await sys.kill(service);
        sys.start(service);
      }
    })();
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
    await publishing;
    let routedMs = NaN;
    const allCounted = await until('stats to count every case', async () => {
      if (Number.isNaN(routedMs) && routed >= 1 + records + live.n) { routedMs = performance.now() - p0; loadDone = true; }
      lastCount = await received();
      return loadDone && lastCount >= 1 + records + live.n;
    }, timeoutMs);
    loadDone = true;
    await liveLoop;
    await killing;
    const totalMs = performance.now() - p0;
    const cpu = minus(cpuMs(), before.cpu);
    clearInterval(progress);
    await sleep(1500); // the counters files are written every second
    const after = { ends: await topicEnds(kafka, sys.prefix), commits: await groupCommits(kafka, sys.prefix), store: storeCounts(countsDir), redis: await redisCalls(redis) };
    await observer.stop();
    const counted = Math.max(0, (await received()) - 1 - live.n);
    if (!allCounted) say(`  ${counted}/${records} counted when the time ran out`);
    const rss = rssKb();
    // After the SIGKILLs: every record one case with its own number, counted once, equal to a
    // rebuild of the statistics from case.events, and no dead letter (the input was all valid).
    const checkFaults = async (): Promise<FaultCheck> => {
      await sleep(3000); // anything counted twice would show by now
      const expected = records + 1; // and the warm-up case
      const cases = store.collection<{ caseNo: string }>(COLLECTIONS.cases);
      const numbers = new Set((await cases.find({}, { projection: { caseNo: 1 } }).toArray()).map((d) => d.caseNo));
      const meta = await store.collection<{ _id: string; generation: string }>(STATS_META).findOne({ _id: 'active' });
      const liveBuckets = await bucketSnapshot(store, meta!.generation);
      const r0 = performance.now();
      const rebuilt = await runStatsRebuild(sys.env);
      const rebuildMs = performance.now() - r0;
      const ends = await topicEnds(kafka, sys.prefix);
      return {
        killed, records: expected, cases: await cases.countDocuments(), distinctCaseNumbers: numbers.size,
        statsReceived: Object.values(liveBuckets).reduce((n, c) => n + (c.received ?? 0), 0),
        rebuildEqual: JSON.stringify(await bucketSnapshot(store, rebuilt.generation)) === JSON.stringify(liveBuckets),
        rebuildMs,
        deadLetters: Object.entries(ends).filter(([t]) => t.endsWith('.dlq')).reduce((n, [, v]) => n + v, 0),
      };
    };
    const faults = kill.length > 0 ? await checkFaults() : undefined;

    // HTTP intake, one request after another, on a quiet system.
    let httpPending = 0;
    const http = await sequential(httpPosts, async (i) => {
      const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: `${sys.prefix}http-${i}` }), operator.headers);
      if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.pending) httpPending += 1;
    });
    return {
      records, counted, totalMs, routedMs, http, httpPending, live, livePending, rssKb: rss, cpuMs: cpu, warmupMs, faults,
      kafkaAppended: minus(after.ends, before.ends),
      kafkaConsumed: minus(after.commits, before.commits),
      store: minusCounts(after.store, before.store),
      redis: minus(after.redis, before.redis),
    };
  } finally {
    redis.disconnect();
    await producer?.disconnect().catch(() => undefined);
    await sys.stopAll();
    rmSync(countsDir, { recursive: true, force: true });
    if (db) {
      await db.dropDatabase().catch((e: Error) => say(`  (could not drop ${sys.db}: ${e.message})`));
      await db.close();
    }
    const admin = kafka.admin();
    await admin.connect().then(async () => {
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(sys.prefix));
      if (mine.length) await admin.deleteTopics({ topics: mine });
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(sys.prefix));
      await admin.deleteGroups(groups).catch(() => undefined);
    }).catch((e: Error) => say(`  (could not delete the bench topics: ${e.message})`)).finally(() => admin.disconnect());
    // BullMQ queue of the run.
    const r = new Redis(platform.REDIS_URL);
    const keys = await r.keys(`*${sys.prefix}*`).catch(() => [] as string[]);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500)).catch(() => undefined);
    r.disconnect();
  }
}

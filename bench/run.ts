/**
 * `npm run bench`: figures, no assertions. The raw speed of the parts underneath (FerretDB, Kafka,
 * Redis/BullMQ) against the real services end to end, on the local servers. See
 * docs/decisions/0009-benchmarks.md for measured figures and what they mean.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@cw/platform';
import { mongoUrlFor, platform, unique } from '../test/support/env.js';
import { fmt, percentile, perSecond, say, summary, table, type Sample } from './measure.js';
import { benchKafka, benchMongo, benchRedis } from './raw.js';
import { benchPipeline } from './pipeline.js';

const N_MONGO = 500;
/** Enough for several fetches per partition: with fewer, "from the first message" times one fetch decoded from memory. */
const N_KAFKA = 20_000;
const KAFKA_BATCH = 100;
const N_JOBS = 1000;
const N_RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const N_HTTP = 50;
/** The fault pass: the same bulk load again, every process SIGKILLed once during it (0 skips it). */
const N_FAULT_RECORDS = Number(process.env.BENCH_FAULT_RECORDS ?? N_RECORDS);
const KILL_ORDER = ['intake', 'workflow', 'router', 'sla', 'stats', 'gateway'] as const;
/** DOMAIN.md §8: 39.2M items a year nationally ≈ 1.2 items/s on average; peaks reach 20×. */
const NATIONAL_AVG = 1.2;
const NATIONAL_PEAK = 24;

const logger = createLogger('bench', process.env.BENCH_LOG_LEVEL ?? 'silent');
const row = (name: string, s: Sample) => {
  const x = summary(s);
  return [name, s.n, fmt(x.opsPerSec, 0), fmt(x.p50, 2), fmt(x.p95, 2)];
};

async function main() {
  const started = performance.now();
  say(`bench ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  say(`servers: kafka ${platform.KAFKA_BROKERS.join(',')}, mongo ${new URL(platform.MONGO_URL).host}, redis ${new URL(platform.REDIS_URL).host}`);

  say('\n1. Raw parts');
  say(`  FerretDB: sequential single-document operations, N=${N_MONGO}…`);
  const mongo = await benchMongo(mongoUrlFor(`cw-${unique('bench')}`), N_MONGO);
  say(`  Kafka: ${N_KAFKA} messages in batches of ${KAFKA_BATCH}, then a fresh consumer group…`);
  const kafka = await benchKafka(platform.KAFKA_BROKERS, N_KAFKA, KAFKA_BATCH, logger);
  say(`  Redis: ${N_JOBS} BullMQ delayed jobs…`);
  const redis = await benchRedis(platform.REDIS_URL, N_JOBS);

  say('');
  say(table(['operation (sequential)', 'n', 'ops/s', 'p50 ms', 'p95 ms'], [
    row('ferretdb insertOne (no indexes)', mongo.insert),
    row('ferretdb findOne {_id}', mongo.findById),
    row('ferretdb updateOne {_id} $set+$push', mongo.updateById),
    row('ferretdb findOne {_id} at 200 docs', mongo.findAt200),
    row('ferretdb findOne {_id} at 2,000 docs', mongo.findAt2000),
    row('ferretdb findOne {_id} absent, 2,000 docs', mongo.findMissAt2000),
    row('ferretdb updateOne {_id} at 200 docs', mongo.updateAt200),
    row('ferretdb updateOne {_id} at 2,000 docs', mongo.updateAt2000),
    row('ferretdb insertOne, 9 indexes (cases)', mongo.insertIndexed),
    row('ferretdb updateOne {_id}, 9 indexes', mongo.updateIndexed),
    row('ferretdb countDocuments, 2,000 docs', mongo.countScan),
    row(`ferretdb insertMany ×${mongo.bulkSize} into cases (per call)`, mongo.insertMany),
    row(`  the same with the 4 old B-trees (per call)`, mongo.insertManyBtree),
    row('ferretdb queue list, 3,000 cases (GIN on queue)', mongo.queueList),
    row('  the same with B-trees only', mongo.queueListBtree),
    row('ferretdb case history, 20,000 audit documents (GIN on caseId)', mongo.historyGin),
    row('  the same without', mongo.historyScan),
    row(`ferretdb bulkWrite ${mongo.replaceSize} replaces (per call)`, mongo.replaceBulk),
    row('kafka send 1 msg, acks=all', kafka.singleSend),
    row('ferretdb findOne {_id}, 8 at a time (per read)', mongo.findConcurrent),
    row('bullmq add delayed job', redis.add),
    row(`bullmq addBulk ×${redis.bulkSize} (per call)`, redis.addBulk),
  ]));
  const produceRate = perSecond(kafka.produced, kafka.produceMs);
  const consumeRate = perSecond(kafka.produced, kafka.consumeMs);
  const consumeSteady = perSecond(kafka.produced, kafka.consumeSteadyMs);
  say(`\n  kafka produce: ${kafka.produced} msgs in ${fmt(kafka.produceMs / 1000, 2)} s = ${fmt(produceRate, 0)} msg/s (batches of ${kafka.batchSize}, acks=all, idempotent)`);
  say(`  kafka consume: ${fmt(consumeRate, 0)} msg/s including the group join (${fmt(kafka.consumeMs / 1000, 2)} s; the raw rate used below), ${fmt(consumeSteady, 0)} msg/s from the first message (~1 KB messages, 12 partitions, eachBatch 4 at a time)`);
  const sizeRatio = summary(mongo.updateAt2000).p50 / summary(mongo.updateAt200).p50;
  say(`  collection size: updateOne {_id} p50 ${fmt(summary(mongo.updateAt200).p50, 2)} ms at 200 docs vs ${fmt(summary(mongo.updateAt2000).p50, 2)} ms at 2,000 (×${fmt(sizeRatio, 2)}); findOne {_id} ${fmt(summary(mongo.findAt200).p50, 2)} vs ${fmt(summary(mongo.findAt2000).p50, 2)} ms`);
  say(`  ⇒ an absent {_id} at 2,000 docs: ${fmt(summary(mongo.findMissAt2000).p50, 2)} ms (flat with the GIN index on _id, decision 0012; on SQLite it grew with the collection)`);

  say(`\n2. Pipeline: all six services as processes; ${N_RECORDS} 12315 records to the bulk lane (intake.imports), a live call every 200 ms meanwhile`);
  const pipe = await benchPipeline(N_RECORDS, N_HTTP, logger, 3_600_000);
  const cases = pipe.records + pipe.live.n;
  const casesPerSec = perSecond(pipe.counted, pipe.totalMs);
  say(`  ${pipe.counted}/${pipe.records} cases registered, routed and counted by stats in ${fmt(pipe.totalMs / 1000, 1)} s = ${fmt(casesPerSec, 1)} cases/s end to end (last CaseRouted at ${fmt(pipe.routedMs / 1000, 1)} s)`);
  const lv = pipe.live.latencies;
  say(`  live lane while the bulk load ran: ${pipe.live.n} POST /api/v1/intake/12315, time to the case number p50 ${fmt(percentile(lv, 50), 0)} ms, p99 ${fmt(percentile(lv, 99), 0)} ms, max ${fmt(Math.max(...lv), 0)} ms; ${pipe.livePending} answered pending`);
  const h = summary(pipe.http);
  say(`  HTTP intake on the quiet system afterwards, ${pipe.http.n} sequential POST /api/v1/intake/12315 (the answer waits for the registered case): p50 ${fmt(h.p50, 0)} ms, p95 ${fmt(h.p95, 0)} ms; ${pipe.httpPending} answered pending`);

  // Per case, measured over the load (${cases} cases: bulk + live), not assumed.
  const per = (x: number) => x / cases;
  say(`\n  measured per case (${cases} cases created during the load):`);
  say(table(['part', 'per case', 'what'], [
    ...Object.entries(pipe.kafkaAppended).sort().map(([t, v]) => [`kafka appended ${t}`, fmt(per(v), 2), 'end-offset delta']),
    ...Object.entries(pipe.kafkaConsumed).sort().map(([g, v]) => [`kafka consumed by ${g}`, fmt(per(v), 2), 'committed-offset delta']),
    ...Object.entries(pipe.store).sort().flatMap(([service, counts]) => Object.entries(counts).sort().map(([cmd, c]) =>
      [`store ${service} ${cmd}`, `${fmt(per(c.commands), 3)} cmds`, c.documents > 0 ? `${fmt(per(c.documents), 2)} documents` : ''])),
    ...Object.entries(pipe.redis).sort(([, a], [, b]) => b - a).slice(0, 8).map(([cmd, v]) => [`redis ${cmd}`, fmt(per(v), 2), 'INFO commandstats delta']),
  ]));
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  const storeOf = (kind: (cmd: string) => boolean, field: 'commands' | 'documents') =>
    Object.values(pipe.store).reduce((s, counts) => s + Object.entries(counts).filter(([cmd]) => kind(cmd)).reduce((n, [, c]) => n + c[field], 0), 0);
  const inserted = per(storeOf((c) => c === 'insert', 'documents'));
  const updated = per(storeOf((c) => c === 'update' || c === 'delete', 'documents'));
  const reads = per(storeOf((c) => c !== 'insert' && c !== 'update' && c !== 'delete', 'commands'));
  const storeCommands = per(storeOf(() => true, 'commands'));
  const appended = per(sum(pipe.kafkaAppended));
  const consumed = per(sum(pipe.kafkaConsumed));
  const redisCalls = per(sum(pipe.redis));
  say(`  totals per case: store ${fmt(storeCommands, 2)} commands (${fmt(inserted, 2)} documents inserted, ${fmt(updated, 2)} replaced/updated, ${fmt(reads, 2)} reads and other commands); kafka ${fmt(appended, 2)} messages appended, ${fmt(consumed, 2)} consumed; redis ${fmt(redisCalls, 2)} commands`);
  const cpuTotal = sum(pipe.cpuMs);
  const cores = os.cpus().length;
  say(`  CPU during the load (${fmt(pipe.totalMs / 1000, 1)} s × ${cores} cores = ${fmt((pipe.totalMs * cores) / 1000, 0)} core-s available; used ${fmt(cpuTotal / 1000, 0)} core-s = ${fmt((100 * cpuTotal) / (pipe.totalMs * cores), 0)} %), per case:`);
  say(`    ${Object.entries(pipe.cpuMs).sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${fmt(per(v), 2)} ms`).join(', ')}; total ${fmt(per(cpuTotal), 2)} ms`);
  say(`  memory at the end (PSS): ${Object.entries(pipe.rssKb).map(([k, v]) => `${k} ${fmt(v / 1024, 0)} MB`).join(', ') || 'n/a'}`);
  const servicesMb = Object.entries(pipe.rssKb).filter(([k]) => !/kafka|ferretdb|postgres|redis/.test(k)).reduce((s, [, v]) => s + v, 0) / 1024;
  say(`  services and gateway together: ${fmt(servicesMb, 0)} MB`);

  say('\n3. Comparison');
  const insertManyDocsPerSec = perSecond(mongo.insertMany.n * mongo.bulkSize, mongo.insertMany.wallMs);
  const replaceDocsPerSec = perSecond(mongo.replaceBulk.n * mongo.replaceSize, mongo.replaceBulk.wallMs);
  const readsPerSec = perSecond(mongo.findConcurrent.n, mongo.findConcurrent.wallMs);
  const redisPerSec = perSecond(redis.bulkRedisCalls, redis.addBulk.wallMs);
  // Raw limit per case = 1 / Σ(count / rate): the measured counts at the raw rates of the same run.
  const parts: [string, number, number][] = [
    ['store documents inserted', inserted, insertManyDocsPerSec],
    ['store documents replaced', updated, replaceDocsPerSec],
    ['store reads and other commands', reads, readsPerSec],
    ['kafka messages appended', appended, produceRate],
    // With the group join: "from the first message" times batches kafkajs had already fetched.
    ['kafka messages consumed', consumed, consumeRate],
    ['redis commands', redisCalls, redisPerSec],
  ];
  const secondsPerCase = parts.reduce((s, [, count, rate]) => s + count / rate, 0);
  const rawLimit = 1 / secondsPerCase;
  say(table(['figure', 'value', 'note'], [
    ['pipeline', `${fmt(casesPerSec, 1)} cases/s`, `${pipe.counted} records on the bulk lane, Kafka in → registered → routed → counted in stats`],
    ...parts.map(([name, count, rate]) => [`  ${name}`, `${fmt(count, 2)} per case`, `raw ${fmt(rate, 0)}/s → ${fmt((100 * (count / rate)) / secondsPerCase, 0)} % of the raw time per case`]),
    ['raw limit per case', `${fmt(rawLimit, 0)} cases/s`, '1 / Σ(count / raw rate), counts measured above'],
    ['  pipeline ÷ raw limit', `${fmt((100 * casesPerSec) / rawLimit, 0)} %`, ''],
    ['national average (DOMAIN §8)', `${NATIONAL_AVG} items/s`, `margin ×${fmt(casesPerSec / NATIONAL_AVG, 1)}`],
    ['national peak 20×', `${NATIONAL_PEAK} items/s`, `margin ×${fmt(casesPerSec / NATIONAL_PEAK, 2)}${casesPerSec < NATIONAL_PEAK ? ' — BELOW the peak' : ''}`],
  ]));

  if (N_FAULT_RECORDS > 0) {
    say(`\n4. Faults: ${N_FAULT_RECORDS} records on the bulk lane again, each process SIGKILLed once during the load and started again (${KILL_ORDER.join(', ')})`);
    const f = await benchPipeline(N_FAULT_RECORDS, 0, logger, 3_600_000, { kill: [...KILL_ORDER] });
    const x = f.faults!;
    const ok = x.cases === x.records && x.distinctCaseNumbers === x.records && x.statsReceived === x.records && x.rebuildEqual && x.deadLetters === 0;
    say(`  all counted in ${fmt(f.totalMs / 1000, 1)} s = ${fmt(perSecond(f.counted, f.totalMs), 1)} cases/s with the restarts`);
    say(table(['check', 'value', 'expected'], [
      ['records sent (and the warm-up case)', String(x.records), ''],
      ['case documents', String(x.cases), String(x.records)],
      ['distinct case numbers', String(x.distinctCaseNumbers), String(x.records)],
      ['stats received', String(x.statsReceived), String(x.records)],
      ['stats equal to a rebuild from case.events', x.rebuildEqual ? 'yes' : 'NO', `yes (rebuild took ${fmt(x.rebuildMs / 1000, 1)} s)`],
      ['dead letters (all topics)', String(x.deadLetters), '0'],
    ]));
    say(`  ⇒ ${ok ? 'nothing lost, nothing counted twice' : 'FAILED: the counts disagree'}`);
  }
  say(`\ntotal bench time ${fmt((performance.now() - started) / 1000, 0)} s`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

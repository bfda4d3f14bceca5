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
const N_KAFKA = 5000;
const KAFKA_BATCH = 100;
const N_JOBS = 1000;
const N_RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const N_HTTP = 50;
/** DOMAIN.md §8: 39.2M items a year nationally ≈ 1.2 items/s on average; peaks reach 20×. */
const NATIONAL_AVG = 1.2;
const NATIONAL_PEAK = 24;

/**
 * Store documents per 12315 complaint on its way to being registered and routed, counted from the
 * code (services/intake, services/workflow/src/persistence/case-store.ts), all written in bulk:
 * intake 1 hint insert (+1 block claim per 100 cases); workflow 1 case insert, 2 event inserts,
 * 1 verdict insert. No reads on this path. Kafka: 3 messages per case (record, RegisterCase, 2
 * events → counted as 4). Not yet measured by command monitoring (issue 10 item 1: partial).
 */
const OPS_PER_CASE = { reads: 0, inserts: 5, updates: 0 };
const OPS_TOTAL = OPS_PER_CASE.reads + OPS_PER_CASE.inserts + OPS_PER_CASE.updates;
const KAFKA_SENDS_PER_CASE = 4;

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
    row(`ferretdb insertMany ×${mongo.bulkSize} (per call)`, mongo.insertMany),
    row(`ferretdb bulkWrite ${mongo.replaceSize} replaces (per call)`, mongo.replaceBulk),
    row('kafka send 1 msg, acks=all', kafka.singleSend),
    row('bullmq add delayed job', redis.add),
  ]));
  const produceRate = perSecond(kafka.produced, kafka.produceMs);
  const consumeRate = perSecond(kafka.produced, kafka.consumeMs);
  const consumeSteady = perSecond(kafka.produced, kafka.consumeSteadyMs);
  say(`\n  kafka produce: ${kafka.produced} msgs in ${fmt(kafka.produceMs / 1000, 2)} s = ${fmt(produceRate, 0)} msg/s (batches of ${kafka.batchSize}, acks=all, idempotent)`);
  say(`  kafka consume: ${fmt(consumeRate, 0)} msg/s including the group join (${fmt(kafka.consumeMs / 1000, 2)} s), ${fmt(consumeSteady, 0)} msg/s from the first message (eachMessage, 1 partition at a time)`);
  const sizeRatio = summary(mongo.updateAt2000).p50 / summary(mongo.updateAt200).p50;
  say(`  collection size: updateOne {_id} p50 ${fmt(summary(mongo.updateAt200).p50, 2)} ms at 200 docs vs ${fmt(summary(mongo.updateAt2000).p50, 2)} ms at 2,000 (×${fmt(sizeRatio, 2)}); findOne {_id} ${fmt(summary(mongo.findAt200).p50, 2)} vs ${fmt(summary(mongo.findAt2000).p50, 2)} ms`);
  say(`  ⇒ an absent {_id} at 2,000 docs: ${fmt(summary(mongo.findMissAt2000).p50, 2)} ms (flat with the GIN index on _id, decision 0012; on SQLite it grew with the collection)`);

  say(`\n2. Pipeline: gateway, intake, router, workflow as processes (stats and sla not started); ${N_RECORDS} 12315 records to the bulk lane (intake.imports), live calls meanwhile`);
  const pipe = await benchPipeline(N_RECORDS, N_HTTP, logger, 900_000);
  const casesPerSec = perSecond(pipe.routed, pipe.totalMs);
  void OPS_TOTAL;
  const s = pipe.stages;
  say(`  ${pipe.routed}/${pipe.records} cases registered and routed in ${fmt(pipe.totalMs / 1000, 1)} s = ${fmt(casesPerSec, 2)} cases/s end to end (CaseRouted events observed on case.events)`);
  say(`  stages (services' clocks, s after the first publish): first case routed ${fmt(s.firstRouted / 1000, 1)}, last ${fmt(s.routedDone / 1000, 1)} (registered and routed in one write)`);
  const lv = pipe.live.latencies;
  say(`  live lane while the bulk load ran: ${pipe.live.n} POST /api/v1/intake/12315, time to the case number p50 ${fmt(percentile(lv, 50), 0)} ms, p99 ${fmt(percentile(lv, 99), 0)} ms, max ${fmt(Math.max(...lv), 0)} ms; ${pipe.livePending} answered pending`);
  const h = summary(pipe.http);
  say(`  HTTP intake, ${pipe.http.n} sequential POST /api/v1/intake/12315 (the answer waits for the registered case): p50 ${fmt(h.p50, 0)} ms, p95 ${fmt(h.p95, 0)} ms, ${fmt(h.opsPerSec, 1)} req/s; ${pipe.httpPending} answered pending`);
  say(`  the store holds ${pipe.inStore} routed bulk cases (one countDocuments at the end: ${fmt(pipe.countMs, 0)} ms)`);
  say(`  collections at the end: ${Object.entries(pipe.sizes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  say(`  RSS at the end: ${Object.entries(pipe.rssKb).map(([k, v]) => `${k} ${fmt(v / 1024, 0)} MB`).join(', ') || 'n/a'}`);

  say('\n3. Comparison');
  const insertManyDocsPerSec = perSecond(mongo.insertMany.n * mongo.bulkSize, mongo.insertMany.wallMs);
  const replaceDocsPerSec = perSecond(mongo.replaceBulk.n * mongo.replaceSize, mongo.replaceBulk.wallMs);
  // Raw limit per case = 1 / Σ(count / rate): the store's bulk inserts and Kafka's batched produce and consume.
  const secondsPerCase = OPS_PER_CASE.inserts / insertManyDocsPerSec + OPS_PER_CASE.updates / replaceDocsPerSec
    + KAFKA_SENDS_PER_CASE / produceRate + KAFKA_SENDS_PER_CASE / consumeSteady;
  const rawLimit = 1 / secondsPerCase;
  say(table(['figure', 'value', 'note'], [
    ['pipeline', `${fmt(casesPerSec, 1)} cases/s`, `${pipe.routed} records on the bulk lane, Kafka in → registered and routed`],
    ['raw FerretDB insertMany', `${fmt(insertManyDocsPerSec, 0)} docs/s`, `batches of ${mongo.bulkSize}, indexes of cases`],
    ['raw FerretDB bulk replace', `${fmt(replaceDocsPerSec, 0)} docs/s`, `batches of ${mongo.replaceSize}`],
    ['raw Kafka produce (batched)', `${fmt(produceRate, 0)} msg/s`, 'acks=all, idempotent'],
    ['raw Kafka consume', `${fmt(consumeSteady, 0)} msg/s`, 'steady, fresh group'],
    ['raw limit per case', `${fmt(rawLimit, 0)} cases/s`, `1 / (${OPS_PER_CASE.inserts} inserts + ${OPS_PER_CASE.updates} replaces + ${KAFKA_SENDS_PER_CASE} produced + ${KAFKA_SENDS_PER_CASE} consumed messages at the raw rates); counts from the code`],
    ['  pipeline ÷ raw limit', `${fmt((100 * casesPerSec) / rawLimit, 0)} %`, ''],
    ['BullMQ add', `${fmt(summary(redis.add).opsPerSec, 0)} jobs/s`, 'sla (not in this run)'],
    ['national average (DOMAIN §8)', `${NATIONAL_AVG} items/s`, `margin ×${fmt(casesPerSec / NATIONAL_AVG, 1)}`],
    ['national peak 20×', `${NATIONAL_PEAK} items/s`, `margin ×${fmt(casesPerSec / NATIONAL_PEAK, 2)}${casesPerSec < NATIONAL_PEAK ? ' — BELOW the peak' : ''}`],
  ]));
  say(`\ntotal bench time ${fmt((performance.now() - started) / 1000, 0)} s`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

import { expect } from 'chai';
import { createKafka, ensureTopics, sendJson, startConsumer, startProducer, type Producer } from '@cw/platform';
import { SYSTEM_ACTOR, topicNames, topicSpecs, type Envelope } from '@cw/contracts';
import { aCase } from '@cw/stats/testing';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

/**
 * Contracts are versioned (decision 0020): MediationSucceeded is at version 2 (the total in fen).
 * Every consumer of `case.events` reads a version 1 event, as an older workflow wrote it, through
 * the upcaster; a version newer than this build knows is poison in every group.
 */
describe('event versions on case.events: every consumer reads version 1 through its upcaster', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let producer: Producer;
  before(async () => {
    sys = await startSystem(['gateway', 'router', 'sla', 'stats']);
    const kafka = createKafka({ clientId: unique('versions'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    await ensureTopics(kafka, topicSpecs(topicNames(sys.prefix), platform.KAFKA_PARTITIONS));
    producer = await startProducer(kafka);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`${sys.dumpLogs()}\n`);
  });
  after(async () => {
    await producer?.disconnect();
    await sys?.stopAll();
  });

  /** A whole case life as the workflow writes it, its MediationSucceeded at `version`, in v1 shape when 1. */
  const stream = (caseId: string, totalYuan: string, version: number): Envelope[] =>
    aCase(caseId).registered().routed('441521', 'food').accepted('2020-10-09T10:00:00+08:00').succeeded('2020-11-02T10:00:00+08:00', totalYuan).events
      .map((e) => {
        const old = e.type === 'MediationSucceeded';
        const data = old && version === 1
          ? { ...e.data, recovered: { ...(e.data as { recovered: Record<string, unknown> }).recovered, totalFen: undefined } }
          : e.data;
        return {
          id: `${caseId}:${e.caseVersion}`, type: e.type, version: old ? version : 1, caseId, caseVersion: e.caseVersion,
          occurredAt: e.occurredAt, recordedAt: e.occurredAt, correlationId: caseId, causationId: caseId,
          actor: SYSTEM_ACTOR('workflow'), source: 'workflow', data: JSON.parse(JSON.stringify(data)) as unknown,
        };
      });

  it('counts the money of a version 1 MediationSucceeded and dead-letters a version 3 in every group', async () => {
    const topics = topicNames(sys.prefix);
    const kafka = createKafka({ clientId: unique('dlq-reader'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const dead: { group: string; caseId: string; reason: string }[] = [];
    const reader = await startConsumer(kafka, producer, {
      groupId: unique('dlq-reader'), topics: [topics.caseEventsDlq], logger: testLogger, deadLetterTopic: (t) => `${t}.x`,
      handle: async ({ message }) => {
        const h = (k: string) => message.headers?.[k]?.toString() ?? '';
        dead.push({ group: h('dlq-group').replace(sys.prefix, '').replace(/^stats\..*/, 'stats'), caseId: message.key?.toString() ?? '', reason: h('dlq-reason') });
      },
    });
    try {
      const old = stream(unique('v1'), '350.10', 1);
      expect(old[3]!.data).to.not.have.nested.property('recovered.totalFen');
      const newer = stream(unique('v3'), '99.00', 3);
      await sendJson(producer, topics.caseEvents, [...old, ...newer].map((e) => ({ key: e.caseId, value: e })));

      // Stats folds the version 1 event as version 2: ¥350.10 recovered. The version 3 event is
      // refused; its case's other events count (received), its money does not.
      const year = await eventually(async () => {
        const s = (await getJson(`${sys.url}/api/v1/stats?from=2020-01-01&to=2020-12-31`, sys.adminHeaders)).body;
        return s.counts?.received?.value === 2 && s.rates?.mediationSuccessRate?.numerator === 1 ? s : undefined;
      }, 'stats to count both cases and one success', 90_000, 500);
      expect(year.moneyRecovered).to.include({ yuan: '350.10', fen: '35010' });

      await eventually(() => dead.length >= 3 || undefined, 'the version 3 event dead-lettered by router, sla and stats', 60_000, 200);
      expect(dead.map((d) => d.group).sort()).to.deep.equal(['router', 'sla', 'stats']);
      for (const d of dead) {
        expect(d.caseId).to.equal(newer[0]!.caseId);
        expect(d.reason).to.match(/MediationSucceeded has version 3; this build reads versions 1 to 2/);
      }
    } finally {
      await reader.stop();
    }
  });
});

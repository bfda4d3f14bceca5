import { expect } from 'chai';
import { startSystem, postJson, freePort, type ServiceName, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { createKafka, sendJson, startProducer } from '@cw/platform';
import { eventually, platform, testLogger } from '../support/env.js';

const SERVICES = ['intake', 'router', 'workflow', 'sla', 'stats'] as const satisfies readonly ServiceName[];

/** The value of every sample of `name` whose labels include all of `labels`, summed (undefined: no such sample). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total = (total ?? 0) + Number(m[4]);
  }
  return total;
}

describe('Prometheus metrics and health of every process, on the real pipeline (issue 15, item 3)', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  const ports: Partial<Record<ServiceName, number>> = {};
  const scrape = async (where: string) => {
    const res = await fetch(`${where}/metrics`);
    expect(res.status, where).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const metricsOf = (s: ServiceName) => `http://127.0.0.1:${ports[s]}`;

  before(async () => {
    for (const s of SERVICES) ports[s] = await freePort();
    sys = await startSystem(['gateway', ...SERVICES], {}, Object.fromEntries(SERVICES.map((s) => [s, { METRICS_PORT: String(ports[s]) }])));
    operator = await createApiKey(sys, { role: 'operator' });
  });
  after(async () => { await sys?.stopAll(); });

  it('every service answers /health 200 once its consumers have joined, naming its groups', async () => {
    for (const s of SERVICES) {
      const body = await eventually(async () => {
        const res = await fetch(`${metricsOf(s)}/health`).catch(() => undefined);
        return res?.status === 200 ? (await res.json()) as { status: string; service: string; consumers: { group: string; joined: boolean }[] } : undefined;
      }, `${s} healthy`, 60_000);
      expect(body.service).to.equal(s);
      expect(body.status).to.equal('ok');
      expect(body.consumers.length, s).to.be.greaterThan(0);
      expect(body.consumers.every((c) => c.joined && c.group.startsWith(sys.prefix))).to.equal(true);
    }
  });

  it('a routed complaint shows in the series: consumed and produced per topic, store commands, HTTP by route', async () => {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord(), operator.headers);
    expect(res.status).to.equal(202);
    expect(res.body.cases[0].caseNo).to.be.a('string');
    const events = `${sys.prefix}case.events`;
    // Every consumer of case.events counts the case's events once its batch is committed.
    for (const s of ['router', 'sla', 'stats'] as const) {
      await eventually(async () => (sample(await scrape(metricsOf(s)), 'cw_kafka_messages_consumed_total', { service: s, topic: events }) ?? 0) >= 2, `${s} to count the case's events`, 30_000);
    }
    const workflow = await scrape(metricsOf('workflow'));
    expect(sample(workflow, 'cw_kafka_messages_produced_total', { service: 'workflow', topic: events })).to.be.at.least(2);
    expect(sample(workflow, 'cw_kafka_messages_consumed_total', { group: `${sys.prefix}workflow`, topic: `${sys.prefix}case.commands` })).to.be.at.least(1);
    expect(sample(workflow, 'cw_store_command_duration_seconds_count', { command: 'insert', outcome: 'ok' })).to.be.at.least(1);
    expect(sample(workflow, 'process_resident_memory_bytes', { service: 'workflow' })).to.be.greaterThan(0);
    const intake = await scrape(metricsOf('intake'));
    expect(sample(intake, 'cw_kafka_messages_produced_total', { topic: `${sys.prefix}case.commands` })).to.be.at.least(1);

    const gateway = await scrape(sys.url);
    expect(sample(gateway, 'cw_http_request_duration_seconds_count', { service: 'gateway', method: 'POST', route: '/api/v1/intake/12315', status: '202' })).to.equal(1);
    expect(sample(gateway, 'cw_http_request_duration_seconds_count', { route: '/healthz', status: '200' })).to.be.at.least(1);
    expect(gateway).not.to.match(/route="\/api\/v1\/cases\/[A-Z0-9-]{6,}/); // patterns, never raw paths
    expect(sample(gateway, 'cw_socketio_connections', { namespace: '/live' })).to.equal(0);
    expect(sample(gateway, 'cw_bullmq_jobs', { state: 'delayed' })).to.be.a('number');
    expect(sample(gateway, 'cw_kafka_consumer_lag', { group: `${sys.prefix}router` })).to.be.a('number');
  });

  it('a dead letter is counted by the consumer that sent it', async () => {
    // A record that intake's schema refuses, sent straight to the topic (HTTP would refuse it first).
    const kafka = createKafka({ clientId: 'metrics-test', brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const producer = await startProducer(kafka);
    try {
      await sendJson(producer, `${sys.prefix}intake.records`, [{ key: 'bad', value: { channel: '12315-hotline', nonsense: true } }]);
    } finally {
      await producer.disconnect();
    }
    await eventually(async () => (sample(await scrape(metricsOf('intake')), 'cw_kafka_messages_dead_lettered_total', { topic: `${sys.prefix}intake.records` }) ?? 0) >= 1, 'the dead letter counted', 30_000);
  });

  it("a stopped consumer's lag grows on the gateway's series while its process is gone", async () => {
    await sys.stop('router');
    const lag = async () => sample(await scrape(sys.url), 'cw_kafka_consumer_lag', { group: `${sys.prefix}router`, topic: `${sys.prefix}case.events` }) ?? 0;
    const before = await lag();
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord(), operator.headers);
      expect(res.status).to.equal(202);
    }
    // 3 cases × (registered, routed); the gauge is read from the brokers at most every 5 s.
    await eventually(async () => (await lag()) >= before + 6, 'the router group lag to grow by 6', 30_000, 1000);
    sys.start('router');
    await eventually(async () => (await lag()) === 0, 'the restarted router to catch up', 60_000, 1000);
  });
});

import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { createKafka, startProducer, sendJson, startConsumer } from '@cw/platform';
import { topicNames } from '@cw/contracts';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord, aWorkOrder } from '../support/builders.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

describe('intake and routing, end to end through Kafka, FerretDB and the real services', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  let supervisor: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow']);
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await createApiKey(sys, { role: 'supervisor' });
  });
  after(async () => { await sys?.stopAll(); });

  it('posts a complaint and reads the routed case through the API', async () => {
    const started = Date.now();
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord(), operator.headers);
    expect(res.status).to.equal(202);
    expect(res.body.cases).to.have.length(1);
    const [{ caseId, caseNo, kind }] = res.body.cases;
    expect(kind).to.equal('complaint');
    expect(caseNo).to.match(/^TS-\d{4}-\d{6}$/);
    const routed = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers);
      return r.status === 200 && r.body.queue ? r.body : undefined;
    }, 'the routed case', 10_000);
    testLogger.info({ ms: Date.now() - started }, 'posted → routed');
    expect(routed).to.include({ caseId, caseNo, kind: 'complaint', channel: '12315-hotline', category: 'food', district: '441521', queue: '441521:food', ruleSet: 'SAMR-121' });
    expect(routed.routing.jurisdiction.ruleId).to.equal('address');
    expect(routed.routing.category.ruleId).to.be.a('string').and.not.equal('none');
    expect(routed.version).to.equal(2);
    expect(routed.consumer.phone).to.equal('138****8000');
    expect(routed.consumer.idNumber).to.equal('4415**********123X');
    expect(JSON.stringify(routed)).not.to.contain('13800138000');
  });

  it('splits complaint+report into two cases and answers a repeat with the same cases', async () => {
    const record = aComplaintRecord({ kind: 'complaint+report', receivedAt: '2020-09-28T10:00:00+08:00' });
    const first = await postJson(`${sys.url}/api/v1/intake/12315`, record, operator.headers);
    expect(first.status).to.equal(202);
    expect(first.body.cases.map((c: { kind: string }) => c.kind)).to.deep.equal(['complaint', 'report']);
    expect(first.body.cases[1].caseNo).to.match(/^JB-2020-/);
    const again = await postJson(`${sys.url}/api/v1/intake/12315`, record, operator.headers);
    expect(again.body).to.deep.equal(first.body);
    const list = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases?sourceRef=${record.sourceRef}`, supervisor.headers);
      return r.body.total === 2 ? r.body : undefined;
    }, 'two cases for the record');
    expect(list.items.every((c: { ruleSet: string }) => c.ruleSet === 'SAMR-20')).to.equal(true);
  });

  it('flags a report from the same reporter about the same business as a possible duplicate of the earlier one', async () => {
    const reporter = { name: '李举报', phone: '13655556666' };
    const business = { name: '陆丰市某药店', address: '汕尾市陆丰市东海街道' };
    const post = async (overrides: Parameters<typeof aComplaintRecord>[0]) => {
      const r = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ kind: 'report', consumer: reporter, business, ...overrides }), operator.headers);
      expect(r.status).to.equal(202);
      return r.body.cases[0] as { caseId: string; caseNo: string };
    };
    const first = await post({ summary: '药店销售过期药品' });
    await post({ kind: 'complaint', summary: '同一人的投诉不算重复举报' });
    const second = await post({ summary: '药店再次销售过期药品', business: { ...business, name: '陆丰市 某药店' } });
    const c = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases/${second.caseId}`, supervisor.headers);
      return r.status === 200 ? r.body : undefined;
    }, 'the second report');
    expect(c.possibleDuplicates).to.deep.equal([{ caseId: first.caseId, caseNo: first.caseNo, receivedOn: c.receivedAt.slice(0, 10) }]);
    const other = await post({ consumer: { name: '王五', phone: '13900001111' } });
    expect((await getJson(`${sys.url}/api/v1/cases/${other.caseId}`, supervisor.headers)).body.possibleDuplicates).to.deep.equal([]);
  });

  it('exports the case list as CSV and XLSX, in the caller\'s scope, masked, Chinese by default', async () => {
    const record = aComplaintRecord({ receivedAt: '2020-10-09T09:30:00+08:00' });
    const posted = await postJson(`${sys.url}/api/v1/intake/12315`, record, operator.headers);
    const caseNo = posted.body.cases[0].caseNo as string;
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases?sourceRef=${record.sourceRef}`, supervisor.headers)).body.items?.[0]?.queue, 'the routed case');
    const csv = await fetch(`${sys.url}/api/v1/cases/export?format=csv&sourceRef=${record.sourceRef}`, { headers: supervisor.headers });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-disposition')).to.match(/^attachment; filename="?cases-\d{4}-\d{2}-\d{2}\.csv"?$/);
    const text = await csv.text();
    const [head, row, ...rest] = text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(head!.split(',').slice(0, 4)).to.deep.equal(['案件编号', '类型', '渠道', '状态']);
    expect(rest).to.have.length(0);
    expect(row).to.contain(caseNo).and.contain('投诉').and.contain('138****8000').and.contain('食品');
    expect(text).not.to.contain('13800138000');

    const xlsx = await fetch(`${sys.url}/api/v1/cases/export?lang=en&sourceRef=${record.sourceRef}`, { headers: supervisor.headers });
    expect(xlsx.status).to.equal(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Cases')!;
    expect(sheet.getRow(1).getCell(1).value).to.equal('Case number');
    expect(sheet.rowCount).to.equal(2);
    expect(sheet.getRow(2).getCell(1).value).to.equal(caseNo);
    expect(sheet.getRow(2).getCell(14).value).to.equal('138****8000');

    const bad = await fetch(`${sys.url}/api/v1/cases/export?format=pdf`, { headers: supervisor.headers });
    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.match(/problem\+json/);
    expect((await bad.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).to.deep.equal(['/format']);
    expect((await fetch(`${sys.url}/api/v1/cases/export`)).status).to.equal(401);
  });

  it('takes a 12345 work order', async () => {
    const res = await postJson(`${sys.url}/api/v1/intake/12345`, aWorkOrder(), operator.headers);
    expect(res.status).to.equal(202);
    expect(res.body.cases[0].kind).to.equal('complaint');
    const c = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/cases/${res.body.cases[0].caseId}`, supervisor.headers);
      return r.body.queue ? r.body : undefined;
    }, 'routed work order');
    expect(c.channel).to.equal('12345-hotline');
    expect(c.workOrder.requestType).to.equal('complaint');
    expect(c.district).to.equal('441502');
  });

  it('answers an invalid body with problem+json listing every failing field, and publishes nothing', async () => {
    const bad = { ...aComplaintRecord(), channel: 'fax', receivedAt: 'yesterday', consumer: { name: '', phone: { $ne: null } } };
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, bad, operator.headers);
    expect(res.status).to.equal(400);
    expect(res.contentType).to.match(/^application\/problem\+json/);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).to.include.members(['/channel', '/receivedAt', '/consumer/name', '/consumer/phone']);
    const list = await getJson(`${sys.url}/api/v1/cases?sourceRef=${bad.sourceRef}`, supervisor.headers);
    expect(list.body.total).to.equal(0);
  });

  it('answers malformed JSON and wrong content types with 4xx', async () => {
    const malformed = await postJson(`${sys.url}/api/v1/intake/12315`, '{"sourceRef": ', operator.headers);
    expect(malformed.status).to.equal(400);
    expect(malformed.body.code).to.equal('MALFORMED_JSON');
    const res = await fetch(`${sys.url}/api/v1/intake/12315`, { method: 'POST', headers: { 'content-type': 'text/plain', ...operator.headers }, body: 'hello' });
    expect(res.status).to.equal(415);
  });

  it('dead-letters poison messages on intake.records with the reason and goes on with the next record', async () => {
    const topics = topicNames(sys.prefix);
    const kafka = createKafka({ clientId: unique('poison'), brokers: platform.KAFKA_BROKERS, logger: testLogger });
    const producer = await startProducer(kafka);
    const dead: { reason: string; code: string }[] = [];
    const dlq = await startConsumer(kafka, producer, {
      groupId: unique('dlq-reader'), topics: [topics.intakeRecordsDlq], logger: testLogger, deadLetterTopic: () => `${topics.intakeRecordsDlq}.x`,
      handle: async ({ message }) => { dead.push({ reason: message.headers!['dlq-reason']!.toString(), code: message.headers!['dlq-code']!.toString() }); },
    });
    try {
      const good = aComplaintRecord();
      await producer.send({ topic: topics.intakeRecords, messages: [{ key: 'p1', value: '{not json' }] });
      await sendJson(producer, topics.intakeRecords, [
        { key: 'p2', value: { type: 'IntakeRecord12315', version: 1, data: { ...good, kind: 'gossip' } } },
        { key: `12315:${good.sourceRef}`, value: { type: 'IntakeRecord12315', version: 1, data: good } },
      ]);
      await eventually(() => dead.length >= 2, 'two dead letters');
      expect(dead.map((d) => d.code)).to.deep.equal(['VALIDATION_FAILED', 'VALIDATION_FAILED']);
      expect(dead[0]!.reason).to.match(/not valid JSON/);
      expect(dead[1]!.reason).to.match(/\/kind/);
      await eventually(async () => (await getJson(`${sys.url}/api/v1/cases?sourceRef=${good.sourceRef}`, supervisor.headers)).body.total === 1, 'the good record to become a case');
    } finally {
      await dlq.stop();
      await producer.disconnect();
    }
  });
});

import { expect } from 'chai';
import { connectMongo, createKafka, sendJson, startProducer, type Connection, type Producer } from '@cw/platform';
import { topicNames, type Envelope } from '@cw/contracts';
import { activeGeneration } from '@cw/stats';
import { queryStats, rankDistricts } from '@cw/stats/testing';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { bucketSnapshot, runStatsRebuild } from '../support/stats.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

const SUPERVISOR = { id: 'sup-1', role: 'supervisor' };
const MAY = { from: '2026-05-01', to: '2026-05-31' };
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const RECEIVED = '2026-05-11T09:30:00+08:00'; // a Monday: the 7-WD accept clock falls due on 2026-05-20


describe('statistics against the real system (exactly once across SIGKILL, equal to a rebuild)', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let producer: Producer;
  let mongo: Connection;
  let apiUrl: string;

  let operator: TestApiKey;
  let supervisor: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await createApiKey(sys, { role: 'supervisor' });
    producer = await startProducer(createKafka({ clientId: unique('stats-test'), brokers: platform.KAFKA_BROKERS, logger: testLogger }));
    mongo = await connectMongo(sys.env.MONGO_URL, testLogger);
    apiUrl = `${sys.url}/api/v1/stats`;
  });
  after(async () => {
    await producer?.disconnect();
    await mongo?.close();
    if (process.env.TEST_SHOW_STATS_LOGS) process.stderr.write(sys.logs('stats'));
    await sys?.stopAll();
  });

  const send = async (caseId: string, type: string, data: unknown, occurredAt: string) => {
    const id = unique('cmd');
    const command: Envelope = {
      id, type, version: 1, caseId, occurredAt, recordedAt: new Date().toISOString(),
      correlationId: id, causationId: id, actor: SUPERVISOR, source: 'stats-test', data,
    };
    await sendJson(producer, topicNames(sys.prefix).caseCommands, [{ key: caseId, value: command }]);
  };

  /** Commands that take one registered complaint to its outcome (all dated May 2026). */
  const lifeOf = (i: number): [string, unknown, string][] => {
    const accept: [string, unknown, string][] = [
      ['ClaimCase', {}, '2026-05-12T09:00:00+08:00'],
      ['AcceptComplaint', {}, '2026-05-13T09:00:00+08:00'],
      ['StartMediation', {}, '2026-05-13T10:00:00+08:00'],
    ];
    if (i < 6) return [...accept, ['RecordMediationSuccess', { refund: { amountYuan: `${100 + i}.10` }, compensation: { amountYuan: '0.2' } }, '2026-05-25T09:00:00+08:00']];
    // Terminated 05-26: the parties are to be told by 06-04 (7 WD); the first is told in time, the second never.
    if (i === 6) return [...accept, ['TerminateMediation', { reasonCode: 'party-refuses' }, '2026-05-26T09:00:00+08:00'], ['NotifyTermination', { method: 'written' }, '2026-05-28T09:00:00+08:00']];
    if (i === 7) return [...accept, ['TerminateMediation', { reasonCode: 'withdrawn-or-settled' }, '2026-05-26T09:00:00+08:00']];
    if (i === 8) return [['RefuseComplaint', { reasonCode: 'no-authority', explanation: '不属于本局职责', otherRoutes: ['人民法院'] }, '2026-05-14T09:00:00+08:00']];
    // Never decided; a jurisdiction dispute raised 05-14 is never settled (due 05-25).
    return [['RaiseJurisdictionDispute', { withOffice: '深圳市市场监督管理局' }, '2026-05-14T09:00:00+08:00']];
  };

  it('counts a month of complaints exactly, survives a SIGKILL mid-stream, and equals a rebuild', async () => {
    const N = 10;
    const caseIds: string[] = [];
    for (let i = 0; i < N; i += 1) {
      const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ receivedAt: RECEIVED }), operator.headers);
      expect(res.status).to.equal(202);
      caseIds.push(res.body.cases[0].caseId);
    }
    for (const id of caseIds) {
      await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${id}`, supervisor.headers)).body.queue, `case ${id} routed`, 20_000);
    }

    for (let i = 0; i < N; i += 1) {
      if (i === 4) {
        // Mid-stream for sure: stats has counted the first lives, and the rest is sent after the kill.
        await eventually(async () => (await queryStats(mongo, MAY)).counts.accepted!.value >= 3, 'stats counting the first cases', 30_000, 50);
        await sys.kill('stats'); // no shutdown code runs; offsets and bucket writes are cut wherever they are
      }
      for (const [type, data, at] of lifeOf(i)) await send(caseIds[i]!, type, data, at);
    }
    sys.start('stats');

    const recoveredFen = [0, 1, 2, 3, 4, 5].reduce((s, i) => s + (100 + i) * 100 + 10 + 20, 0);
    const stats = await eventually(async () => {
      const r = await queryStats(mongo, MAY);
      // The dispute is the last command sent: wait for it too, or the assertion below races stats.
      return r.counts.mediationSucceeded!.value === 6 && r.counts.mediationTerminated!.value === 2 && r.counts.notAccepted!.value === 1
        && r.rates.onTimeDisputeSettlementRate!.denominator === 1 ? r : undefined;
    }, 'the May figures', 60_000);

    expect(stats.counts.received!.value).to.equal(N);
    expect(stats.counts.accepted!.value).to.equal(8);
    expect(stats.counts.mediationFailed!.value).to.equal(1);
    expect(stats.counts.withdrawn!.value).to.equal(1);
    expect(stats.moneyRecovered).to.include({ fen: String(recoveredFen), yuan: (recoveredFen / 100).toFixed(2) });
    expect(stats.rates.mediationSuccessRate).to.include({ numerator: 6, denominator: 8, fraction: '6/8', percent: '75.00', display: '75.0%', smallSample: true });
    // ÷ complaints closed: 6 successes, 2 terminations and the refusal (decision 0025).
    expect(stats.rates.mediationSuccessRateOfClosed).to.include({ fraction: '6/9' });
    // The tenth complaint was never decided: May has ended, so it fell due and is late.
    expect(stats.rates.onTimeAcceptanceRate).to.include({ fraction: '9/10', notYetDue: 0 });
    expect(stats.rates.closureRate).to.include({ fraction: '9/10' });
    // The dispute fell due in May unsettled: late. The termination notices fall due in June: one told in time, one never (late, June has ended).
    expect(stats.rates.onTimeDisputeSettlementRate).to.include({ fraction: '0/1' });
    const june = await eventually(async () => {
      const r = await queryStats(mongo, JUNE);
      return r.rates.onTimeTerminationNoticeRate!.denominator === 2 ? r : undefined;
    }, 'the June notices', 30_000);
    expect(june.rates.onTimeTerminationNoticeRate).to.include({ fraction: '1/2' });

    // Through the HTTP routes: the same figures, CSV, ranking, and validation.
    const http1 = await getJson(`${apiUrl}?from=${MAY.from}&to=${MAY.to}`, supervisor.headers);
    expect(http1.status).to.equal(200);
    expect(http1.body.rates).to.deep.equal(JSON.parse(JSON.stringify(stats.rates)));
    expect(http1.body.counts).to.deep.equal(JSON.parse(JSON.stringify(stats.counts)));
    expect(http1.body.moneyRecovered).to.deep.equal(stats.moneyRecovered);
    const district = (await getJson(`${apiUrl}?from=${MAY.from}&to=${MAY.to}&district=441521&category=food&channel=12315-hotline`, supervisor.headers)).body;
    expect(district.counts.received.value).to.equal(N);
    const csv = await fetch(`${apiUrl}?from=${MAY.from}&to=${MAY.to}&format=csv`, { headers: supervisor.headers });
    expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
    expect(await csv.text()).to.contain('mediationSuccessRate,成功调解率（÷受理）').and.contain('6,8,6/8,75.00,75.0%,true');
    const ranking = await getJson(`${apiUrl}/ranking?from=${MAY.from}&to=${MAY.to}`, supervisor.headers);
    expect(ranking.body.items).to.deep.equal([{ rank: null, district: '441521', sampleSize: 8, numerator: 6, denominator: 8, fraction: '6/8', percent: '75.00', display: '75.0%', smallSample: true }]);
    expect((await rankDistricts(mongo, { ...MAY, figure: 'mediationSuccessRate' })).items).to.deep.equal(ranking.body.items);
    const bad = await getJson(`${apiUrl}?from=2026-13-01&to=2026-05-31&channel=fax`, supervisor.headers);
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).to.include.members(['/from', '/channel']);

    // A rebuild from offset 0 gives identical buckets, and the live service follows it.
    const before = await activeGeneration(mongo);
    const live = await bucketSnapshot(mongo, before!);
    const rebuilt = await runStatsRebuild(sys.env);
    expect(rebuilt.previous).to.equal(before);
    expect(await activeGeneration(mongo)).to.equal(rebuilt.generation);
    expect(await bucketSnapshot(mongo, rebuilt.generation)).to.deep.equal(live);

    const extra = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ receivedAt: RECEIVED }), operator.headers);
    expect(extra.status).to.equal(202);
    await eventually(async () => {
      const r = await queryStats(mongo, MAY);
      return r.generation === rebuilt.generation && r.counts.received!.value === N + 1;
    }, 'the live service to count into the rebuilt generation', 30_000);
  });
});

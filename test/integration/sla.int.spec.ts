import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { createKafka, redisOptions, sendJson, startProducer, type Producer } from '@cw/platform';
import { deadlineQueueName, topicNames, type Envelope } from '@cw/contracts';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually, platform, testLogger, unique } from '../support/env.js';

/**
 * The SLA service through the real system. Clock: no fake time. A case received months ago has its
 * accept warning and miss in the past, so both fire at once; a case received now has them days
 * ahead, so its timers sit in the queue as delayed jobs that the test can inspect.
 */
describe('sla timers: warnings, misses, cancellation and rebuild through the real services', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  let producer: Producer;
  let queue: Queue;

  let operator: TestApiKey;
  let supervisor: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'sla']);
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await createApiKey(sys, { role: 'supervisor' });
    producer = await startProducer(createKafka({ clientId: unique('sla-test'), brokers: platform.KAFKA_BROKERS, logger: testLogger }));
    queue = new Queue(deadlineQueueName(sys.prefix), { connection: redisOptions(platform.REDIS_URL) });
  });
  after(async () => {
    await sys?.stopAll();
    await producer?.disconnect();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
  });

  const register = async (receivedAt: string): Promise<string> => {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord({ receivedAt }), operator.headers);
    expect(res.status).to.equal(202);
    return res.body.cases[0].caseId as string;
  };
  const history = async (caseId: string): Promise<{ type: string; data: { clock?: string }; occurredAt: string }[]> => {
    const r = await getJson(`${sys.url}/api/v1/cases/${caseId}/history`, supervisor.headers);
    return r.status === 200 ? r.body.events : [];
  };
  /** `{ kind: state }` of the timers of one clock, e.g. `{ warn: 'delayed', miss: 'delayed' }`. */
  const timers = async (caseId: string, clock: string) => {
    const out: Record<string, string> = {};
    for (const kind of ['warn', 'miss']) {
      const job = await queue.getJob(`${caseId}.${clock}.${kind}`);
      if (job) out[kind] = await job.getState();
    }
    return out;
  };
  const sendCommand = async (caseId: string, type: string, data: unknown = {}) => {
    const now = new Date().toISOString();
    const id = unique('cmd');
    const cmd: Envelope = {
      id, type, version: 1, caseId, occurredAt: now, recordedAt: now, correlationId: id, causationId: id,
      actor: { id: 'sup-1', role: 'supervisor' }, source: 'test', data,
    };
    await sendJson(producer, topicNames(sys.prefix).caseCommands, [{ key: caseId, value: cmd }]);
  };
  const deadlineEvents = (events: { type: string; data: { clock?: string } }[]) =>
    events.filter((e) => e.type.startsWith('Deadline')).map((e) => `${e.type}:${e.data.clock}`);

  it('records DeadlineWarned, then DeadlineMissed, for a complaint whose accept deadline passed long ago', async () => {
    const caseId = await register('2026-05-11T09:30:00+08:00');
    const events = await eventually(async () => {
      const h = await history(caseId);
      return h.some((e) => e.type === 'DeadlineMissed') ? h : undefined;
    }, 'the accept deadline to be recorded as missed', 30_000);
    expect(deadlineEvents(events)).to.deep.equal(['DeadlineWarned:accept', 'DeadlineMissed:accept']);
    // Dated when they were due (7 working days from Mon 05-11 → due Wed 05-20), not when the job ran.
    expect(events.find((e) => e.type === 'DeadlineWarned')!.occurredAt).to.equal('2026-05-18T00:00:00+08:00');
    expect(events.find((e) => e.type === 'DeadlineMissed')!.occurredAt).to.equal('2026-05-21T00:00:00+08:00');
    // Once both are recorded nothing is left to fire for that clock, and nothing fires twice.
    await eventually(async () => Object.keys(await timers(caseId, 'accept')).length === 0, 'the accept timers to be cleared');
    expect(deadlineEvents(await history(caseId))).to.have.length(2);
  });

  /** A complaint registered now and accepted, its mediation timers scheduled (each test has its own). */
  const acceptedComplaint = async () => {
    const caseId = await register(new Date().toISOString());
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.status === 'pending-acceptance', 'the case to be routed');
    await sendCommand(caseId, 'AcceptComplaint', {});
    await eventually(async () => {
      const t = await timers(caseId, 'mediation');
      return t.warn === 'delayed' && t.miss === 'delayed';
    }, 'the mediation timers to be scheduled');
    return caseId;
  };

  it('cancels both accept timers when the complaint is accepted first, and starts the mediation timers', async () => {
    const caseId = await register(new Date().toISOString());
    expect(await eventually(async () => {
      const t = await timers(caseId, 'accept');
      return t.warn === 'delayed' && t.miss === 'delayed' ? t : undefined;
    }, 'the accept timers to be scheduled')).to.deep.equal({ warn: 'delayed', miss: 'delayed' });
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.status === 'pending-acceptance', 'the case to be routed');

    await sendCommand(caseId, 'AcceptComplaint', { note: 'accepted before the warning' });

    await eventually(async () => Object.keys(await timers(caseId, 'accept')).length === 0, 'the accept timers to be removed');
    const mediation = await eventually(async () => {
      const t = await timers(caseId, 'mediation');
      return t.warn === 'delayed' && t.miss === 'delayed' ? t : undefined;
    }, 'the mediation timers to be scheduled');
    expect(mediation).to.deep.equal({ warn: 'delayed', miss: 'delayed' });
    const events = await history(caseId);
    expect(events.map((e) => e.type)).to.include('ComplaintAccepted');
    expect(deadlineEvents(events)).to.deep.equal([]);
  });

  it('removes the mediation timers while the clock is paused and schedules them again on resume', async () => {
    const caseId = await acceptedComplaint();
    const before = (await queue.getJob(`${caseId}.mediation.miss`))!.data;
    await sendCommand(caseId, 'PauseClock', { clock: 'mediation', reason: 'testing-appraisal' });
    await eventually(async () => Object.keys(await timers(caseId, 'mediation')).length === 0, 'the mediation timers to be removed while paused');
    await sendCommand(caseId, 'ResumeClock', { clock: 'mediation' });
    await eventually(async () => {
      const t = await timers(caseId, 'mediation');
      return t.warn === 'delayed' && t.miss === 'delayed';
    }, 'the mediation timers to be back after resuming');
    // Paused and resumed on the same day: no day was lost, so the due date is unchanged.
    expect((await queue.getJob(`${caseId}.mediation.miss`))!.data).to.deep.include({ due: before.due, commandId: before.commandId });
    expect(deadlineEvents(await history(caseId))).to.deep.equal([]);
  });

  it('rebuilds the schedule from the database when Redis lost it', async () => {
    const acceptedCaseId = await acceptedComplaint();
    const before = await queue.getJob(`${acceptedCaseId}.mediation.miss`);
    expect(before, 'a mediation miss timer before the loss').not.to.equal(undefined);

    await sys.stop('sla');
    await queue.obliterate({ force: true });
    expect(await queue.getJob(`${acceptedCaseId}.mediation.miss`)).to.equal(undefined);
    sys.start('sla');

    const after = await eventually(() => queue.getJob(`${acceptedCaseId}.mediation.miss`), 'the schedule to be rebuilt', 30_000)
      .catch((e: Error) => { throw new Error(`${e.message}\n${sys.logs('sla')}`); });
    expect(await after.getState()).to.equal('delayed');
    expect(after.data).to.deep.include({ commandId: before!.data.commandId, fireAt: before!.data.fireAt, causationId: 'rebuild' });
    expect(after.timestamp + after.delay).to.be.closeTo(Date.parse(before!.data.fireAt), 5_000);
    expect(Object.keys(await timers(acceptedCaseId, 'accept'))).to.deep.equal([]);
  });

  it('sends a duplicate-safe command when a timer fires twice (the workflow dedupes by id)', async () => {
    const caseId = await register('2026-06-01T10:00:00+08:00');
    await eventually(async () => (await history(caseId)).some((e) => e.type === 'DeadlineMissed'), 'the miss', 30_000);
    // Re-send exactly what the sla service sent: same id, so no second event.
    const missId = `sla:${caseId}:accept:miss:${(await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.deadlines.accept.due}`;
    const now = new Date().toISOString();
    await sendJson(producer, topicNames(sys.prefix).caseCommands, [{ key: caseId, value: {
      id: missId, type: 'RecordDeadlineMiss', version: 1, caseId, occurredAt: now, recordedAt: now, correlationId: missId, causationId: randomUUID(),
      actor: { id: 'sla', role: 'system' }, source: 'sla', data: { clock: 'accept' },
    } }]);
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.status === 'pending-acceptance', 'the case to be routed');
    await sendCommand(caseId, 'ClaimCase');
    await eventually(async () => (await history(caseId)).some((e) => e.type === 'CaseClaimed'), 'a later command to be applied');
    expect(deadlineEvents(await history(caseId))).to.deep.equal(['DeadlineWarned:accept', 'DeadlineMissed:accept']);
  });
});

import { expect } from 'chai';
import { createLogger, type KafkaMessage } from '@cw/platform';
import { eventVersion, type CaseSnapshot, type Envelope } from '@cw/contracts';
import type { CaseDocView } from '../domain/case-view.js';
import type { Slot } from '../domain/schedule.js';
import type { CaseReader } from '../persistence/case-reader.js';
import type { DeadlineQueue } from '../persistence/deadline-queue.js';
import { createCaseEventHandler } from './case-event.handler.js';

const quiet = createLogger('test', 'silent');
const running = { accept: { due: '2026-05-20', state: 'running' } };
const snapshot = (version: number): CaseSnapshot => ({
  version, status: 'pending-acceptance', district: '441502', assignee: null, deadlines: running, historyPending: false,
});
const event = (caseId: string, caseVersion: number, after?: CaseSnapshot) => ({
  id: `e-${caseId}-${caseVersion}`, type: 'CaseRouted', version: 1, caseId, caseVersion, ...(after ? { after } : {}),
}) as Partial<Envelope>;
const message = (value: unknown, offset: number): KafkaMessage =>
  ({ key: null, value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), offset: String(offset), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;

function fakes(stored: Record<string, CaseDocView>) {
  const reads: string[] = [];
  const synced: { slots: readonly Slot[]; causationId: string }[][] = [];
  const cases = { load: async (id: string) => { reads.push(id); return stored[id] ?? null; } } as unknown as CaseReader;
  const deadlines = { syncCases: async (plans: { slots: readonly Slot[]; causationId: string }[]) => { synced.push(plans); return { kept: 0, added: 0, replaced: 0, removed: 0, empty: 0 }; } } as unknown as DeadlineQueue;
  return { cases, deadlines, reads, synced };
}

describe('sla batch handler: timers from the events, not the store', () => {
  it('plans each case once per batch from the snapshot of its write, reads none, and dead-letters poison', async () => {
    const f = fakes({});
    const handle = createCaseEventHandler({ cases: f.cases, deadlines: f.deadlines, plan: { warnWorkingDays: 2 } });
    const outcome = await handle({
      topic: 't', partition: 0, logger: quiet, heartbeat: async () => {},
      messages: [message(event('a', 1), 1), message(event('a', 2, snapshot(2)), 2), message('{not json', 3), message(event('b', 2, snapshot(2)), 4)],
    });
    expect(outcome.deadLetters.map((l) => l.message.offset)).to.deep.equal(['3']);
    expect(f.reads).to.deep.equal([]);
    expect(f.synced).to.have.length(1);
    expect(f.synced[0]!.map((p) => [p.slots[0]!.caseId, p.causationId])).to.deep.equal([['a', 'e-a-2'], ['b', 'e-b-2']]);
    expect(f.synced[0]![0]!.slots.filter((s) => s.job !== undefined).map((s) => s.jobId)).to.have.length(2); // accept: warn + miss
  });

  it('reads the case when its events in the batch carry no snapshot, and plans nothing twice for a redelivery', async () => {
    const f = fakes({ c: { _id: 'c', version: 3, deadlines: running } });
    const handle = createCaseEventHandler({ cases: f.cases, deadlines: f.deadlines, plan: { warnWorkingDays: 2 } });
    const batch = { topic: 't', partition: 0, logger: quiet, heartbeat: async () => {}, messages: [message(event('c', 3), 7)] };
    await handle(batch);
    await handle(batch);
    expect(f.reads).to.deep.equal(['c']);
    expect(f.synced.map((s) => s.length)).to.deep.equal([1, 0]);
  });
});

describe('sla batch handler: first plans', () => {
  it('marks a case fresh (no slot look-ups) only when its registration write is its only write in the batch', async () => {
    const f = fakes({});
    const handle = createCaseEventHandler({ cases: f.cases, deadlines: f.deadlines, plan: { warnWorkingDays: 2 } });
    const registered = (caseId: string) => ({ ...event(caseId, 1), type: 'CaseRegistered', version: eventVersion('CaseRegistered') });
    await handle({
      topic: 't', partition: 0, logger: quiet, heartbeat: async () => {},
      messages: [
        message(registered('a'), 1), message(event('a', 2, snapshot(2)), 2),
        message(registered('b'), 3), message(event('b', 2, snapshot(2)), 4), message(event('b', 3, snapshot(3)), 5),
      ],
    });
    expect(f.synced[0]!.map((p) => [p.slots[0]!.caseId, (p as { fresh?: boolean }).fresh])).to.deep.equal([['a', true], ['b', false]]);
  });

  it('does not take a relayed registration for a new case: a snapshot that records a miss means the slots may hold fired jobs', async () => {
    const f = fakes({});
    const handle = createCaseEventHandler({ cases: f.cases, deadlines: f.deadlines, plan: { warnWorkingDays: 2 } });
    const missed = { ...snapshot(4), deadlines: { accept: { due: '2026-05-20', state: 'missed', completed: false, paused: false, warned: true, missRecorded: true } } };
    await handle({
      topic: 't', partition: 0, logger: quiet, heartbeat: async () => {},
      // The registration write relayed again (no snapshot: not the case's latest), then the write of a warning and a miss.
      messages: [message({ ...event('c', 1), type: 'CaseRegistered' }, 1), message(event('c', 2), 2), message(event('c', 3), 3), message(event('c', 4, missed), 4)],
    });
    const plan = f.synced[0]![0]! as { fresh?: boolean; slots: readonly Slot[] };
    expect(plan.fresh).to.equal(false); // so the fired warn and miss jobs are looked up and removed
    expect(plan.slots.filter((x) => x.job !== undefined)).to.deep.equal([]);
  });
});

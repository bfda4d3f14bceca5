import { expect } from 'chai';
import { caseEventsDoc, eventsOfAudit } from './storage.js';
import type { Envelope } from './envelope.js';

const event = (caseVersion: number, type = 'CaseClaimed'): Envelope => ({
  id: `c-1:${caseVersion}`, type, version: 1, caseId: 'c-1', caseVersion, occurredAt: '2026-05-12T09:00:00+08:00',
  recordedAt: '2026-05-12T09:00:01+08:00', correlationId: 'x', causationId: 'x', actor: { id: 'u', role: 'mediator' }, source: 'workflow', data: {},
});

describe('the audit trail: one document per case write', () => {
  it('names a write by its first event and records its version range', () => {
    const doc = caseEventsDoc([event(3), event(4, 'ComplaintAccepted')]);
    expect(doc).to.include({ _id: 'c-1:3', caseId: 'c-1', fromVersion: 3, toVersion: 4 });
    expect(doc.events.map((e) => e.type)).to.deep.equal(['CaseClaimed', 'ComplaintAccepted']);
  });

  it('reads a history from writes in any order and from documents of one event each (earlier versions), one event per version', () => {
    const legacy = [{ ...event(1, 'CaseRegistered'), _id: 'c-1:1' }, { ...event(2, 'CaseRouted'), _id: 'c-1:2' }] as unknown as Record<string, unknown>[];
    const writes = [caseEventsDoc([event(5)]), caseEventsDoc([event(2, 'CaseRouted'), event(3), event(4)])] as unknown as Record<string, unknown>[];
    const history = eventsOfAudit([...writes, ...legacy]);
    expect(history.map((e) => e.caseVersion)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(history.map((e) => e.id)).to.deep.equal(['c-1:1', 'c-1:2', 'c-1:3', 'c-1:4', 'c-1:5']);
    expect(history[0]!.type).to.equal('CaseRegistered');
  });
});

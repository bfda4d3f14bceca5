import { expect } from 'chai';
import { caseIdFor, validateLeadRecord, verdictFromCase, type CaseDoc, type Envelope } from '@cw/contracts';
import { createWorkflowDomain } from '../domain-adapter.js';
import { applyCommand, historyCommandId, leadRecords } from './apply-command.js';
import { CASE_ID, MEDIATOR, SYSTEM, aRegistration, routing } from '../testing/case-kit.js';

const domain = createWorkflowDomain();
const AT = '2026-05-06T02:00:00.000Z';

const anEnvelope = (type: string, data: unknown, overrides: Partial<Envelope> = {}): Envelope => ({
  id: `${type}:1`, type, version: 1, caseId: CASE_ID, occurredAt: '2026-05-04T01:30:00.000Z', recordedAt: AT,
  correlationId: 'c-1', causationId: 'c-1', actor: SYSTEM, source: 'test', data, ...overrides,
});

const register = (extra: Record<string, unknown> = {}) =>
  anEnvelope('RegisterCase', { ...aRegistration(), routing: routing(), ...extra }, { id: `register:${CASE_ID}`, caseVersion: 0 });

describe('applyCommand: the single writer as one pure function', () => {
  it('registers and routes a case in one decision, routing dated at receipt', () => {
    const d = applyCommand(domain, null, register(), AT);
    expect(d.relay.map((e) => e.type)).to.deep.equal(['CaseRegistered', 'CaseRouted']);
    expect(d.relay.map((e) => e.caseVersion)).to.deep.equal([1, 2]);
    expect(d.relay[1]!.occurredAt).to.equal(aRegistration().receivedAt);
    expect(d.doc).to.include({ _id: CASE_ID, version: 2, queue: routing().queue, district: '441502' });
    expect(d.doc!.processed).to.deep.equal([`register:${CASE_ID}`]);
    expect(d.doc!.outbox).to.deep.equal(d.relay);
    expect(d.doc!.registration).to.not.have.property('routing');
    // Nobody waits for an applied registration: no verdict stored; it is read from the document.
    expect(d.verdicts).to.deep.equal([]);
    expect(verdictFromCase(`register:${CASE_ID}`, d.doc)).to.include({ status: 'applied', version: 2, type: 'RegisterCase' });
  });

  it('recognises a redelivered command and relays the outbox of the last write again, changing nothing', () => {
    const first = applyCommand(domain, null, register(), AT);
    const again = applyCommand(domain, first.doc, register(), AT);
    expect(again.duplicate).to.equal(true);
    expect(again.doc).to.equal(null);
    expect(again.relay).to.deep.equal(first.relay);
    expect(again.verdicts).to.deep.equal([]);
    const claim = anEnvelope('ClaimCase', {}, { id: 'claim-1', caseVersion: 2, actor: MEDIATOR });
    const claimed = applyCommand(domain, first.doc, claim, AT);
    expect(claimed.verdicts.map((v) => [v._id, v.status, v.version])).to.deep.equal([['claim-1', 'applied', 3]]);
    // A person's command redelivered: its verdict is stored again (the first one stored stands).
    expect(applyCommand(domain, claimed.doc, claim, AT).verdicts[0]).to.include({ _id: 'claim-1', status: 'applied', version: 3 });
  });

  it('refuses a second registration of the same case id (a redelivered record with a fresh number)', () => {
    const first = applyCommand(domain, null, register(), AT);
    const other = anEnvelope('RegisterCase', { ...aRegistration({ caseNo: 'SW-2026-000999' }), routing: routing() }, { id: 'register:other', caseVersion: 0 });
    const d = applyCommand(domain, first.doc, other, AT);
    expect(d.doc).to.equal(null);
    expect(d.verdicts[0]).to.include({ status: 'rejected', code: 'ALREADY_REGISTERED' });
  });

  it('answers a stale expected version with a conflict and no change', () => {
    const first = applyCommand(domain, null, register(), AT);
    const claim = anEnvelope('ClaimCase', {}, { id: 'claim-1', caseVersion: 1, actor: MEDIATOR });
    const d = applyCommand(domain, first.doc, claim, AT);
    expect(d.doc).to.equal(null);
    expect(d.verdicts[0]).to.include({ status: 'conflict', code: 'VERSION_CONFLICT', version: 2 });
  });

  it('applies an import history with the registration and records its verdict; a refused step leaves the case routed', () => {
    const ok = applyCommand(domain, null, register({ history: [{ type: 'ClaimCase', occurredAt: '2026-05-04T02:00:00.000Z', data: {} }] }), AT);
    expect(ok.relay.map((e) => e.type)).to.deep.equal(['CaseRegistered', 'CaseRouted', 'CaseClaimed']);
    expect(ok.verdicts).to.deep.equal([]);
    expect(ok.doc).to.include({ historyPending: false });
    expect(verdictFromCase(historyCommandId(CASE_ID), ok.doc)).to.include({ status: 'applied', type: 'ImportHistory' });

    const twice = { type: 'AcceptComplaint', occurredAt: '2026-05-04T02:00:00.000Z', data: {} };
    const bad = applyCommand(domain, null, register({ history: [twice, twice] }), AT);
    expect(bad.relay.map((e) => e.type)).to.deep.equal(['CaseRegistered', 'CaseRouted']);
    expect((bad.doc as CaseDoc).historyRefused?.reason).to.match(/^history step 2 \(AcceptComplaint\)/);
    expect(verdictFromCase(historyCommandId(CASE_ID), bad.doc)).to.include({ status: 'rejected', code: 'NOT_ALLOWED_IN_STATUS' });
  });

  it('refuses a command for a case that does not exist', () => {
    const d = applyCommand(domain, null, anEnvelope('ClaimCase', {}, { actor: MEDIATOR }), AT);
    expect(d.verdicts[0]).to.include({ status: 'rejected', code: 'CASE_NOT_FOUND' });
  });

  it('sends intake one lead record per LeadFound, keyed so that the report gets the id the event names', () => {
    let doc = applyCommand(domain, null, register(), AT).doc!;
    for (const [i, type] of ['ClaimCase', 'AcceptComplaint', 'StartMediation'].entries()) {
      doc = applyCommand(domain, doc, anEnvelope(type, {}, { id: `c-${i}`, caseVersion: doc.version, actor: MEDIATOR, occurredAt: '2026-05-06T02:00:00.000Z' }), AT).doc!;
    }
    const d = applyCommand(domain, doc, anEnvelope('RecordLead', { facts: '涉嫌销售过期食品' }, { id: 'lead-cmd', caseVersion: doc.version, actor: MEDIATOR, occurredAt: '2026-05-07T02:00:00.000Z' }), AT);
    const records = leadRecords(d.relay, d.doc!);
    expect(records).to.have.length(1);
    const { key, value } = records[0]!;
    const found = d.relay.find((e) => e.type === 'LeadFound')!;
    expect(caseIdFor(key, 'report')).to.equal((found.data as { leadCaseId: string }).leadCaseId);
    expect(value).to.deep.include({ type: 'LeadRecord', version: 1, id: `lead:${found.id}` });
    expect(value.data).to.deep.equal({
      lead: { fromCaseId: CASE_ID, fromCaseNo: d.doc!.caseNo, leadNo: 1, discoveredAt: '2026-05-07T02:00:00.000Z' },
      business: aRegistration().business, category: routing().category, facts: '涉嫌销售过期食品',
    });
    expect(validateLeadRecord(value.data)).to.equal(true);
    expect(leadRecords(applyCommand(domain, null, register(), AT).relay, d.doc!)).to.deep.equal([]);
  });

  it('takes a 12345 order registered again at a later dispatch for a re-dispatch: the returned complaint reopens, a repeat changes nothing', () => {
    const order = { channel: '12345-hotline', sourceSystem: '12345', workOrder: { orderNo: 'GD-7', requestType: 'complaint' } };
    let doc = applyCommand(domain, null, register(order), AT).doc!;
    doc = applyCommand(domain, doc, anEnvelope('ClaimCase', {}, { id: 'claim', caseVersion: doc.version, actor: MEDIATOR, occurredAt: '2026-05-04T02:00:00.000Z' }), AT).doc!;
    doc = applyCommand(domain, doc, anEnvelope('ReturnOrder', { reason: '不属于本部门' }, { id: 'return', caseVersion: doc.version, actor: MEDIATOR, occurredAt: '2026-05-04T03:00:00.000Z' }), AT).doc!;
    expect(doc.status).to.equal('closed');
    const again = register({ ...order, receivedAt: '2026-05-11T09:00:00+08:00', caseNo: 'SW-2026-000099' });
    const d = applyCommand(domain, doc, { ...again, occurredAt: '2026-05-11T09:00:00+08:00' }, AT);
    expect(d.verdicts).to.deep.equal([]);
    expect(d.relay.map((e) => e.type)).to.deep.equal(['OrderRedispatched']);
    expect(d.doc).to.include({ status: 'pending-acceptance', caseNo: doc.caseNo });
    expect(d.doc!.deadlines!.accept).to.include({ state: 'running' });
    expect(d.doc!.processed.at(-1)).to.equal(`register:${CASE_ID}@2026-05-11T01:00:00.000Z`);
    // The same re-dispatch delivered twice, and the first dispatch delivered again: nothing new.
    expect(applyCommand(domain, d.doc, { ...again, occurredAt: '2026-05-11T09:00:00+08:00' }, AT)).to.include({ duplicate: true, doc: null });
    expect(applyCommand(domain, d.doc, register(order), AT)).to.include({ duplicate: true, doc: null });
    // An order that was not returned cannot be dispatched again.
    const open = applyCommand(domain, null, register(order), AT).doc!;
    const refused = applyCommand(domain, open, { ...again, occurredAt: '2026-05-11T09:00:00+08:00' }, AT);
    expect(refused.doc).to.equal(null);
    expect(refused.verdicts.map((v) => v.code)).to.deep.equal(['ORDER_NOT_RETURNED']);
  });
});

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ValidationError } from '@cw/errors';
import type { Envelope } from '../envelope.js';
import {
  COMMAND_HISTORY, COMMAND_TYPES, EVENT_HISTORY, EVENT_SCHEMAS, EVENT_TYPES, assertCaseCommand, assertCaseEvent, commandEnvelope, commandVersion,
  decodeCommand, decodeEvent, eventEnvelope, eventVersion, upcastEvent,
} from './index.js';
import { MediationSucceededV1 } from './events/complaint/mediation-succeeded.v1.js';

const v1Data = {
  recovered: { refund: { amountYuan: '350.10' }, compensation: { amountYuan: '0.00' }, replacementValue: { amountYuan: '0.20' }, totalYuan: '350.30' },
  at: '2020-11-02T10:00:00+08:00',
};
const envelope = (type: string, version: number, data: unknown): Envelope => ({
  id: 'c1:5', type, version, caseId: 'c1', caseVersion: 5, occurredAt: '2020-11-02T10:00:00+08:00', recordedAt: '2020-11-02T10:00:00+08:00',
  correlationId: 'x', causationId: 'x', actor: { id: 'workflow', role: 'system' }, source: 'workflow', data,
});
const refusal = (fn: () => unknown) => { try { fn(); } catch (e) { return e as ValidationError; } throw new Error('not refused'); };

describe('contracts: one file per message version, read through upcasters', () => {
  it('keeps a file per message version and every type in the registry', () => {
    const files = (dir: string) => readdirSync(fileURLToPath(new URL(dir, import.meta.url)), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.v\d+\.ts$/.test(f));
    // Two deadline commands and two deadline events share one schema file each.
    expect(files('./commands/')).to.have.length(COMMAND_TYPES.length - 1 + Object.values(COMMAND_HISTORY).reduce((n, h) => n + Object.keys(h).length, 0));
    expect(files('./events/')).to.have.length(EVENT_TYPES.length - 1 + Object.values(EVENT_HISTORY).reduce((n, h) => n + Object.keys(h).length, 0));
  });

  it('writes CaseRegistered, MediationSucceeded (and RegisterCase, TerminateMediation) at version 2, MediationTerminated at 3, every other message at version 1', () => {
    expect(EVENT_TYPES.filter((t) => eventVersion(t) !== 1)).to.deep.equal(['CaseRegistered', 'MediationSucceeded', 'MediationTerminated']);
    expect(eventVersion('MediationTerminated')).to.equal(3);
    expect(COMMAND_TYPES.filter((t) => commandVersion(t) !== 1)).to.deep.equal(['RegisterCase', 'TerminateMediation']);
    expect(eventVersion('MediationSucceeded')).to.equal(2);
    expect(() => assertCaseEvent({ type: 'MediationSucceeded', data: v1Data }), 'v1 data is not the current schema').to.throw(ValidationError);
  });

  it('brings a version 1 MediationSucceeded to version 2: the total in exact fen', () => {
    const up = upcastEvent(envelope('MediationSucceeded', 1, v1Data));
    expect(up.version).to.equal(2);
    expect((up.data as { recovered: { totalFen: string } }).recovered.totalFen).to.equal('35030');
    expect(() => assertCaseEvent(up)).to.not.throw();
    const current = envelope('MediationSucceeded', 2, up.data);
    expect(upcastEvent(current)).to.equal(current);
    expect(EVENT_SCHEMAS.MediationSucceeded).to.not.equal(MediationSucceededV1);
  });

  it('reads a stored version 2 MediationTerminated (before the notice clock) as version 3 with no clock, and a version 1 through both', () => {
    const v2 = { reasonCode: 'party-refuses', settled: undefined, at: '2026-05-20T10:00:00+08:00' };
    delete (v2 as { settled?: unknown }).settled;
    const up = upcastEvent(envelope('MediationTerminated', 2, v2));
    expect(up).to.deep.include({ version: 3 });
    expect(up.data).to.deep.equal({ ...v2, clocks: [] });
    expect(() => assertCaseEvent(up)).to.not.throw();
    expect(upcastEvent(envelope('MediationTerminated', 1, { reasonCode: 'party-refuses', at: v2.at })).data).to.deep.equal({ ...v2, clocks: [] });
  });

  it('refuses, as poison, a version it does not know, an unknown type and an earlier version that breaks its own schema', () => {
    const newer = refusal(() => upcastEvent(envelope('MediationSucceeded', 3, v1Data)));
    expect(newer).to.be.instanceOf(ValidationError);
    expect(newer.retriable).to.equal(false);
    expect(newer.message).to.match(/MediationSucceeded has version 3; this build reads versions 1 to 2/);
    expect(refusal(() => upcastEvent(envelope('CaseRouted', 0, {}))).message).to.match(/version 0/);
    expect(refusal(() => upcastEvent(envelope('CaseTeleported', 1, {}))).message).to.match(/unknown event type CaseTeleported/);
    expect(refusal(() => upcastEvent(envelope('MediationSucceeded', 1, { ...v1Data, recovered: { ...v1Data.recovered, totalYuan: '1.234' } }))))
      .to.be.instanceOf(ValidationError);
  });

  it('decodes Kafka values: events upcast, commands at a version this build knows', () => {
    const raw = Buffer.from(JSON.stringify(envelope('MediationSucceeded', 1, v1Data)));
    expect(decodeEvent(raw, { require: ['id', 'caseId'] }).version).to.equal(2);
    const command = { ...envelope('ClaimCase', 1, {}), id: 'cmd-1' };
    expect(decodeCommand(Buffer.from(JSON.stringify(command)), { require: ['id'] }).type).to.equal('ClaimCase');
    expect(refusal(() => decodeCommand(Buffer.from(JSON.stringify({ ...command, version: 2 })), { require: ['id'] })).message)
      .to.match(/Command ClaimCase has version 2/);
  });

  it('reads a version 1 TerminateMediation (before the police referral and settled amount) as version 2; refuses version 3', () => {
    const v1 = { ...envelope('TerminateMediation', 1, { reasonCode: 'party-refuses', explanation: 'x' }), id: 'cmd-2' };
    const up = decodeCommand(Buffer.from(JSON.stringify(v1)), { require: ['id'] });
    expect(up).to.include({ version: 2 });
    expect(() => assertCaseCommand(up)).to.not.throw();
    expect(refusal(() => decodeCommand(Buffer.from(JSON.stringify({ ...v1, data: { reasonCode: 'party-refuses', policeReferral: {} } })), { require: ['id'] })))
      .to.be.instanceOf(ValidationError); // v1 never had the field: checked against its own schema
    expect(refusal(() => decodeCommand(Buffer.from(JSON.stringify({ ...v1, version: 3 })), { require: ['id'] })).message)
      .to.match(/TerminateMediation has version 3; this build reads versions 1 to 2/);
    expect(commandEnvelope({ ...v1, type: 'TerminateMediation' })).to.include({ version: 2 });
  });

  it('writes envelopes at the versions this build writes, a root message its own cause', () => {
    const base = { id: 'm-1', caseId: 'c1', occurredAt: '2020-11-02T10:00:00+08:00', recordedAt: '2020-11-02T10:00:00+08:00', actor: { id: 'u', role: 'mediator' }, source: 'test' };
    expect(eventEnvelope({ ...base, type: 'MediationSucceeded', data: {} })).to.include({ version: 2, causationId: 'm-1', correlationId: 'm-1' });
    expect(eventEnvelope({ ...base, type: 'CaseRouted', data: {}, causationId: 'cmd-1', correlationId: 'call-1' })).to.include({ version: 1, causationId: 'cmd-1', correlationId: 'call-1' });
    expect(commandEnvelope({ ...base, type: 'ClaimCase', data: {} })).to.include({ version: 1, causationId: 'm-1' });
  });
});

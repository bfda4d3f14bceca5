import { expect } from 'chai';
import { assertCaseCommand } from '@cw/contracts';
import { commandsForFiring, deadlineCommand } from './commands.js';
import { planCase } from './schedule.js';

const CASE = '0b6f1c1e-1f2a-5b3c-8d4e-123456789abc';
const NOW = new Date('2026-11-26T12:00:00Z');
const [, miss] = planCase(CASE, [{ clock: 'accept', due: '2026-05-20', paused: false, completed: false, warned: false, missed: false }], { warnWorkingDays: 2 })
  .filter((s) => s.job)
  .map((s) => s.job!);

describe('sla commands: what a fired timer sends', () => {
  it('sends a valid RecordDeadlineMiss dated when the deadline passed, from the sla system actor', () => {
    const cmd = deadlineCommand(miss!, NOW, 'ev-1');
    expect(cmd).to.deep.include({
      id: `sla:${CASE}:accept:miss:2026-05-20`, type: 'RecordDeadlineMiss', version: 1, caseId: CASE,
      occurredAt: '2026-05-21T00:00:00+08:00', recordedAt: NOW.toISOString(), causationId: 'ev-1',
      actor: { id: 'sla', role: 'system' }, source: 'sla', data: { clock: 'accept' },
    });
    expect(() => assertCaseCommand(cmd)).not.to.throw();
  });

  it('is identical when the same job fires twice (the workflow dedupes by id)', () => {
    expect(deadlineCommand(miss!, NOW, 'ev-1')).to.deep.equal(deadlineCommand(miss!, NOW, 'ev-1'));
  });

  it('sends the missing warning before a miss, so the history reads warned → missed', () => {
    const cmds = commandsForFiring(miss!, false, { warnWorkingDays: 2 }, NOW, 'ev-1');
    expect(cmds.map((c) => [c.type, c.id, c.occurredAt])).to.deep.equal([
      ['RecordDeadlineWarning', `sla:${CASE}:accept:warn:2026-05-20`, '2026-05-18T00:00:00+08:00'],
      ['RecordDeadlineMiss', `sla:${CASE}:accept:miss:2026-05-20`, '2026-05-21T00:00:00+08:00'],
    ]);
  });

  it('sends the miss alone once the warning is recorded', () => {
    expect(commandsForFiring(miss!, true, { warnWorkingDays: 2 }, NOW, 'ev-1').map((c) => c.type)).to.deep.equal(['RecordDeadlineMiss']);
  });
});

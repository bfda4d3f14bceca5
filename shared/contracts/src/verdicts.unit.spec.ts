import { expect } from 'chai';
import { commandIds } from './command-ids.js';
import type { CommandResultDoc } from './storage.js';
import { lookUpVerdict, storesVerdict, verdictFromCase } from './verdicts.js';

const at = new Date('2026-05-06T02:00:00Z');
const caseDoc = (extra: Record<string, unknown> = {}) => ({ _id: 'c1', version: 4, updatedAt: at, ...extra });
const refusal: CommandResultDoc = { _id: commandIds.register('c1'), caseId: 'c1', type: 'RegisterCase', status: 'rejected', version: 0, code: 'VALIDATION_FAILED', reason: 'bad', recordedAt: at };

describe('verdicts: stored when someone waits, otherwise read from the case', () => {
  it('stores the verdicts of commands people send and every refusal, not applied system commands', () => {
    expect(storesVerdict({ type: 'AcceptComplaint', status: 'applied' })).to.equal(true);
    expect(storesVerdict({ type: 'RegisterCase', status: 'rejected' })).to.equal(true);
    expect(storesVerdict({ type: 'RegisterCase', status: 'applied' })).to.equal(false);
    expect(storesVerdict({ type: 'RecordDeadlineMiss', status: 'applied' })).to.equal(false);
  });

  it('derives a registration from the case existing and a history from historyPending / historyRefused', () => {
    expect(verdictFromCase(commandIds.register('c1'), caseDoc())).to.deep.equal({ _id: 'register:c1', caseId: 'c1', version: 4, recordedAt: at, type: 'RegisterCase', status: 'applied' });
    expect(verdictFromCase(commandIds.history('c1'), caseDoc({ historyPending: true }))).to.equal(null);
    expect(verdictFromCase(commandIds.history('c1'), caseDoc({ historyPending: false }))).to.include({ status: 'applied', type: 'ImportHistory' });
    expect(verdictFromCase(commandIds.history('c1'), caseDoc({ historyPending: false, historyRefused: { code: 'X', reason: 'why' } })))
      .to.include({ status: 'rejected', code: 'X', reason: 'why' });
    expect(verdictFromCase(commandIds.register('c2'), caseDoc()), 'another case').to.equal(null);
    expect(verdictFromCase('claim-1', caseDoc()), 'not a derived id').to.equal(null);
  });

  it('looks a derived id up in the case first, then a stored refusal of the registration; other ids in the verdicts', async () => {
    const reads: string[] = [];
    const read = (cases: Record<string, ReturnType<typeof caseDoc>>, verdicts: Record<string, CommandResultDoc>) => ({
      findCase: async (id: string) => { reads.push(`case ${id}`); return cases[id] ?? null; },
      findVerdict: async (id: string) => { reads.push(`verdict ${id}`); return verdicts[id] ?? null; },
    });
    expect(await lookUpVerdict('history:c1', read({ c1: caseDoc({ historyPending: false }) }, {}))).to.include({ status: 'applied' });
    expect(reads).to.deep.equal(['case c1']);
    expect(await lookUpVerdict('history:c1', read({}, { 'register:c1': refusal }))).to.include({ status: 'rejected', reason: 'bad' });
    expect(await lookUpVerdict('register:c1', read({}, {}))).to.equal(null);
    reads.length = 0;
    expect(await lookUpVerdict('claim-1', read({}, { 'claim-1': { ...refusal, _id: 'claim-1', status: 'applied' } }))).to.include({ _id: 'claim-1' });
    expect(reads).to.deep.equal(['verdict claim-1']);
  });
});

import { expect } from 'chai';
import type { CaseAction } from '@cw/contracts';
import type { Principal } from '../auth/index.js';
import { actionsFor } from './cases.routes.js';

const who = (id: string, role: Principal['role']): Principal => ({ id, role, districts: ['441502'], kind: 'user' });
const actions: CaseAction[] = [
  { type: 'ReleaseCase', by: 'assignee' },
  { type: 'AcceptComplaint', by: 'assignee' },
  { type: 'ClaimCase', by: 'anyone' },
];
const doc = (assignee?: string) => ({ _id: 'c1', actions, ...(assignee ? { assignee } : {}) });

describe('case actions: what the workflow allows, kept for who may give it', () => {
  it('gives the assignee everything, another mediator only what needs no assignee', () => {
    expect(actionsFor(who('m1', 'mediator'), doc('m1'))).to.deep.equal(['ReleaseCase', 'AcceptComplaint', 'ClaimCase']);
    expect(actionsFor(who('m2', 'mediator'), doc('m1'))).to.deep.equal(['ClaimCase']);
  });

  it('lets a supervisor act without being the assignee, and gives roles that send no commands nothing', () => {
    expect(actionsFor(who('s1', 'supervisor'), doc('m1'))).to.deep.equal(['ReleaseCase', 'AcceptComplaint', 'ClaimCase']);
    expect(actionsFor(who('o1', 'operator'), doc())).to.deep.equal([]);
    expect(actionsFor(who('c1', 'council'), doc())).to.deep.equal([]);
  });

  it('offers an approval to a supervisor who is not the assignee only', () => {
    const extendable = { _id: 'c1', actions: [{ type: 'ExtendVerification', by: 'approver' }] as CaseAction[] };
    expect(actionsFor(who('s1', 'supervisor'), { ...extendable, assignee: 'e1' })).to.deep.equal(['ExtendVerification']);
    expect(actionsFor(who('s1', 'supervisor'), { ...extendable, assignee: 's1' }), 'their own case').to.deep.equal([]);
    expect(actionsFor(who('e1', 'enforcement'), { ...extendable, assignee: 'e1' }), 'the officer on the case').to.deep.equal([]);
  });

  it('offers nothing for a document written before actions were published', () => {
    expect(actionsFor(who('m1', 'mediator'), { _id: 'c1', assignee: 'm1' })).to.deep.equal([]);
  });
});

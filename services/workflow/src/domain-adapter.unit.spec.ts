import { expect } from 'chai';
import { loadDefaultConfig, type RoutingConfig } from '@cw/routing';
import { caseDeadlines } from './domain/deadlines.js';
import { createWorkflowDomain, regionDeadlineRules } from './domain-adapter.js';
import { aRegistration, aWorkOrderRegistration, SYSTEM } from './testing/case-kit.js';
import { evolve, initialState, type CaseState } from './domain/index.js';
import type { CaseEvent } from '@cw/contracts';

const register = (region: Pick<RoutingConfig, 'deadlines'>, reg = aRegistration({ receivedAt: '2020-01-31T10:00:00+08:00', ruleSet: 'SAMR-20' })) => {
  const rules = regionDeadlineRules(region);
  const domain = createWorkflowDomain(() => rules);
  const events = domain.decide({ type: 'RegisterCase', data: reg }, initialState('case-1'), { now: reg.receivedAt, actor: SYSTEM });
  const state = events.reduce<CaseState>((s, e) => evolve(s, e as CaseEvent), initialState('case-1'));
  return { state, rules };
};

describe('the region file decides deadlines (issue 12 item 7)', () => {
  it('a local closure moves the due date: received 2020-01-31, due 2020-02-11 nationally, 2020-02-18 with Guangdong closed 02-03 to 02-07', () => {
    const national = register(loadDefaultConfig());
    expect(caseDeadlines(national.state, '2020-02-01', national.rules.computeDeadline).find((d) => d.name === 'accept')?.due).to.equal('2020-02-11');
    const closed = register({ deadlines: { closures: [{ from: '2020-02-03', to: '2020-02-07', reason: '广东省延迟复工' }] } });
    expect(caseDeadlines(closed.state, '2020-02-01', closed.rules.computeDeadline).find((d) => d.name === 'accept')?.due).to.equal('2020-02-18');
  });

  it('the 12345 limits come from the file; Guangdong\'s when it gives none', () => {
    const base = loadDefaultConfig();
    const reply = { ...base.deadlines!.hotline12345!.reply, consultation: { days: 3, unit: 'working' as const } };
    const { state } = register({ deadlines: { hotline12345: { acknowledge: { days: 2, unit: 'working' }, reply } } }, aWorkOrderRegistration());
    if (state.status === 'unregistered') throw new Error('not registered');
    expect(state.clocks.acknowledge12345?.period).to.deep.equal({ days: 2, unit: 'working' });
    expect(state.clocks.reply12345?.period).to.deep.equal({ days: 3, unit: 'working' });
    const defaults = register({}, aWorkOrderRegistration()).state;
    if (defaults.status === 'unregistered') throw new Error('not registered');
    expect(defaults.clocks.acknowledge12345?.period).to.deep.equal({ days: 1, unit: 'working' });
  });
});

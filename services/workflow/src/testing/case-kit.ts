/**
 * Given/when/then kit and builders for the workflow domain specs (not a spec itself: mocha runs
 * `*.unit.spec.ts` only, and `*.spec.ts` stays out of the build).
 */
import { expect } from 'chai';
import { AppError } from '@cw/errors';
import type { Actor, CaseCommand, CaseEvent, CaseRegistration, CommandData, CommandType } from '@cw/contracts';
import { decide, type DecideContext } from '../domain/decide.js';
import { evolve, evolveAll } from '../domain/evolve.js';
import { initialState, type CaseState, type RegisteredCase } from '../domain/case-state.js';
import { DEFAULT_WORKFLOW_CONFIG } from '../domain/rule-sets.js';

export const CASE_ID = 'case-1';
export const NOW = '2026-05-06T10:00:00+08:00';
export const MEDIATOR: Actor = { id: 'mediator-1', role: 'mediator' };
export const OTHER_MEDIATOR: Actor = { id: 'mediator-2', role: 'mediator' };
export const SUPERVISOR: Actor = { id: 'boss-1', role: 'supervisor' };
export const SYSTEM: Actor = { id: 'router', role: 'system' };

export function aContext(overrides: Partial<DecideContext> = {}): DecideContext {
  return { now: NOW, actor: MEDIATOR, config: DEFAULT_WORKFLOW_CONFIG, ...overrides };
}

export function aRegistration(overrides: Partial<CaseRegistration> = {}): CaseRegistration {
  return {
    caseNo: 'SW-2026-000001',
    kind: 'complaint',
    channel: '12315-hotline',
    ruleSet: 'SAMR-121',
    receivedAt: '2026-05-04T09:30:00+08:00',
    sourceRef: 'rec-1',
    sourceSystem: '12315',
    consumer: { name: '张三', phone: '13800000000' },
    business: { name: '某某电器店' },
    category: 'product-quality',
    summary: 'Broken fridge',
    narrative: 'The fridge stopped working after two days.',
    linkedCaseIds: [],
    ...overrides,
  };
}

export const aWorkOrderRegistration = (overrides: Partial<CaseRegistration> = {}): CaseRegistration =>
  aRegistration({
    kind: 'work-order',
    channel: '12345-hotline',
    sourceSystem: '12345',
    workOrder: { orderNo: 'GD12345-1', requestType: 'consultation' },
    ...overrides,
  });

export const command = <T extends CommandType>(type: T, data: CommandData<T>): CaseCommand =>
  ({ type, data }) as CaseCommand;

export const routing = (queue = 'q-441502-product-quality'): CommandData<'RouteCase'> => ({
  category: 'product-quality',
  district: '441502',
  queue,
  reasons: { category: { ruleId: 'r1', matched: ['冰箱'] }, jurisdiction: { ruleId: 'j1', matched: ['城区'] } },
  configVersion: 'v1',
});

/** A step of history: a command, optionally with its own actor/time. */
export type Step = CaseCommand | [CaseCommand, Partial<DecideContext>];

/** A step with its own context, e.g. `step(command('AcceptComplaint', {}), { now })`. */
export const step = (cmd: CaseCommand, overrides: Partial<DecideContext>): Step => [cmd, overrides];

/** Runs commands through decide + evolve and returns every event (throws if a step is refused). */
export function history(steps: readonly Step[], caseId = CASE_ID): CaseEvent[] {
  let state: CaseState = initialState(caseId);
  const events: CaseEvent[] = [];
  for (const step of steps) {
    const [cmd, overrides] = Array.isArray(step) ? step : [step, {}];
    for (const e of decide(cmd, state, aContext(overrides))) {
      events.push(e);
      state = evolve(state, e);
    }
  }
  return events;
}

export function stateOf(events: readonly CaseEvent[], caseId = CASE_ID): RegisteredCase {
  const state = evolveAll(initialState(caseId), events);
  if (state.status === 'unregistered') throw new Error('not registered');
  return state;
}

/** Common histories. */
export const COMPLAINT = {
  registered: (reg: Partial<CaseRegistration> = {}): Step[] => [command('RegisterCase', aRegistration(reg))],
  claimed: (reg: Partial<CaseRegistration> = {}): Step[] => [
    ...COMPLAINT.registered(reg),
    step(command('RouteCase', routing()), { actor: SYSTEM }),
    command('ClaimCase', {}),
  ],
  accepted: (reg: Partial<CaseRegistration> = {}): Step[] => [
    ...COMPLAINT.claimed(reg),
    step(command('AcceptComplaint', {}), { now: '2026-05-06T10:00:00+08:00' }),
  ],
  mediating: (reg: Partial<CaseRegistration> = {}): Step[] => [...COMPLAINT.accepted(reg), command('StartMediation', {})],
};

export const REPORT = {
  registered: (reg: Partial<CaseRegistration> = {}): Step[] => [command('RegisterCase', aRegistration({ kind: 'report', ...reg }))],
  claimed: (reg: Partial<CaseRegistration> = {}): Step[] => [
    ...REPORT.registered(reg),
    step(command('RouteCase', routing()), { actor: SYSTEM }),
    command('ClaimCase', {}),
  ],
  verifying: (reg: Partial<CaseRegistration> = {}): Step[] => [...REPORT.claimed(reg), command('StartVerification', {})],
};

export const ORDER = {
  dispatched: (reg: Partial<CaseRegistration> = {}): Step[] => [command('RegisterCase', aWorkOrderRegistration(reg))],
  claimed: (reg: Partial<CaseRegistration> = {}): Step[] => [
    ...ORDER.dispatched(reg),
    step(command('RouteCase', routing()), { actor: SYSTEM }),
    command('ClaimCase', {}),
  ],
  acknowledged: (reg: Partial<CaseRegistration> = {}): Step[] => [...ORDER.claimed(reg), command('AcknowledgeOrder', {})],
  replied: (reg: Partial<CaseRegistration> = {}): Step[] => [...ORDER.acknowledged(reg), command('ReplyOrder', { reply: 'Answered.' })],
};

/**
 * `given(steps or events).when(command, ctx?).then(events)` / `.thenThrows(code)` / `.thenState(check)`.
 */
export function given(past: readonly Step[] | { events: readonly CaseEvent[] }) {
  const events = 'events' in past ? [...past.events] : history(past);
  const state = evolveAll(initialState(CASE_ID), events);
  return {
    when(cmd: CaseCommand, overrides: Partial<DecideContext> = {}) {
      const run = () => decide(cmd, state, aContext(overrides));
      return {
        then(expected: readonly CaseEvent[]): void {
          expect(run()).to.deep.equal(expected);
        },
        thenTypes(...types: CaseEvent['type'][]): CaseEvent[] {
          const produced = run();
          expect(produced.map((e) => e.type)).to.deep.equal(types);
          return produced;
        },
        thenThrows(code: string): AppError {
          try {
            run();
          } catch (error) {
            expect(error).to.be.instanceOf(AppError);
            const e = error as AppError;
            expect(e.code, e.message).to.equal(code);
            expect(e.httpStatus).to.equal(422);
            return e;
          }
          expect.fail(`expected ${cmd.type} to be refused with ${code}`);
        },
        thenState(check: (after: RegisteredCase, produced: CaseEvent[]) => void): void {
          const produced = run();
          const after = evolveAll(state, produced);
          if (after.status === 'unregistered') expect.fail('case is not registered');
          check(after, produced);
        },
      };
    },
  };
}

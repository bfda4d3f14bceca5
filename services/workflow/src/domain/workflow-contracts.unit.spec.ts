import { expect } from 'chai';
import {
  CASE_OUTCOMES, CASE_OUTCOME_LABELS, COMMAND_SCHEMAS, DECLINE_REASONS, DECLINE_REASON_CODES, EVENT_SCHEMAS,
  MEDIATION_TERMINATED_REASONS, MEDIATION_TERMINATED_REASON_CODES, NOT_ACCEPTED_REASONS, NOT_ACCEPTED_REASON_CODES,
  assertCaseCommand, assertCaseEvent,
} from '@cw/contracts';
import { ValidationError } from '@cw/platform';

/** The parts of a JSON schema this check looks at. */
interface TSchema { description?: string; const?: unknown; properties?: Record<string, TSchema>; items?: TSchema }

/** Properties (JSON pointer) of an object schema, recursively, that have no description. */
function undescribed(schema: TSchema, path = ''): string[] {
  const props = schema.properties;
  if (props === undefined) return [];
  return Object.entries(props).flatMap(([key, child]) => {
    const here = `${path}/${key}`;
    const own = child.description === undefined && child.const === undefined ? [here] : [];
    const items = child.items;
    return [...own, ...undescribed(child, here), ...(items === undefined ? [] : undescribed(items, `${here}/items`))];
  });
}

describe('workflow contracts', () => {
  it('every command and event data property has a description (workflow-owned schemas)', () => {
    const shared = new Set(['RegisterCase', 'RouteCase', 'CaseRegistered', 'CaseRouted']); // from case.ts
    for (const [type, schema] of [...Object.entries(COMMAND_SCHEMAS), ...Object.entries(EVENT_SCHEMAS)]) {
      if (shared.has(type)) continue;
      expect(schema.description, type).to.be.a('string');
      expect(undescribed(schema), type).to.deep.equal([]);
    }
  });

  it('display tables cover every code, in Chinese and English', () => {
    expect(NOT_ACCEPTED_REASONS.map((r) => r.code)).to.deep.equal([...NOT_ACCEPTED_REASON_CODES]);
    expect(NOT_ACCEPTED_REASONS.map((r) => r.items['SAMR-121'])).to.deep.equal([1, 2, 3, 4, 5, 5, 6, 7]);
    expect(NOT_ACCEPTED_REASONS.map((r) => r.items['SAMR-20'])).to.deep.equal([1, 2, 3, 4, 5, undefined, undefined, 6]);
    expect(MEDIATION_TERMINATED_REASONS.map((r) => r.items['SAMR-121'])).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8]);
    // Order No. 20: testing costs are item 2, refusal to take part 3, no agreement 4; no "party ceased".
    expect(MEDIATION_TERMINATED_REASONS.map((r) => r.items['SAMR-20'])).to.deep.equal([1, 3, 4, 2, 5, 6, undefined, 7]);
    expect(MEDIATION_TERMINATED_REASONS.map((r) => r.code)).to.deep.equal([...MEDIATION_TERMINATED_REASON_CODES]);
    expect(MEDIATION_TERMINATED_REASONS.filter((r) => r.mediationFailed).map((r) => r.items['SAMR-121'])).to.deep.equal([2, 3, 4, 5]);
    expect(DECLINE_REASONS.map((r) => r.code)).to.deep.equal([...DECLINE_REASON_CODES]);
    for (const row of [...NOT_ACCEPTED_REASONS, ...MEDIATION_TERMINATED_REASONS, ...DECLINE_REASONS]) {
      expect(row.zh, row.code).to.match(/\p{Script=Han}/u);
      expect(row.en, row.code).to.match(/^[A-Z]/);
    }
    expect(Object.keys(CASE_OUTCOME_LABELS).sort()).to.deep.equal([...CASE_OUTCOMES].sort());
  });

  it('validates { type, data } and lists failing fields', () => {
    expect(assertCaseCommand({ type: 'RecordMediationSuccess', data: { refund: { amountYuan: '350.00' } } }).type).to.equal('RecordMediationSuccess');
    expect(() => assertCaseCommand({ type: 'RecordMediationSuccess', data: { refund: { amountYuan: '350.001' } } })).to.throw(ValidationError, '/refund/amountYuan');
    expect(() => assertCaseCommand({ type: 'Nope', data: {} })).to.throw(ValidationError);
    expect(() => assertCaseEvent({ type: 'DeadlineMissed', data: { clock: 'lunch', at: '2026-05-06T10:00:00+08:00' } })).to.throw(ValidationError, '/clock');
  });
});

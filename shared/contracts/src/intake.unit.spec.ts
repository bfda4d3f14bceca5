import { expect } from 'chai';
import { ValidationError } from '@cw/errors';
import { validateIntakeRecord12315, validateWorkOrder12345 } from './intake.js';

const valid = {
  sourceRef: 'R-1', channel: '12315-hotline', kind: 'complaint', receivedAt: '2026-05-01T09:00:00+08:00',
  consumer: { name: '陈小明', phone: '13800138000' }, business: { name: '某超市' }, summary: '牛奶过期', narrative: '……',
};

function failures(value: unknown) {
  try {
    validateIntakeRecord12315.assert(value);
  } catch (e) {
    expect(e).to.be.instanceOf(ValidationError);
    return (e as ValidationError).details.map((d) => `${d.pointer} ${d.rule}`);
  }
  return [];
}

describe('12315 intake record schema', () => {
  it('accepts a valid complaint and an anonymous report', () => {
    expect(failures(valid)).to.deep.equal([]);
    const { consumer: _omit, ...rest } = valid;
    expect(failures({ ...rest, kind: 'report', anonymous: true })).to.deep.equal([]);
  });

  it('lists every failing field with its JSON pointer and rule', () => {
    expect(failures({ ...valid, channel: 'fax', receivedAt: '2026-05-01 09:00', business: {}, claimAmountYuan: '1.234', extra: 1 })).to.have.members([
      '/extra additionalProperties', '/channel enum', '/receivedAt pattern', '/receivedAt format', '/business/name required', '/claimAmountYuan pattern',
    ]);
  });

  it('requires the consumer unless the submission is an anonymous report', () => {
    const { consumer: _omit, ...rest } = valid;
    expect(failures(rest)).to.include('/consumer required');
    expect(failures({ ...rest, anonymous: true })).to.include('/kind const');
  });

  it('refuses query operators smuggled into string fields', () => {
    expect(failures({ ...valid, sourceRef: { $ne: null } })).to.include('/sourceRef type');
  });

  it('validates 12345 work orders', () => {
    expect(validateWorkOrder12345({ orderNo: 'A1', dispatchedAt: '2026-05-01T09:00:00Z', requestType: 'help', caller: { name: 'x', phone: '13800138000' }, business: { name: 'b' }, text: 't' })).to.equal(true);
    expect(validateWorkOrder12345({ orderNo: 'A1', dispatchedAt: '2026-05-01T09:00:00Z', requestType: 'gossip', caller: { name: 'x', phone: '1' }, business: { name: 'b' }, text: 't' })).to.equal(false);
  });
});

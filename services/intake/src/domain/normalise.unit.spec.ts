import { expect } from 'chai';
import type { IntakeRecord12315, WorkOrder12345 } from '@cw/contracts';
import { leadSourceKey } from '@cw/contracts';
import { caseIdFor, formatCaseNo, planFrom12315, planFrom12345, planFromLead, ruleSetFor, shanghaiDate } from './normalise.js';

const aComplaintRecord = (overrides: Partial<IntakeRecord12315> = {}): IntakeRecord12315 => ({
  sourceRef: 'R-1', channel: '12315-hotline', kind: 'complaint', receivedAt: '2026-04-14T23:30:00+08:00',
  consumer: { name: ' 陈小明 ', phone: '138 0013 8000' }, business: { name: '某超市 ' },
  summary: '牛奶过期', narrative: '购买的牛奶已过保质期', ...overrides,
});

describe('intake normalisation', () => {
  it('chooses the rule set by the Shanghai date of receipt', () => {
    expect(ruleSetFor('2026-04-14T23:59:59+08:00')).to.equal('SAMR-20');
    expect(ruleSetFor('2026-04-14T16:00:00Z')).to.equal('SAMR-121'); // 00:00 on 04-15 in Shanghai
    expect(ruleSetFor('2020-09-28T09:00:00+08:00')).to.equal('SAMR-20');
    expect(shanghaiDate('2020-12-31T16:30:00Z')).to.equal('2021-01-01');
  });

  it('derives the same case id from the same source key and part, and different ones otherwise', () => {
    expect(caseIdFor('12315:R-1', 'complaint')).to.equal(caseIdFor('12315:R-1', 'complaint'));
    expect(caseIdFor('12315:R-1', 'complaint')).not.to.equal(caseIdFor('12315:R-1', 'report'));
    expect(caseIdFor('12315:R-1', 'complaint')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('formats case numbers by kind and year', () => {
    expect(formatCaseNo('complaint', '2026', 42)).to.equal('TS-2026-000042');
    expect(formatCaseNo('report', '2020', 1)).to.equal('JB-2020-000001');
    expect(formatCaseNo('work-order', '2026', 1234567)).to.equal('GD-2026-1234567');
  });

  it('splits a complaint+report submission into two cases and trims the text', () => {
    const plan = planFrom12315(aComplaintRecord({ kind: 'complaint+report' }), '12315:R-1');
    expect(plan.map((p) => p.kind)).to.deep.equal(['complaint', 'report']);
    expect(new Set(plan.map((p) => p.caseId)).size).to.equal(2);
    expect(plan[0]!.consumer).to.deep.equal({ name: '陈小明', phone: '13800138000' });
    expect(plan[0]!.business.name).to.equal('某超市');
    expect(plan[0]!.ruleSet).to.equal('SAMR-20');
  });

  it('turns a 12345 complaint order into a complaint case carrying the work order', () => {
    const order: WorkOrder12345 = {
      orderNo: 'GD-1', dispatchedAt: '2026-05-01T10:00:00+08:00', requestType: 'complaint',
      caller: { name: '王芳', phone: '13711112222' }, business: { name: '培训机构' }, text: '拒绝退费',
    };
    const [c] = planFrom12345(order, '12345:GD-1');
    expect(c!.kind).to.equal('complaint');
    expect(c!.channel).to.equal('12345-hotline');
    expect(c!.ruleSet).to.equal('SAMR-121');
    expect(c!.workOrder).to.deep.equal({ orderNo: 'GD-1', requestType: 'complaint' });
    expect(planFrom12345({ ...order, requestType: 'consultation' }, 'k')[0]!.kind).to.equal('work-order');
  });

  it('turns a lead found during mediation into a report received on the day of discovery, with the id the complaint predicted', () => {
    const lead = { fromCaseId: 'c-1', fromCaseNo: 'TS-2026-000007', leadNo: 2, discoveredAt: '2026-05-20T15:00:00+08:00' };
    const key = leadSourceKey('c-1', 2);
    const [r] = planFromLead({ lead, business: { name: ' 某超市 ', address: '汕尾市海丰县' }, category: 'food', facts: ' 标签生产日期涂改 ' }, key);
    expect(r).to.deep.include({ kind: 'report', channel: 'mediation-lead', receivedAt: lead.discoveredAt, ruleSet: 'SAMR-121', sourceRef: 'TS-2026-000007#2', narrative: '标签生产日期涂改', category: 'food', lead });
    expect(r!.caseId).to.equal(caseIdFor(key, 'report'));
    expect(r!.business.name).to.equal('某超市');
    expect(r!.consumer).to.equal(undefined);
  });

  it('splits a 12345 order that is a complaint and a report: the complaint carries the order, the report names it as its source', () => {
    const order: WorkOrder12345 = {
      orderNo: 'GD-2', dispatchedAt: '2026-05-06T10:00:00+08:00', requestType: 'complaint+report',
      caller: { name: '王芳', phone: '13711112222' }, business: { name: '某超市' }, text: '买到过期牛奶，要求退款并举报该超市',
    };
    const plan = planFrom12345(order, '12345:GD-2');
    expect(plan.map((p) => p.kind)).to.deep.equal(['complaint', 'report']);
    expect(plan[0]!.workOrder).to.deep.equal({ orderNo: 'GD-2', requestType: 'complaint+report' });
    expect(plan[1]!.workOrder).to.equal(undefined);
    expect(plan[1]).to.deep.include({ sourceSystem: '12345', sourceRef: 'GD-2', channel: '12345-hotline' });
    expect(new Set(plan.map((p) => p.caseId)).size).to.equal(2);
  });
});

import { expect } from 'chai';
import { DEFAULT_CONFIG_PATH, readRules } from '@cw/routing';
import { validateIntakeRecord12315, type CaseDoc } from '@cw/contracts';
import { Open311Error, beijingTime, dateRange, intakeRecordOf, regionOf, requestOf } from './georeport.js';
import { xmlOf } from './render.js';

const region = regionOf(readRules(DEFAULT_CONFIG_PATH).router.config);
const opts = { sourceRef: 'O311-00000000-0000-4000-8000-000000000000', receivedAt: '2020-05-03T09:00:00+08:00', serviceCode: 'food' };
const form = { api_key: 'k', service_code: 'food', address_string: '海丰县人民路1号', last_name: '陈', first_name: '小明', phone: '13800138000', description: '买到过期牛奶\n要求退款', 'attribute[business_name]': '某某超市' };
const descriptionsOf = (fn: () => unknown) => {
  try { fn(); } catch (e) { expect(e).to.be.instanceOf(Open311Error); return (e as Open311Error).descriptions; }
  return [];
};

describe('Open311 GeoReport v2 mapping', () => {
  it('turns a form into a valid 12315-web complaint (family name first, summary from the first line)', () => {
    const record = intakeRecordOf(form, opts);
    expect(record).to.deep.include({ channel: '12315-web', kind: 'complaint', category: 'food', summary: '买到过期牛奶', consumer: { name: '陈小明', phone: '13800138000' } });
    expect(() => validateIntakeRecord12315.assert(record)).not.to.throw();
    const english = intakeRecordOf({ ...form, last_name: 'Smith', first_name: 'John', media_url: 'https://example.org/a.jpg' }, opts);
    expect(english.consumer!.name).to.equal('Smith John');
    expect(english.narrative).to.match(/附件 Media: https:\/\/example.org\/a.jpg$/);
    const located = intakeRecordOf({ ...form, address_string: '', lat: '22.78', long: '115.35' }, opts);
    expect(located.business.address).to.equal('经纬度 (WGS84) 22.78, 115.35');
  });

  it('names every missing or unknown field at once', () => {
    expect(descriptionsOf(() => intakeRecordOf({ service_code: 'food', colour: 'red', 'attribute[size]': 'x' }, opts))).to.deep.equal([
      'colour: not a GeoReport v2 field of this service', 'attribute[size]: no such attribute (see services/food.json)',
    ]);
    const missing = descriptionsOf(() => intakeRecordOf({ service_code: 'food', lat: '22' }, opts));
    expect(missing.map((d) => d.split(':')[0])).to.deep.equal(['long', 'description', 'last_name', 'phone', 'attribute[business_name]']);
    expect(descriptionsOf(() => intakeRecordOf({ ...form, phone: ['1', '2'] }, opts))).to.deep.equal(['phone: must be given once, as text']);
    expect(descriptionsOf(() => intakeRecordOf({ ...form, 'attribute[claim_amount]': '1.234' }, opts))[0]).to.match(/^attribute\[claim_amount\]/);
  });

  it('shows a complaint as a request: open with its deadline, closed with its outcome, no personal data', () => {
    const doc = {
      caseNo: 'TS-2020-000001', status: 'pending-acceptance', category: 'food', district: '441521', nextDueDate: '2020-05-13',
      registration: { receivedAt: '2020-05-03T01:00:00Z', consumer: { name: '陈小明', phone: '13800138000' }, narrative: '牛奶' },
      updatedAt: new Date(), state: { outcome: null, closedAt: null, lastStepAt: '2020-05-04T02:00:00Z' },
    } as unknown as CaseDoc;
    const open = requestOf(doc, region, 'zh');
    expect(open).to.deep.equal({
      service_request_id: 'TS-2020-000001', status: 'open', status_notes: '待受理', service_name: '食品', service_code: 'food',
      agency_responsible: '海丰县市场监督管理局', service_notice: '下一办理期限：2020-05-13',
      requested_datetime: '2020-05-03T09:00:00+08:00', updated_datetime: '2020-05-04T10:00:00+08:00', expected_datetime: '2020-05-13T23:59:59+08:00',
    });
    const closed = requestOf({ ...doc, status: 'closed', state: { outcome: 'mediation-succeeded', closedAt: '2020-05-20T08:00:00Z' } } as unknown as CaseDoc, region, 'en');
    expect(closed).to.include({ status: 'closed', status_notes: 'Closed: Mediation succeeded', updated_datetime: '2020-05-20T16:00:00+08:00', agency_responsible: 'Haifeng County Market Regulation Bureau' });
    expect(closed).not.to.have.property('expected_datetime');
    expect(requestOf({ ...doc, district: '441500-HHW' } as CaseDoc, region, 'zh').agency_responsible).to.equal('汕尾市市场监督管理局红海湾经济开发区分局');
  });

  it('keeps a date range within 90 days, defaulting to the most recent 90', () => {
    const now = new Date('2020-06-30T00:00:00Z');
    expect(dateRange(undefined, undefined, now)).to.deep.equal({ from: new Date('2020-04-01T00:00:00Z'), to: now });
    expect(dateRange('2020-05-01T00:00:00+08:00', undefined, now).to).to.deep.equal(new Date('2020-07-29T16:00:00Z'));
    expect(descriptionsOf(() => dateRange('2020-01-01T00:00:00Z', '2020-04-01T00:00:01Z', now))[0]).to.match(/more than 90 days/);
    expect(descriptionsOf(() => dateRange('2020-05-01', undefined, now))[0]).to.match(/^start_date: must be a date-time with its zone/);
    expect(descriptionsOf(() => dateRange('2020-05-02T00:00:00Z', '2020-05-01T00:00:00Z', now))[0]).to.match(/^end_date: must not be before/);
    expect(beijingTime('2020-05-03T01:00:00.123Z')).to.equal('2020-05-03T09:00:00+08:00');
  });

  it('writes XML with the declaration, one element per item, escaped text and empty elements for nulls', () => {
    expect(xmlOf([{ code: 404, description: 'a < b & c' }], 'errors', 'error')).to.equal(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors>\n  <error>\n    <code>404</code>\n    <description>a &lt; b &amp; c</description>\n  </error>\n</errors>\n',
    );
    expect(xmlOf([{ service_request_id: 'TS-1', account_id: null }], 'service_requests', 'request')).to.contain('<account_id></account_id>');
    expect(xmlOf({ service_code: 'food', attributes: [{ code: 'a' }, { code: 'b' }] }, 'service_definition')).to.match(/<attributes>\s*<attribute>\s*<code>a<\/code>\s*<\/attribute>\s*<attribute>/);
  });
});

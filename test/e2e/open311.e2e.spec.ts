import { expect } from 'chai';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { createApiKey, loginAs, type TestApiKey } from '../support/auth.js';
import { eventually } from '../support/env.js';
import {
  XML_ELEMENTS, discoverySchema, errorsSchema, postResponseSchema, requestsSchema, serviceDefinitionSchema, servicesSchema, tokenResponseSchema,
} from '../support/georeport-v2.schemas.js';

const ajv = new Ajv({ allErrors: true, strict: false });
function conforms(schema: object, body: unknown, what: string): void {
  const validate = ajv.compile(schema);
  expect(validate(body), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 600)}`).to.equal(true);
}

/** Parses a GeoReport XML answer; checks the declaration, the root and that every element is one the spec names. */
function parseXml(text: string, root: string): Record<string, unknown> {
  expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), 'XML declaration with UTF-8').to.equal(true);
  expect(XMLValidator.validate(text), 'well-formed XML').to.equal(true);
  const names = [...text.matchAll(/<([a-z_]+)[\s>/]/g)].map((m) => m[1]!);
  expect(names[0]).to.equal(root);
  const allowed = new Set([root, ...XML_ELEMENTS[root]!]);
  expect(names.filter((n) => !allowed.has(n)), `elements the specification does not name under <${root}>`).to.deep.equal([]);
  expect(text).not.to.match(/xmlns/);
  return new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'attribute', 'error', 'endpoint', 'format'].includes(name) }).parse(text) as Record<string, unknown>;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Open311 GeoReport v2 facade: a client lists services, posts a complaint with a form and a key, queries it in JSON and XML', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  let council: TestApiKey;
  let base: string;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow']);
    operator = await createApiKey(sys, { role: 'operator', name: 'open311-client' });
    council = await createApiKey(sys, { role: 'council' });
    base = `${sys.url}/open311/v2`;
  });
  after(async () => { await sys?.stopAll(); });

  const post = (fields: Record<string, string>, format = 'json', headers: Record<string, string> = {}) => fetch(`${base}/requests.${format}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body: form(fields),
  });
  const complaint = (over: Record<string, string> = {}) => ({
    api_key: operator.key, service_code: 'food', address_string: '汕尾市海丰县附城镇人民路12号', last_name: '陈', first_name: '小明', phone: '13800138000',
    description: '在海丰县某某超市买到过期牛奶，要求退款。\n生产日期2020年1月。', 'attribute[business_name]': '海丰县某某超市', 'attribute[claim_amount]': '59.80', account_id: 'acct-7', ...over,
  });

  it('serves discovery, the service list and a service definition in both formats', async () => {
    const discovery = await getJson(`${base}/discovery.json`);
    expect(discovery.status).to.equal(200);
    conforms(discoverySchema, discovery.body, 'discovery.json');
    expect(discovery.body.endpoints[0].url).to.equal(base);
    const dx = parseXml(await (await fetch(`${base}/discovery.xml`)).text(), 'discovery');
    expect((dx.discovery as { endpoints: { endpoint: { specification: string }[] } }).endpoints.endpoint[0]!.specification).to.equal('http://wiki.open311.org/GeoReport_v2');

    const services = await getJson(`${base}/services.json`);
    conforms(servicesSchema, services.body, 'services.json');
    const codes = (services.body as { service_code: string }[]).map((s) => s.service_code);
    expect(codes).to.include.members(['price', 'food', 'ip', 'drug-cosmetic-device', 'special-equipment', 'product-quality', 'advertising', 'contract-service', 'other']);
    const food = (services.body as { service_code: string; service_name: string; type: string; group: string; keywords: string }[]).find((s) => s.service_code === 'food')!;
    expect(food).to.include({ service_name: '食品', type: 'realtime', group: '商品质量安全' });
    expect(food.keywords).to.match(/[\u4e00-\u9fff]/);
    const english = await getJson(`${base}/services.json`, { 'accept-language': 'en' });
    expect((english.body as { service_code: string; service_name: string }[]).find((s) => s.service_code === 'food')!.service_name).to.equal('Food');
    const xres = await fetch(`${base}/services.xml`);
    expect(xres.headers.get('content-type')).to.match(/^text\/xml; charset=utf-8/);
    const sx = parseXml(await xres.text(), 'services');
    expect((sx.services as { service: unknown[] }).service).to.have.length(codes.length);

    const definition = await getJson(`${base}/services/food.json`);
    conforms(serviceDefinitionSchema, definition.body, 'services/food.json');
    expect(definition.body.attributes.find((a: { code: string }) => a.code === 'business_name')).to.include({ required: true, datatype: 'string', order: 1 });
    parseXml(await (await fetch(`${base}/services/food.xml`)).text(), 'service_definition');
  });

  it('creates a complaint from a form and an api_key: a case number at once, the case in the mediator\'s queue, readable by id and date range in JSON and XML', async () => {
    const res = await post(complaint());
    expect(res.status).to.equal(200);
    const created = await res.json() as { service_request_id: string; service_notice: string; account_id: string }[];
    conforms(postResponseSchema, created, 'POST requests.json');
    const [{ service_request_id: id, service_notice: notice, account_id: account }] = created as [typeof created[number]];
    expect(id).to.match(/^TS-\d{4}-\d{6}$/);
    expect(account).to.equal('acct-7');
    expect(notice).to.contain(id).and.to.contain('海丰县市场监督管理局');

    // Through the normal intake path: the 12315 case, routed to 海丰县's food queue, where the mediator works.
    const mediator = await loginAs(sys, 'mediator', ['441521']);
    const queued = await eventually(async () => {
      const r = await getJson(`${sys.url}/api/v1/queues/districts/441521`, mediator.headers);
      return (r.body.items as { caseNo: string; queue: string }[] | undefined)?.find((c) => c.caseNo === id);
    }, 'the Open311 complaint in the mediator\'s district queue', 20_000);
    expect(queued.queue).to.equal('441521:food');
    const listed = await getJson(`${sys.url}/api/v1/cases?district=441521&kind=complaint&pageSize=200`, mediator.headers);
    const view = (listed.body.items as { caseNo: string; channel: string; business: { name: string }; claimAmountYuan: string; consumer: { phone: string } }[]).find((c) => c.caseNo === id)!;
    expect(view).to.deep.include({ channel: '12315-web', claimAmountYuan: '59.80', business: { name: '海丰县某某超市', address: '汕尾市海丰县附城镇人民路12号' } });
    expect(view.consumer.phone).to.equal('138****8000');

    const one = await getJson(`${base}/requests/${id}.json`);
    expect(one.status).to.equal(200);
    conforms(requestsSchema, one.body, `requests/${id}.json`);
    const [request] = one.body as Record<string, string>[];
    expect(request).to.include({ service_request_id: id, status: 'open', service_code: 'food', service_name: '食品', agency_responsible: '海丰县市场监督管理局' });
    expect(request!.status_notes).to.be.oneOf(['已登记', '待受理']);
    expect(request!.expected_datetime).to.match(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/);
    // Nothing personal: not the caller, the phone, the business or the description.
    expect(JSON.stringify(one.body)).not.to.match(/陈|13800138000|某某超市|牛奶|人民路/);

    const ox = parseXml(await (await fetch(`${base}/requests/${id}.xml`)).text(), 'service_requests');
    expect((ox.service_requests as { request: Record<string, string>[] }).request[0]).to.include({ service_request_id: id, status: 'open', service_code: 'food' });

    const now = Date.now();
    const iso = (t: number) => `${new Date(t + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
    const range = `start_date=${encodeURIComponent(iso(now - 3600_000))}&end_date=${encodeURIComponent(iso(now + 3600_000))}`;
    const inRange = await getJson(`${base}/requests.json?${range}&service_code=food&status=open`);
    conforms(requestsSchema, inRange.body, 'requests.json by date range');
    expect((inRange.body as { service_request_id: string }[]).map((r) => r.service_request_id)).to.include(id);
    const otherService = await getJson(`${base}/requests.json?${range}&service_code=price`);
    expect((otherService.body as { service_request_id: string }[]).map((r) => r.service_request_id)).not.to.include(id);
    const closedOnly = await getJson(`${base}/requests.json?${range}&status=closed`);
    expect((closedOnly.body as { service_request_id: string }[]).map((r) => r.service_request_id)).not.to.include(id);
    const byIds = await getJson(`${base}/requests.json?service_request_id=${id},TS-1999-000001`);
    expect((byIds.body as { service_request_id: string }[]).map((r) => r.service_request_id)).to.deep.equal([id]);
    const rx = parseXml(await (await fetch(`${base}/requests.xml?${range}`)).text(), 'service_requests');
    expect((rx.service_requests as { request: { service_request_id: string }[] }).request.map((r) => r.service_request_id)).to.include(id);

    // The same answer in XML for a POST.
    const xmlPost = await post(complaint({ service_code: 'price', description: '标价10元结账收15元', 'attribute[business_name]': '城区某某餐馆', address_string: '汕尾市城区香洲街道' }), 'xml');
    expect(xmlPost.status).to.equal(200);
    const px = parseXml(await xmlPost.text(), 'service_requests');
    expect((px.service_requests as { request: { service_request_id: string }[] }).request[0]!.service_request_id).to.match(/^TS-\d{4}-\d{6}$/);
  });

  it('answers errors in the specification\'s format with the right status, naming the field', async () => {
    const expectErrors = async (res: Response, status: number, pattern: RegExp) => {
      expect(res.status).to.equal(status);
      const body = await res.json();
      conforms(errorsSchema, body, `errors (${status})`);
      expect((body as { code: number }[])[0]!.code).to.equal(status);
      expect((body as { description: string }[]).map((e) => e.description).join(' | ')).to.match(pattern);
    };
    const { api_key: _key, ...noKey } = complaint();
    await expectErrors(await post(noKey), 403, /^api_key: required/);
    await expectErrors(await post(complaint({ api_key: 'cwk_not-a-key-000000000000000' })), 403, /api_key: invalid/);
    await expectErrors(await post(complaint({ api_key: council.key })), 403, /council key may not create/);
    await expectErrors(await post(complaint({ service_code: 'potholes' })), 404, /service_code: no service potholes/);
    await expectErrors(await post(complaint({ jurisdiction_id: 'sfgov.org' })), 404, /jurisdiction_id: sfgov.org is not served here; this endpoint serves 441500/);
    const { phone: _p, address_string: _a, 'attribute[business_name]': _b, ...missing } = complaint();
    await expectErrors(await post(missing), 400, /address_string: required.*phone: required.*attribute\[business_name\]: required/);
    await expectErrors(await post(complaint({ phone: 'call me' })), 400, /^phone: /);
    await expectErrors(await post(complaint({ address_string: '', lat: '95', long: '115.3' })), 400, /lat: must be a WGS84 latitude/);
    await expectErrors(await fetch(`${base}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), 415, /Content-Type/);
    await expectErrors(await fetch(`${base}/requests.json?start_date=2020-01-01T00:00:00%2B08:00&end_date=2020-06-01T00:00:00%2B08:00`), 400, /may not span more than 90 days/);
    await expectErrors(await fetch(`${base}/requests.json?start_date=yesterday`), 400, /start_date: must be a date-time with its zone/);
    await expectErrors(await fetch(`${base}/requests.json?status=pending`), 400, /status: pending is not open or closed/);
    await expectErrors(await fetch(`${base}/requests/TS-1999-000001.json`), 404, /no request TS-1999-000001/);
    await expectErrors(await fetch(`${base}/services.html`), 404, /format/);
    await expectErrors(await fetch(`${base}/no-such-thing.json`), 404, /./);
    const xml = await fetch(`${base}/requests/TS-1999-000001.xml`);
    expect(xml.status).to.equal(404);
    const ex = parseXml(await xml.text(), 'errors');
    expect((ex.errors as { error: { code: string }[] }).error[0]!.code).to.equal('404');

    // The key never lands in the audit trail; the creation does.
    const audit = await getJson(`${sys.url}/api/v1/audit?limit=200`, sys.adminHeaders);
    const entries = JSON.stringify(audit.body);
    expect(entries).to.contain('intake:open311 complaint');
    expect(entries).not.to.contain(operator.key);
  });

  it('resolves a token to the case number', async () => {
    // A token is what a POST answers when intake has not registered the case within the wait; it
    // is the record's source reference, so the look-up works for any Open311 case.
    const res = await post(complaint({ service_code: 'other', description: '快递丢件，商家不理' }));
    const [{ service_request_id: id }] = await res.json() as [{ service_request_id: string }];
    const listed = await getJson(`${sys.url}/api/v1/cases?pageSize=5`, sys.adminHeaders);
    const sourceRef = (listed.body.items as { caseNo: string; sourceRef: string }[]).find((c) => c.caseNo === id)!.sourceRef;
    expect(sourceRef).to.match(/^O311-/);
    const token = await getJson(`${base}/tokens/${sourceRef}.json`);
    conforms(tokenResponseSchema, token.body, 'tokens');
    expect(token.body).to.deep.equal([{ service_request_id: id, token: sourceRef }]);
    expect((await fetch(`${base}/tokens/O311-00000000-0000-0000-0000-000000000000.json`)).status).to.equal(404);
  });
});

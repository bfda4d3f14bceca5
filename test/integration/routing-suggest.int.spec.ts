import { expect } from 'chai';
import { startSystem, postJson, type TestSystem } from '../support/system.js';
import { createApiKey, type TestApiKey } from '../support/auth.js';

/**
 * `POST /api/v1/routing/suggest` with the shipped rules and model (decision 0031): what a rule
 * decides confidently, what the model decides with its two suggestions, and the flag for a text
 * outside market regulation (sent to triage, never "not accepted" by itself).
 */
describe('routing suggestions from the rules and the model', function () {
  this.timeout(120_000);
  let sys: TestSystem;
  let operator: TestApiKey;
  before(async () => {
    sys = await startSystem(['gateway']);
    operator = await createApiKey(sys, { role: 'operator' });
  });
  after(async () => { await sys?.stopAll(); });

  const suggest = async (summary: string) => {
    const r = await postJson(`${sys.url}/api/v1/routing/suggest`, { summary, address: '汕尾市海丰县梅陇镇' }, operator.headers);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };

  it('answers a text no rule is sure of with the model\'s category, its evidence and two suggestions', async () => {
    const s = await suggest('刹车片异常磨损');
    expect(s.category).to.include({ code: 'product-quality', ruleId: 'model', zh: '产品质量' });
    expect(s.category.matched).not.to.be.empty;
    expect(s.suggestions.map((x: { code: string }) => x.code)).to.have.length(2).and.include('product-quality');
    expect(s.triage).to.equal(false);
    expect(s.queue).to.equal('441521:product-quality');
    expect(s).not.to.have.property('outsideRemit');
  });

  it('flags a text outside market regulation with the ground to suggest, and sends it to triage', async () => {
    const s = await suggest('楼上邻居装修噪音太大，天天电钻');
    expect(s.outsideRemit).to.include({ ground: 'no-authority', item: 1 });
    expect(s.outsideRemit.p).to.be.greaterThan(0.5);
    expect(s.triage).to.equal(true);
    expect(s.queue).to.equal('triage');
  });
});

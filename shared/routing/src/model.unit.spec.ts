import { expect } from 'chai';
import { predict, textFeatures, trainCategoryModel } from './model.js';
import { createRouter } from './router.js';
import { loadDefaultConfig } from './default-config.js';
import { readRules } from './rules-source.js';
import { DEFAULT_CONFIG_PATH } from './default-config.js';

const trainedOn = { corpusSha256: 'test', texts: 6 };
const examples = [
  { label: 'food', text: '牛奶过期变质喝了拉肚子' },
  { label: 'food', text: '面包发霉还在卖' },
  { label: 'price', text: '结账多收钱，标价和收费不一致' },
  { label: 'price', text: '明码标价却多收费' },
  { label: 'outside-remit', text: '邻居装修噪音扰民' },
  { label: 'outside-remit', text: '楼上装修噪音太吵' },
].map((e) => ({ label: e.label, features: textFeatures(e.text) }));

describe('the category model (naive Bayes over character pairs, words and rules)', () => {
  it('features: CJK characters and pairs, English words without stop words, once each', () => {
    expect(textFeatures('过期 Expired milk, the milk')).to.have.members(['过', '期', '过期', 'e:expired', 'e:milk']);
  });

  it('trains the same file from the same examples and ranks the label whose features a text shares', () => {
    const model = trainCategoryModel(examples, { trainedOn, minCount: 1 });
    expect(JSON.stringify(trainCategoryModel([...examples].reverse(), { trainedOn, minCount: 1 }))).to.equal(JSON.stringify(model));
    expect(model.labels).to.deep.equal(['food', 'outside-remit', 'price']);
    const p = predict(model, textFeatures('超市牛奶过期'));
    expect(p.ranked[0]!.label).to.equal('food');
    expect(p.ranked.reduce((s, r) => s + r.p, 0)).to.be.closeTo(1, 1e-9);
    expect(p.evidence).not.to.be.empty;
    for (const e of p.evidence) expect('超市牛奶过期', e).to.include(e);
    expect(predict(model, textFeatures('装修噪音')).ranked[0]!.label).to.equal('outside-remit');
  });

  it('drops features seen fewer than minCount times', () => {
    const model = trainCategoryModel(examples, { trainedOn, minCount: 2 });
    expect(model.features).to.have.property('装修');
    expect(model.features).not.to.have.property('牛奶');
  });
});

describe('routing with the model', () => {
  const config = loadDefaultConfig();
  const model = trainCategoryModel(examples, { trainedOn, minCount: 1 });
  const withModel = createRouter(config, { model });

  it('leaves a confident rule decision to the rules and decides with the model where no rule fires', () => {
    const rule = withModel.classify({ summary: '超市卖过期牛奶，喝了拉肚子' });
    expect(rule.ruleId).to.match(/^food\./);
    const noRule = createRouter(config).classify({ summary: '面包上长了绿毛' });
    const byModel = withModel.classify({ summary: '面包上长了绿毛' });
    expect(byModel.ruleId, `rules alone: ${noRule.ruleId}`).to.equal('model');
    expect(byModel.category).to.equal('food');
    expect(byModel.model?.suggestions.map((s) => s.category)).to.have.length(2).and.include('food');
    expect(byModel.matched).to.include('面包');
  });

  it('sends a model decision below minConfidence to triage with its two suggestions', () => {
    const unsure = createRouter({ ...config, classification: { ...config.classification, model: { ruleConfidence: 0.7, minConfidence: 0.99 } } }, { model });
    const r = unsure.route({ summary: '面包有点怪' });
    expect(r.reasons.category.ruleId).to.equal('model');
    expect(r.triage).to.equal(true);
    expect(r.queue).to.equal(config.queues.triage);
    expect(r.reasons.category.suggestions).to.have.length(2);
  });

  it('flags a text outside market regulation and sends it to triage, never deciding "not accepted" itself', () => {
    const r = withModel.route({ summary: '楼上邻居装修噪音太大', address: '汕尾市城区新港街道' });
    expect(r.reasons.category.outsideRemit?.p).to.be.greaterThan(0.5);
    expect(r.reasons.category.outsideRemit?.evidence.join('')).to.match(/装|修|噪/);
    expect(r.triage).to.equal(true);
  });

  it('the shipped model routes the examples of issue 13 (car defects, out-of-remit texts, filling, per-jin pricing)', () => {
    const { router } = readRules(DEFAULT_CONFIG_PATH);
    for (const summary of ['刹车片异常磨损', '车机系统卡顿无法升级', '大灯起雾', '上坡踩油门无法提速', '方向盘调节旋钮无配件', '车内异味影响身体健康', '买的羽绒服充绒量不足，实际含绒量比吊牌标的低很多']) {
      const r = router.route({ summary });
      expect([r.category, r.triage], summary).to.deep.equal(['product-quality', false]);
    }
    expect(router.route({ summary: '海鲜酒家报价按斤算，结账按两收费' }).category).to.equal('price');
    for (const summary of ['楼上邻居装修噪音太大，天天电钻', '银行卡被盗刷了两万块']) {
      const r = router.route({ summary });
      expect(r.reasons.category.outsideRemit, summary).not.to.equal(undefined);
      expect(r.triage, summary).to.equal(true);
    }
  });
});

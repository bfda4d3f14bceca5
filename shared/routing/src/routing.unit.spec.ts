import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_CONFIG_PATH,
  RoutingConfigError,
  regionDays,
  assertRoutingConfig,
  createRouter,
  loadDefaultConfig,
  loadRoutingConfig,
  route,
} from './index.js';
import type { JurisdictionInput, JurisdictionRuleId, RoutingConfig } from './index.js';

const rawDefault = (): Record<string, unknown> => JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;

/** The default config plus a local platform registered in 海丰县, for the platform rule. */
function testConfig(): RoutingConfig {
  const raw = rawDefault() as unknown as RoutingConfig;
  raw.platforms = [...raw.platforms, { id: 'shanwei-local', names: ['汕尾优选', 'swyouxuan'], district: '441521' }];
  return loadRoutingConfig(raw);
}

describe('@cw/routing resolveJurisdiction — table', () => {
  const router = createRouter(testConfig());
  const cases: Array<[string, JurisdictionInput, string, JurisdictionRuleId, string?]> = [
    ['explicit county code', { districtCode: '441581', address: '海丰县梅陇镇' }, '441581', 'district-code', '441581'],
    ['explicit zone id', { districtCode: '441500-HHW' }, '441500-HHW', 'district-code'],
    ['explicit city bureau', { districtCode: '441500' }, '441500', 'district-code'],
    ['unknown code falls through to the address', { districtCode: '440300', address: '陆河县河田镇人民路' }, '441523', 'address', '陆河县'],
    ['城区 street', { address: '汕尾市城区香洲街道二马路12号' }, '441502', 'address', '汕尾市城区'],
    ['城区 by street only', { address: '凤山街道汕尾大道某商场' }, '441502', 'address', '凤山街道'],
    ['海丰 town', { address: '广东省汕尾市海丰县可塘镇珠宝城A区' }, '441521', 'address', '海丰县'],
    ['海丰 town without county', { address: '梅陇镇农贸市场' }, '441521', 'address', '梅陇镇'],
    ['陆丰 town short name', { address: '碣石某海鲜酒家' }, '441581', 'address', '碣石'],
    ['陆丰 street', { address: '东海街道金碣路88号' }, '441581', 'address', '东海街道'],
    ['城东街道 (陆丰) vs 城东镇 (海丰): longest match', { address: '城东街道某小区' }, '441581', 'address', '城东街道'],
    ['城东镇 (海丰)', { address: '城东镇某电器店' }, '441521', 'address', '城东镇'],
    ['红海湾 zone', { address: '汕尾市红海湾经济开发区遮浪街道' }, '441500-HHW', 'address', '红海湾经济开发区'],
    ['红海湾 by street', { address: '田墘街道某超市' }, '441500-HHW', 'address', '田墘街道'],
    ['华侨管理区', { address: '汕尾市华侨管理区侨兴路' }, '441500-HQ', 'address', '汕尾市华侨管理区'],
    ['陆河 town', { address: '螺溪镇正大村' }, '441523', 'address', '螺溪镇'],
    ['full-width and spaces tolerated', { address: ' 陆丰市 甲子镇 ' }, '441581', 'address', '陆丰市'],
    ['same length: earliest in the address wins', { address: '陆丰城区某路' }, '441581', 'address', '陆丰'],
    ['city name only → city default', { address: '汕尾市某路' }, '441500', 'city-default'],
    ['out-of-region seller on a configured local platform', { address: '广州市天河区', platform: '汕尾优选' }, '441521', 'platform', '汕尾优选'],
    ['out-of-region seller on a national platform (operator outside region) → city bureau', { address: '浙江省义乌市', platform: '淘宝' }, '441500', 'platform', '淘宝'],
    ['platform name matched case-insensitively and inside a longer name', { platform: 'TMALL旗舰店' }, '441500', 'platform', 'tmall'],
    ['unconfigured platform → city bureau', { platform: '某小众商城' }, '441500', 'platform', '某小众商城'],
    ['in-region seller address beats the platform', { address: '海丰县附城镇', platform: '拼多多' }, '441521', 'address', '海丰县'],
    ['nothing known', {}, '441500', 'city-default'],
  ];
  for (const [name, input, district, ruleId, matched] of cases) {
    it(name, () => {
      const r = router.resolveJurisdiction(input);
      expect(r.district).to.equal(district);
      expect(r.ruleId).to.equal(ruleId);
      if (matched !== undefined) expect(r.matched).to.deep.equal([matched]);
      if (ruleId === 'city-default') expect(r.matched).to.equal(undefined);
    });
  }
});

describe('@cw/routing route', () => {
  const config = loadDefaultConfig();
  const router = createRouter(config);

  it('combines category and jurisdiction into <district>:<category>', () => {
    const r = router.route({ summary: '牛奶已过保质期三天', address: '海丰县梅陇镇某超市' });
    expect(r).to.deep.include({ category: 'food', district: '441521', queue: '441521:food', triage: false });
    expect(r.reasons.category.ruleId).to.match(/^food\./);
    expect(r.reasons.jurisdiction).to.deep.equal({ ruleId: 'address', matched: ['海丰县'] });
  });

  it('zone ids appear in queue names', () => {
    expect(router.route({ summary: '电梯困人', districtCode: '441500-HHW' }).queue).to.equal('441500-HHW:special-equipment');
  });

  it('known category, unknown place → the city bureau queue', () => {
    const r = router.route({ summary: '预付卡商家跑路' });
    expect(r.queue).to.equal('441500:contract-service');
    expect(r.reasons.jurisdiction.ruleId).to.equal('city-default');
  });

  it('no category rule fired → triage (policy category-unmatched), district still reported', () => {
    const r = router.route({ summary: '来电咨询办事大厅的工作时间', address: '陆丰市东海街道' });
    expect(r).to.deep.include({ category: 'other', district: '441581', queue: 'triage', triage: true });
    expect(router.route({ summary: '咨询', narrative: '' }).queue).to.equal('triage');
  });

  it('explicit other is not triage', () => {
    expect(router.route({ category: 'other', summary: '无照经营', districtCode: '441523' }).queue).to.equal('441523:other');
  });

  it('policy both-unknown triages only when the jurisdiction is also unknown', () => {
    const raw = rawDefault() as unknown as RoutingConfig;
    raw.queues = { ...raw.queues, triagePolicy: 'both-unknown' };
    const r2 = createRouter(loadRoutingConfig(raw));
    expect(r2.route({ summary: '咨询营业时间', address: '陆河县' }).queue).to.equal('441523:other');
    expect(r2.route({ summary: '咨询营业时间' }).queue).to.equal('triage');
  });

  it('a custom template gives per-district queues with category sub-queues', () => {
    const raw = rawDefault() as unknown as RoutingConfig;
    raw.queues = { ...raw.queues, template: 'district.{district}.{category}' };
    expect(createRouter(loadRoutingConfig(raw)).queueName('441502', 'price')).to.equal('district.441502.price');
  });

  it('the standalone route(input, config) equals the router method', () => {
    const input = { summary: '假冒注册商标的运动鞋', address: '陆丰市甲子镇' };
    expect(route(input, config)).to.deep.equal(router.route(input));
  });
});

describe('@cw/routing config validation', () => {
  const expectError = (mutate: (c: Record<string, any>) => void, pointer: string, rule: string): RoutingConfigError => {
    const c = rawDefault() as Record<string, any>;
    mutate(c);
    try {
      loadRoutingConfig(c);
    } catch (e) {
      expect(e).to.be.instanceOf(RoutingConfigError);
      const err = e as RoutingConfigError;
      expect(err.issues.map((i) => `${i.pointer} ${i.rule}`)).to.include(`${pointer} ${rule}`);
      expect(err.message).to.contain('invalid routing config at');
      return err;
    }
    throw new Error('expected a RoutingConfigError');
  };

  it('the bundled config is valid and frozen', () => {
    const c = loadDefaultConfig();
    expect(c.region.name.zh).to.equal('汕尾市');
    expect(Object.isFrozen(c.districts)).to.equal(true);
    expect(() => assertRoutingConfig(rawDefault())).to.not.throw();
  });

  it('checks the deadlines section: closures run forwards on real dates, no day both closed and working, every 12345 request type', () => {
    expectError((c) => { c.deadlines.closures = [{ from: '2020-02-07', to: '2020-02-03', reason: 'x' }]; }, '/deadlines/closures/0/to', 'range-order');
    expectError((c) => { c.deadlines.closures = [{ from: '2020-02-30', to: '2020-03-01', reason: 'x' }]; }, '/deadlines/closures/0/from', 'real-date');
    expectError((c) => {
      c.deadlines.closures = [{ from: '2020-02-03', to: '2020-02-07', reason: '广东省延迟复工' }];
      c.deadlines.workdays = [{ date: '2020-02-05', reason: 'x' }];
    }, '/deadlines/workdays/0/date', 'closure-or-workday');
    expectError((c) => { delete c.deadlines.hotline12345.reply.help; }, '/deadlines/hotline12345/reply/help', 'required');
    expectError((c) => { c.deadlines.hotline12345.acknowledge = { days: 0, unit: 'working' }; }, '/deadlines/hotline12345/acknowledge/days', 'minimum');
  });

  it('expands closures into days for the calendar', () => {
    expect(regionDays({ deadlines: { closures: [{ from: '2020-02-03', to: '2020-02-05', reason: 'x' }], workdays: [{ date: '2020-02-08', reason: 'y' }] } }))
      .to.deep.equal({ extraClosures: ['2020-02-03', '2020-02-04', '2020-02-05'], extraWorkdays: ['2020-02-08'] });
    expect(regionDays({})).to.deep.equal({ extraClosures: [], extraWorkdays: [] });
  });

  it('accepts JSON text', () => {
    expect(loadRoutingConfig(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')).cityBureau).to.equal('441500');
  });

  it('missing required property → pointer to it, rule required', () => {
    const err = expectError((c) => delete c['queues'].triage, '/queues/triage', 'required');
    expect(err.pointer).to.equal('/queues/triage');
    expect(err.rule).to.equal('required');
  });

  it('wrong type deep inside → pointer to the element', () => {
    expectError((c) => (c['classification'].rules[3].weight = 'heavy'), '/classification/rules/3/weight', 'type');
  });

  it('bad district id pattern', () => {
    expectError((c) => (c['districts'][1].id = '4415-02'), '/districts/1/id', 'pattern');
  });

  it('unknown category in a rule', () => {
    expectError((c) => (c['classification'].rules[0].category = 'groceries'), '/classification/rules/0/category', 'enum');
  });

  it('unknown property', () => {
    expectError((c) => (c['region'].mayor = 'x'), '/region/mayor', 'additionalProperties');
  });

  it('platform pointing at an unknown district', () => {
    expectError((c) => (c['platforms'][0].district = '441599'), '/platforms/0/district', 'known-district');
  });

  it('invalid regular expression', () => {
    expectError((c) => (c['classification'].rules[0].patterns = ['(unclosed']), '/classification/rules/0/patterns/0', 'valid-regex');
  });

  it('an address keyword owned by two districts', () => {
    // 海丰 (index 2) is read first and owns the keyword; the clash is reported on 陆丰's copy.
    expectError((c) => c['districts'][2].keywords.push('碣石镇'), '/districts/4/keywords/6', 'unique-address-keyword');
  });

  it('duplicate rule id and wrong rule-id prefix', () => {
    expectError((c) => (c['classification'].rules[1].id = c['classification'].rules[0].id), '/classification/rules/1/id', 'unique-rule-id');
    expectError((c) => (c['classification'].rules[0].id = 'food.x'), '/classification/rules/0/id', 'rule-id-prefix');
  });

  it('city bureau must be a city-kind district; every category must be named', () => {
    expectError((c) => (c['cityBureau'] = '441502'), '/cityBureau', 'city-kind');
    expectError((c) => c['categories'].pop(), '/categories', 'all-categories');
  });

  it('not an object at all', () => {
    expect(() => loadRoutingConfig(42)).to.throw(RoutingConfigError, /at \/: type/);
  });
});

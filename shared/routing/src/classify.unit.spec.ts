/**
 * Table test for category classification.
 *
 * The corpus below was written for this purpose, in the style of 12315 / 12345 call summaries,
 * BEFORE the keyword rules in config/shanwei.json were written. The rules were then tuned with
 * general vocabulary for each category, not with single-text hacks; the test asserts an overall
 * accuracy floor and a per-category recall floor rather than 100 %.
 */
import { expect } from 'chai';
import { CATEGORY_CODES, createRouter, loadDefaultConfig } from './index.js';
import type { CategoryCode } from './index.js';

interface LabelledText {
  expected: CategoryCode;
  summary: string;
  narrative?: string;
}

const t = (expected: CategoryCode, summary: string, narrative?: string): LabelledText =>
  narrative === undefined ? { expected, summary } : { expected, summary, narrative };

export const CORPUS: readonly LabelledText[] = [
  // ---------------------------------------------------------------- price 价格
  t('price', '消费者反映城区某水果店未明码标价，结账时每斤比口头报价多收5元，要求退还多收款项。'),
  t('price', '海鲜大排档宰客', '消费者反映在陆丰市碣石镇某海鲜大排档点菜时店家未告知价格，结账时一只龙虾收费880元，消费者认为涉嫌价格欺诈。'),
  t('price', '消费者反映某加油站公示的优惠价与实际结算价不一致，标价7.5元/升，实际按7.9元/升收费。'),
  t('price', '反映海丰县某停车场乱收费，标示首小时5元，实际收取20元且不出具票据。'),
  t('price', '消费者称在某商场购买羽绒服，吊牌原价1999元打五折，但该款从未以原价销售过，涉嫌虚构原价。'),
  t('price', '国庆节假日期间城区某酒店房价上涨至平时的五倍，消费者反映商家哄抬价格。'),
  t('price', '消费者反映某药店口罩每只售价10元，明显高于进价，疫情期间哄抬物价。'),
  t('price', '价签与结算价不符', '消费者反映某超市货架标价9.9元的洗衣液，收银台结算时按12.9元收取，要求退还差价。'),
  t('price', '消费者反映某医院收费项目未公示，检查费用被多收了200元。'),
  t('price', '反映某驾校在合同约定之外额外收取考试费、补考费等费用，属于乱收费。'),
  t('price', '陆河县河田镇某快餐店菜单无价格，收费随意，同样的饭菜前后两次收费不同。'),
  t('price', 'Customer was overcharged at a seafood restaurant in Shanwei; the menu showed no prices and the bill was 600 yuan for two dishes.'),
  t('price', 'The supermarket shelf price was 15.8 yuan but the checkout charged 18.8; the consumer asks for a refund of the price difference.'),

  // ---------------------------------------------------------------- food 食品
  t('food', '消费者反映在海丰县某超市购买的牛奶已过保质期三天，要求退一赔十。'),
  t('food', '消费者在城区某面包店购买的蛋糕发霉变质，食用后出现腹泻。'),
  t('food', '餐饮卫生问题', '反映陆丰市某餐厅后厨卫生脏乱，有老鼠出没，餐具未经消毒直接使用。'),
  t('food', '消费者在某快餐店就餐时在汤里发现一只苍蝇，要求店家赔偿。'),
  t('food', '反映某学校附近小卖部销售三无辣条，包装上无生产日期、无厂名厂址。'),
  t('food', '外卖食物中毒', '消费者反映在外卖平台点的烧鹅饭，食用后全家四人上吐下泻，怀疑食物中毒，已就医。'),
  t('food', '反映某酒楼婚宴后多名宾客出现呕吐、腹泻症状，怀疑菜品不洁。'),
  t('food', '消费者反映某超市销售的散装花生油有哈喇味，疑似已变质。'),
  t('food', '消费者在母婴店购买的进口奶粉无中文标签，要求退货并赔偿。'),
  t('food', '反映某农贸市场猪肉摊销售未经检疫的猪肉，无检疫合格证明。'),
  t('food', '某奶茶店使用过期原料制作饮品，被消费者拍到视频后投诉。'),
  t('food', 'Bought a box of yogurt at a convenience store in Lufeng and found it was two weeks past its expiry date.'),
  t('food', 'Found a piece of metal wire in the noodles served at a restaurant; the customer requests compensation.'),
  t('food', '消费者反映在某火锅店就餐，锅底疑似使用地沟油，食用后胃部不适。'),

  // ---------------------------------------------------------------- ip 知识产权
  t('ip', '消费者在某商店购买的耐克运动鞋经鉴定为假冒注册商标商品，要求赔偿。'),
  t('ip', '举报某服装批发店销售假冒“阿迪达斯”商标的T恤。'),
  t('ip', '反映某烟酒店销售假冒茅台酒，外包装与正品有明显差异。'),
  t('ip', '举报某企业未经许可使用他人专利技术生产同类产品。'),
  t('ip', '反映市场上有商家销售冒用“甲子鱿鱼”地理标志的产品。'),
  t('ip', '消费者反映网购的品牌手机壳是山寨货，商标与正品近似，涉嫌商标侵权。'),
  t('ip', '举报某店铺招牌使用与知名品牌近似的名称和标识，容易误导消费者。'),
  t('ip', '消费者在某精品店购买的LV包经专柜确认为仿冒品，要求退款赔偿。'),
  t('ip', 'Report: a shop in Haifeng is selling counterfeit Louis Vuitton handbags with fake trademarks.'),
  t('ip', 'A factory is suspected of infringing our registered patent by producing identical electric kettles.'),
  t('ip', '举报某打印店盗版复印教辅书籍对外销售，侵犯著作权。'),

  // ---------------------------------------------------------------- drug-cosmetic-device 药品/化妆品/医疗器械
  t('drug-cosmetic-device', '消费者在某药店购买的感冒药已过期两个月，服用后才发现。'),
  t('drug-cosmetic-device', '化妆品过敏', '反映某美容院使用的面霜无中文标签，消费者使用后面部过敏红肿。'),
  t('drug-cosmetic-device', '消费者网购的美白祛斑霜，使用后皮肤出现红疹，怀疑汞含量超标。'),
  t('drug-cosmetic-device', '举报某诊所销售无批准文号的“特效药”。'),
  t('drug-cosmetic-device', '反映某药店无处方销售处方药，顾客不需处方即可购买抗生素。'),
  t('drug-cosmetic-device', '消费者购买的血糖仪测量数据误差很大，怀疑医疗器械质量不合格。'),
  t('drug-cosmetic-device', '消费者在某眼镜店配的隐形眼镜佩戴后导致眼睛发炎。'),
  t('drug-cosmetic-device', '消费者反映某理发店使用的染发剂导致头皮灼伤。'),
  t('drug-cosmetic-device', '反映网购的口罩无医疗器械注册证，冒充医用口罩销售。'),
  t('drug-cosmetic-device', 'Bought a face cream at a beauty salon which caused an allergic reaction; the cosmetic has no Chinese label or registration.'),
  t('drug-cosmetic-device', 'The pharmacy sold me antibiotics that expired last month.'),
  t('drug-cosmetic-device', '消费者购买的助听器使用一周后无法正常工作，商家拒绝退换。'),

  // ---------------------------------------------------------------- special-equipment 特种设备
  t('special-equipment', '电梯困人', '反映城区某小区电梯经常困人，物业不及时维修，存在安全隐患。'),
  t('special-equipment', '消费者反映某商场自动扶梯突然停运，导致多人摔倒受伤。'),
  t('special-equipment', '举报某液化气站给超期未检的气瓶充装液化石油气。'),
  t('special-equipment', '反映陆丰市某工厂锅炉无证使用，存在安全隐患。'),
  t('special-equipment', '某游乐场过山车运行中突然停在半空，游客被困半小时。'),
  t('special-equipment', '反映某小区电梯年检合格证已过期，仍在继续运行。'),
  t('special-equipment', '举报某工地起重机械操作人员无证上岗作业。'),
  t('special-equipment', '消费者反映家中燃气钢瓶阀门漏气，送气店拒绝更换。'),
  t('special-equipment', 'The elevator in our residential building stopped between floors three times this month and the inspection certificate is out of date.'),
  t('special-equipment', 'A ferris wheel at an amusement park in Shanwei stopped suddenly and passengers were stuck for an hour.'),
  t('special-equipment', '反映某酒店的储气罐等压力容器放置在人员密集处，无检验标志。'),

  // ---------------------------------------------------------------- product-quality 产品质量
  t('product-quality', '新车故障要求退换', '消费者购买的新车行驶不到一个月发动机故障灯亮，4S店多次维修未能解决，要求退换车。'),
  t('product-quality', '反映在海丰县某电动车店购买的电动自行车电池鼓包，续航严重不足。'),
  t('product-quality', '消费者购买的空调安装后不制冷，商家互相推诿。'),
  t('product-quality', '消费者在某家具店购买的沙发使用两个月出现开裂，且有刺鼻异味。'),
  t('product-quality', '消费者购买的手机充电时严重发烫并自动关机，要求退货。'),
  t('product-quality', '反映购买的电热水器漏电，险些造成家人触电。'),
  t('product-quality', '消费者反映新换的轮胎出现鼓包，怀疑存在质量问题。'),
  t('product-quality', '反映某建材店销售的钢筋不符合国家标准，质量不合格。'),
  t('product-quality', '消费者购买的儿童玩具有尖锐边角，孩子玩耍时划伤手指。'),
  t('product-quality', '电动车充电起火', '消费者购买的电动车在楼下充电时起火，烧毁了车棚内多辆车。'),
  t('product-quality', '消费者反映新买的洗衣机脱水时剧烈晃动并发出异响。'),
  t('product-quality', "My new car's gearbox failed after 3,000 km and the dealer refuses to replace the vehicle."),
  t('product-quality', 'The e-bike I bought has a defective battery that will not hold a charge.'),
  t('product-quality', 'Bought a refrigerator that stopped cooling after two weeks; the store says it is not a quality problem.'),

  // ---------------------------------------------------------------- advertising 广告
  t('advertising', '反映某医美机构在朋友圈发布广告宣称“全市最好”“零风险”，涉嫌虚假宣传。'),
  t('advertising', '某楼盘广告宣称“距地铁5分钟”，实际周边并无地铁线路。'),
  t('advertising', '夸大功效', '消费者反映某保健品店宣称产品能治疗糖尿病，夸大功效，诱导老人购买。'),
  t('advertising', '举报某培训机构发布广告承诺“保过”“不过全额退费”，涉嫌违法广告。'),
  t('advertising', '反映某商家在门口悬挂横幅使用“国家级”“最佳”等绝对化用语。'),
  t('advertising', '消费者反映某主播直播带货时虚假宣传产品功效。'),
  t('advertising', '反映某公交车车身广告含有低俗内容，影响未成年人。'),
  t('advertising', '举报某食品店宣传普通食品具有治疗疾病的功效。'),
  t('advertising', '某电器商场宣传“全场最低价”，实际价格高于其他商家，消费者认为是虚假宣传。'),
  t('advertising', 'An online ad claims the slimming tea makes you lose 10 kg in a week, which is false advertising.'),
  t('advertising', "A billboard uses the words 'the best in China' and 'number one', which are prohibited absolute terms."),

  // ---------------------------------------------------------------- contract-service 合同/服务
  t('contract-service', '预付卡跑路', '消费者在城区某健身房办理年卡后，健身房突然关门跑路，要求退还剩余费用。'),
  t('contract-service', '反映某美容院办理的预付卡余额3000元，商家拒绝退款。'),
  t('contract-service', '消费者为孩子报名英语培训班，上了两节课后要求退费被拒。'),
  t('contract-service', '反映某驾校收取学费后长期不安排练车。'),
  t('contract-service', '消费者网购的商品显示已签收，但实际未收到快递。'),
  t('contract-service', '反映某快递公司丢失包裹，只愿按运费三倍赔偿。'),
  t('contract-service', '消费者在电商平台下单后商家迟迟不发货，也不同意退款。'),
  t('contract-service', '反映手机话费被莫名扣除，被开通了未订购的增值业务。'),
  t('contract-service', '消费者反映宽带安装后经常断网，要求退订却被收取违约金。'),
  t('contract-service', '反映某家电维修师傅上门维修空调，更换零件收费800元，维修后仍不制冷。'),
  t('contract-service', '装修纠纷', '消费者与某装修公司签订装修合同，工期拖延三个月且施工质量差。'),
  t('contract-service', '反映某婚纱摄影店拍摄后拖延交付相册，并要求加钱选片。'),
  t('contract-service', '消费者在某汽车维修厂保养车辆，被更换不必要的配件。'),
  t('contract-service', '消费者反映某理发店会员卡过期后余额被清零。'),
  t('contract-service', '反映某旅行社组织的旅游团在行程中强制购物。'),
  t('contract-service', 'Paid for a gym membership card and the gym closed down without any refund.'),
  t('contract-service', 'Ordered a phone online two weeks ago; the seller has not shipped it and refuses to refund.'),
  t('contract-service', 'My mobile carrier charged me for a data package I never subscribed to.'),

  // ---------------------------------------------------------------- other 其他
  t('other', '反映某路段有流动摊贩占道经营，影响交通。'),
  t('other', '举报某村有人无照经营废品回收站。'),
  t('other', '消费者反映某商店拒收现金，只接受微信支付。'),
  t('other', '咨询个体工商户营业执照如何办理年报。'),
  t('other', '反映邻居在家中开设麻将馆，噪音扰民至深夜。'),
  t('other', '举报某公司以高额返利为诱饵发展下线，疑似传销。'),
  t('other', 'Caller asks how to register a new sole proprietorship business.'),
];

/**
 * Second set, written after the first rule draft and measured before any change: 31/46 = 67.4 %.
 * The rules were then broadened with category vocabulary (not per-text hacks); kept as regression cases.
 */
export const SECOND_SET: readonly LabelledText[] = [
  t("price", "消费者反映某理发店剪发前说38元，剪完后以“造型费”为由收取168元。"),
  t("price", "反映城区某菜市场摊位不挂价格牌，外地游客买菜被要高价。"),
  t("price", "某景区停车收费标准未公示，收取50元停车费。"),
  t("price", "消费者在电商平台购买商品，页面显示“限时特价”，实际价格比平时还高。"),
  t("price", "The hotel raised the room rate from 200 to 1,000 yuan during the holiday without any notice."),
  t("food", "消费者反映在某超市购买的火腿肠胀袋，打开后有异味。"),
  t("food", "反映某小学食堂饭菜中吃出钢丝球碎片。"),
  t("food", "某烧烤摊使用来源不明的冷冻肉，没有进货票据。"),
  t("food", "消费者购买的月饼包装标注的生产日期晚于购买日期。"),
  t("food", "Several customers got sick after eating sushi at a Japanese restaurant in Chengqu."),
  t("ip", "举报某五金店销售假冒“公牛”牌插座。"),
  t("ip", "反映某茶叶店将普通茶叶冒充“凤凰单丛”地理标志产品销售。"),
  t("ip", "消费者购买的名牌香水经品牌方鉴定为假货。"),
  t("ip", "A market stall is selling fake Apple chargers with the Apple logo."),
  t("ip", "举报某企业抄袭其外观设计专利生产灯具。"),
  t("drug-cosmetic-device", "消费者反映购买的减肥药服用后心慌失眠，怀疑添加违禁成分。"),
  t("drug-cosmetic-device", "某美甲店使用的指甲油无标签，消费者使用后指甲发黄脱落。"),
  t("drug-cosmetic-device", "反映某药店销售的血压计显示数值偏差很大。"),
  t("drug-cosmetic-device", "消费者在网上买的牙齿美白贴导致牙龈红肿。"),
  t("drug-cosmetic-device", "The sunscreen I bought at the mall gave my child a severe skin rash."),
  t("special-equipment", "反映某商场观光电梯门关不上仍在运行。"),
  t("special-equipment", "某小区地下车库的机械式停车设备故障，车辆被卡。"),
  t("special-equipment", "举报某餐馆后厨使用未经检验的液化石油气钢瓶。"),
  t("special-equipment", "反映某景区游乐设施无检验合格标志。"),
  t("special-equipment", "The gas boiler in the hotel basement makes loud noises and smells of gas."),
  t("product-quality", "消费者购买的电饭煲内胆涂层脱落。"),
  t("product-quality", "反映新买的摩托车行驶中熄火多次，经销商拒绝更换。"),
  t("product-quality", "消费者购买的防盗门锁芯损坏，商家称不在保修范围。"),
  t("product-quality", "某品牌电动车刹车失灵导致消费者摔伤。"),
  t("product-quality", "The laptop screen started flickering a week after purchase and the shop will not exchange it."),
  t("advertising", "反映某教育机构在传单上宣传“名师一对一 提分30分”，与实际不符。"),
  t("advertising", "举报某房地产中介在网上发布的房源信息与实际严重不符，属于虚假房源广告。"),
  t("advertising", "某减肥店在抖音发布视频称“一个月瘦20斤，无效退款”。"),
  t("advertising", "反映某酒类广告在学校附近张贴。"),
  t("advertising", "A car dealer's advertisement promised zero interest financing but added hidden fees."),
  t("contract-service", "消费者在某瑜伽馆充值5000元，馆方突然停业，负责人联系不上。"),
  t("contract-service", "反映某家政公司派来的保洁员打碎家中物品，公司拒绝赔偿。"),
  t("contract-service", "消费者在网上购买的衣服申请七天无理由退货，商家拒绝。"),
  t("contract-service", "反映某手机维修店更换屏幕后出现触摸失灵，要求重新维修被拒。"),
  t("contract-service", "消费者反映某中介收取看房费后不退。"),
  t("contract-service", "某培训学校承诺包就业，学员结业后未安排工作，要求退学费。"),
  t("contract-service", "The moving company damaged my sofa and refuses to compensate."),
  t("other", "反映某商户在人行道上违规搭建雨棚。"),
  t("other", "反映某网吧允许未成年人上网。"),
  t("other", "举报某棋牌室聚众赌博。"),
  t("other", "来电咨询12315投诉需要准备哪些材料。"),
];

/**
 * Third set, written fresh after the second round and measured once before any change: 20/32 = 62.5 %
 * (the realistic figure for unseen text). A few general gaps were then fixed (substring collision
 * 出租车/租车, transit damage, missing goods words); the two debatable items still miss on purpose
 * (网约车 绕路多收 → price vs contract-service; 烧烤摊油烟扰民 → other, not food).
 */
export const THIRD_SET: readonly LabelledText[] = [
  t("price", "消费者反映某KTV酒水单未标明价格，结账时一瓶啤酒收了60元。"),
  t("price", "反映某出租车司机不打表，从高铁站到市区收费100元。"),
  t("price", "消费者称某眼镜店镜片标价与小票金额不一致。"),
  t("price", "反映春节期间某理发店剪发价格翻倍且未提前告知。"),
  t("food", "消费者反映购买的袋装薯片里有一只死虫。"),
  t("food", "某幼儿园多名儿童午餐后出现发热呕吐，家长怀疑食材有问题。"),
  t("food", "反映某早餐店油条使用反复煎炸的黑油。"),
  t("food", "The bottled juice I bought tasted sour and the seal was broken."),
  t("ip", "举报某批发市场档口大量销售印有“香奈儿”标志的仿冒丝巾。"),
  t("ip", "消费者反映购买的“正品”运动鞋鞋盒上的商标拼写错误，怀疑是假货。"),
  t("ip", "Someone is selling copies of our patented phone stand design on a local market."),
  t("drug-cosmetic-device", "消费者在某药房购买的中药饮片发霉。"),
  t("drug-cosmetic-device", "反映某美容店给顾客注射来源不明的玻尿酸，导致面部肿胀。"),
  t("drug-cosmetic-device", "消费者购买的家用制氧机噪音大且出氧浓度不达标。"),
  t("drug-cosmetic-device", "My mother bought a blood pressure monitor at the pharmacy and the readings are way off."),
  t("special-equipment", "反映某商场扶梯扶手带与梯级速度不同步，老人差点摔倒。"),
  t("special-equipment", "举报某小餐馆使用无检验标签的液化气罐。"),
  t("special-equipment", "某水上乐园滑道设施破损，游客被划伤。"),
  t("product-quality", "消费者购买的电视机使用三个月屏幕出现竖线。"),
  t("product-quality", "反映购买的儿童安全座椅卡扣断裂。"),
  t("product-quality", "消费者新买的电动汽车多次出现充不进电的情况，4S店拖延处理。"),
  t("product-quality", "The brand new washing machine leaks water every time it spins."),
  t("advertising", "反映某医院在公交站牌投放广告，称“治愈率99%”。"),
  t("advertising", "举报某公众号推文宣传保健酒能“壮阳补肾、包治百病”。"),
  t("advertising", "The flyer says the apartment is 'five minutes from the beach' but it is 3 km away."),
  t("contract-service", "消费者反映在某婚庆公司预定的婚礼服务，对方临时更换主持人且拒绝退差价。"),
  t("contract-service", "反映某游泳馆办理的次卡未到期即被告知停业，剩余次数无法使用。"),
  t("contract-service", "消费者通过某网约车平台叫车，司机绕路多收车费。"),
  t("contract-service", "反映某物流公司运输的家具到货后严重破损，拒绝赔偿。"),
  t("contract-service", "The travel agency cancelled our tour one day before departure and only refunded half."),
  t("other", "反映某小区楼下烧烤摊油烟扰民。"),
  t("other", "来电询问消费者权益保护法第几条规定了退一赔三。"),
];

describe('@cw/routing classify — labelled corpus', () => {
  const router = createRouter(loadDefaultConfig());
  const ALL = [...CORPUS, ...SECOND_SET, ...THIRD_SET];

  it('has at least 100 texts covering every category', () => {
    expect(CORPUS.length).to.be.at.least(100);
    for (const code of CATEGORY_CODES) {
      expect(CORPUS.filter((c) => c.expected === code).length, code).to.be.at.least(5);
    }
  });

  it('reaches >= 90% overall accuracy and >= 80% recall per category', () => {
    const misses: string[] = [];
    const perCategory = new Map<CategoryCode, { total: number; hit: number }>();
    const perSet: string[] = [];
    for (const [name, set] of [['first', CORPUS], ['second', SECOND_SET], ['third', THIRD_SET]] as const) {
      let hit = 0;
      for (const item of set) {
        const res = router.classify(item);
        const bucket = perCategory.get(item.expected) ?? { total: 0, hit: 0 };
        bucket.total += 1;
        if (res.category === item.expected) {
          bucket.hit += 1;
          hit += 1;
        } else
          misses.push(
            `  [${name}] expected ${item.expected}, got ${res.category} (${res.ruleId}; ${res.matched.join('|')}): ${item.summary}${item.narrative ? ' / ' + item.narrative : ''}`,
          );
        perCategory.set(item.expected, bucket);
      }
      perSet.push(`${name} ${hit}/${set.length}`);
    }
    const hits = ALL.length - misses.length;
    const accuracy = hits / ALL.length;
    const lines = [`classification accuracy: ${hits}/${ALL.length} = ${(accuracy * 100).toFixed(1)}% (${perSet.join(', ')})`];
    for (const [code, b] of perCategory) lines.push(`  recall ${code}: ${b.hit}/${b.total} = ${((b.hit / b.total) * 100).toFixed(0)}%`);
    if (misses.length) lines.push('misclassified:', ...misses);
    console.log(lines.join('\n'));

    expect(accuracy).to.be.at.least(0.9);
    for (const [code, b] of perCategory) expect(b.hit / b.total, `recall of ${code}`).to.be.at.least(0.8);
  });
});

describe('@cw/routing classify — behaviour', () => {
  const router = createRouter(loadDefaultConfig());

  it('an explicit valid category code wins', () => {
    const r = router.classify({ category: 'ip', summary: '牛奶过期' });
    expect(r).to.include({ category: 'ip', ruleId: 'explicit', confidence: 1 });
  });

  it('an invalid explicit category is ignored and the text is classified', () => {
    const r = router.classify({ category: 'groceries', summary: '牛奶已过保质期' });
    expect(r.category).to.equal('food');
    expect(r.ruleId).to.not.equal('explicit');
  });

  it('nothing matching gives other / none with confidence 0', () => {
    const r = router.classify({ summary: '来电咨询办事大厅的工作时间', narrative: '' });
    expect(r).to.include({ category: 'other', ruleId: 'none', confidence: 0 });
    expect(r.matched).to.deep.equal([]);
  });

  it('过期 is food, but a 会员卡/预付卡 expiry is contract-service', () => {
    expect(router.classify({ summary: '面包过期了' }).category).to.equal('food');
    expect(router.classify({ summary: '预付卡过期后余额不退' }).category).to.equal('contract-service');
  });

  it('假冒 with 商标/品牌 is ip', () => {
    const r = router.classify({ summary: '销售假冒品牌的洗发水' });
    expect(r.category).to.equal('ip');
    expect(r.matched).to.include('假冒');
  });

  it('summary outweighs narrative', () => {
    const r = router.classify({ summary: '电梯困人', narrative: '物业说要等维修公司来修，商场的价格也不透明' });
    expect(r.category).to.equal('special-equipment');
  });

  it('records the rule ids that fired and a confidence in (0, 1]', () => {
    const r = router.classify({ summary: '超市未明码标价' });
    expect(r.category).to.equal('price');
    expect(r.ruleId).to.match(/^price\./);
    expect(r.rules).to.include(r.ruleId);
    expect(r.confidence).to.be.greaterThan(0).and.at.most(1);
  });

  it('is insensitive to full-width characters and case', () => {
    expect(router.classify({ summary: 'ＦＡＬＳＥ ＡＤＶＥＲＴＩＳＩＮＧ on a billboard' }).category).to.equal('advertising');
  });
});

// Posts a handful of demo complaints, reports and 12345 work orders through the public API.
// Idempotent: the records have fixed source references, so a second run creates nothing.
// Authenticates with an API key: CW_API_KEY, else the bootstrap admin key start.sh creates.
const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const apiKey = process.env.CW_API_KEY ?? process.env.CW_BOOTSTRAP_API_KEY;
if (!apiKey) {
  console.error('demo data: set CW_API_KEY (an operator or admin API key) or CW_BOOTSTRAP_API_KEY');
  process.exit(1);
}
const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
const today = new Date();
const at = (daysAgo) => new Date(today.getTime() - daysAgo * 86400_000).toISOString().replace('Z', '+00:00');
const people = [['陈小明', '13800138000'], ['林晓华', '13926001234'], ['黄伟', '13502667788'], ['李娜', '15813779900'], ['张强', '18666012345']];
const records = [
  ['complaint', '12315-hotline', '海丰县海城镇某超市', '汕尾市海丰县海城镇二环路12号', '购买的牛奶已过保质期', '消费者反映在该超市购买的纯牛奶已过保质期三天，要求退一赔十。', '59.80'],
  ['complaint', '12315-app', '城区某健身房', '汕尾市城区香洲街道汕尾大道88号', '健身房预付卡跑路', '消费者办理预付卡年卡3800元，健身房突然关门，无法联系经营者，要求退还余额。', '3200.00'],
  ['complaint+report', '12315-hotline', '陆丰市某餐馆', '陆丰市东海街道人民路5号', '餐馆卫生差吃后腹泻', '消费者在该餐馆用餐后出现腹泻，发现后厨卫生脏乱，要求赔偿医药费并举报其卫生问题。', '460.00'],
  ['report', '12315-web', '陆河县某服装店', '陆河县河田镇新河路33号', '销售假冒商标运动鞋', '举报该店销售假冒知名品牌商标的运动鞋，价格远低于正品。', undefined],
  ['complaint', '12315-wechat', '某电商店铺', undefined, '网购手机未发货', '消费者在网上店铺购买手机，付款后商家超过约定时间仍未发货，客服不回复。', '2999.00', '淘宝'],
  ['complaint', 'consumer-council', '城区某电梯维保公司', '汕尾市城区凤山街道', '小区电梯频繁故障困人', '消费者反映小区电梯多次困人，物业和维保单位推诿，要求检查整改。', undefined],
  ['complaint', '12315-hotline', '海丰县某药店', '海丰县附城镇', '药店未明码标价', '消费者反映该药店商品未明码标价，结账时价格高于货架标示价格。', '36.50'],
  ['complaint', '12315-app', '红海湾某海鲜酒楼', '红海湾遮浪街道', '海鲜酒楼价格欺诈', '消费者在酒楼点海鲜，结账时按斤计价远高于点菜时报价，涉嫌价格欺诈。', '880.00'],
];
let n = 0;
for (const [i, r] of records.entries()) {
  const [kind, channel, name, address, summary, narrative, claim, platform] = r;
  const [pname, phone] = people[i % people.length];
  const body = {
    sourceRef: `DEMO-12315-${String(i + 1).padStart(4, '0')}`, channel, kind, receivedAt: at(i % 5),
    consumer: { name: pname, phone }, business: { name, ...(address ? { address } : {}), ...(platform ? { platform } : {}) },
    summary, narrative, ...(claim ? { claimAmountYuan: claim } : {}),
  };
  const res = await fetch(`${base}/api/v1/intake/12315`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!res.ok) { console.error(`demo record ${body.sourceRef}: HTTP ${res.status} ${await res.text()}`); process.exitCode = 1; continue; }
  const out = await res.json();
  n += out.cases.length;
}
const order = {
  orderNo: 'DEMO-12345-0001', dispatchedAt: at(1), requestType: 'complaint', caller: { name: '王芳', phone: '13711112222' },
  business: { name: '城区某培训机构', address: '汕尾市城区新港街道' }, title: '培训机构拒绝退费',
  text: '来电人反映其孩子在该培训机构报名课程，机构停课后拒绝退还剩余课时费用4000元。',
};
const res = await fetch(`${base}/api/v1/intake/12345`, { method: 'POST', headers, body: JSON.stringify(order) });
if (res.ok) n += (await res.json()).cases.length; else { console.error(`demo work order: HTTP ${res.status}`); process.exitCode = 1; }
console.log(`demo data: ${n} cases present (records are idempotent; re-running adds nothing)`);

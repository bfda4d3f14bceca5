/**
 * A deterministic synthetic year 2020 for the default region (Shanwei) in the historical import
 * format (docs/import-format.md), built so that `GET /api/v1/stats?from=2020-01-01&to=2020-12-31`
 * reproduces the seed report's consumer figures (DOMAIN.md §8): 9,994 complaints accepted, 9,681
 * mediated successfully (96.9%), ¥4,024,000.00 recovered, reports verified on time 97.56% (1,200 of
 * 1,230). Every step of every case falls inside 2020, so no figure leaks into another year.
 *
 * All personal data is fake on sight: consumers are 测试用户…, phones start with 100 (no Chinese
 * mobile number does), businesses are 示例…. Same output on every run (seeded PRNG, no clock), and
 * stable sourceRefs (DEMO2020-000001…) so importing the file twice changes nothing.
 *
 * Usage: `tsx scripts/demo/year-2020.ts > year-2020.ndjson` (add `--summary` for counts on stderr).
 * Proof without servers: `year-2020.unit.spec.ts` replays the lines through the workflow and stats
 * domains.
 *
 * Shape (our assumptions; the report gives only totals): receipts 2 Jan – 15 Dec (reports until
 * 25 Nov, so every 15-WD verification falls due in 2020), a Spring Festival / lockdown dip, the 3·15
 * and Double 11 peaks; districts by population; 313 accepted complaints terminated or withdrawn,
 * 312 not accepted (SAMR-20 grounds), 58 withdrawn and 41 transferred before acceptance; about 1%
 * of accept/refuse decisions after the 7 WD; 30 reports decided 1–6 WD after their 15 WD.
 *
 * 12345 work orders cannot be expressed: the import format carries 12315 records only, whose
 * channel enum has no `12345-hotline`; the 12345 share of the city's intake is folded into the
 * 12315 channels here.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isWorkingDay, type LocalDate } from '@cw/calendar';
import {
  CATEGORY_CODES,
  fenToYuan,
  type CommandData,
  type PublicCommandType,
  type DeclineReason,
  type IntakeRecord12315,
  type MediationTerminatedReason,
  type NotAcceptedReason,
} from '@cw/contracts';
import { createRouter, loadDefaultConfig } from '@cw/routing';

// ─── Public surface ──────────────────────────────────────────────────────────────────────────

/** One step of an import line: a workflow command with its date (`case` picks the report of a split record). */
export type ImportStep = {
  [T in PublicCommandType]: { type: T; occurredAt: string; case?: 'complaint' | 'report' } & CommandData<T>
}[PublicCommandType];

/** One line of the import file. */
export interface ImportLine {
  record: IntakeRecord12315;
  steps: ImportStep[];
}

/** The figures the generated year is built to reproduce (DOMAIN.md §8). */
export const YEAR_2020_TARGETS = {
  accepted: 9994,
  mediationSucceeded: 9681,
  /** ¥4,024,000.00 in integer fen. */
  recoveredFen: 402_400_000n,
  verificationDue: 1230,
  verificationOnTime: 1200,
  /** IP cases (accepted complaints plus reports). */
  ipCases: 233,
  /** Complaint/report leads about the epidemic, received 2020-01-24 … 2020-04-30. */
  epidemicLeads: 694,
} as const;

// ─── The mix (our assumptions; the report gives only the totals above) ───────────────────────

/** How the 313 accepted complaints that did not end in success closed (grounds SAMR-20 has). */
const ACCEPTED_NOT_SUCCEEDED: readonly [MediationTerminatedReason | 'withdrawn-after-acceptance', number][] = [
  ['party-refuses', 58],
  ['no-agreement-possible', 64],
  ['testing-cost-disputed', 9],
  ['time-limit-reached', 21],
  ['withdrawn-after-acceptance', 70], // WithdrawComplaint → terminated, item 1
  ['withdrawn-or-settled', 39], // settled privately, recorded by the mediator
  ['refusal-ground-or-fraud', 27], // under SAMR-20: a refusal ground found after acceptance (no fraud referral)
  ['other-legal-grounds', 25], // incl. businesses that closed down: SAMR-20 has no "party ceased" ground
];

/** Complaints not accepted (不予受理), SAMR-20 grounds only (≈3% of complaints). */
const NOT_ACCEPTED: readonly [NotAcceptedReason, number][] = [
  ['no-authority', 98],
  ['handled-elsewhere', 41],
  ['not-consumer-dispute', 87],
  ['time-barred', 9],
  ['materials-missing', 61],
  ['other-legal-grounds', 16],
];
const WITHDRAWN_BEFORE_ACCEPTANCE = 58;
const TRANSFERRED_BEFORE_ACCEPTANCE = 41;

type ReportEnd = { step: 'open' } | { step: 'decline'; reason: DeclineReason } | { step: 'transfer' };
const REPORT_ENDS: readonly [ReportEnd, number][] = [
  [{ step: 'open' }, 38],
  [{ step: 'decline', reason: 'minor-and-corrected' }, 20],
  [{ step: 'decline', reason: 'first-minor-offence' }, 10],
  [{ step: 'decline', reason: 'no-fault-proven' }, 6],
  [{ step: 'decline', reason: 'other' }, 12], // incl. repeated reports: "not handled again" is Order 121's, not SAMR-20's
  [{ step: 'decline', reason: 'no-authority' }, 6],
  [{ step: 'transfer' }, 8],
];
// No report uses the one 15-WD extension: on import every 2020 verification clock is already past
// due, the SLA service may record the miss before the import's ExtendVerification lands, and the
// workflow then refuses the extension (EXTENSION_TOO_LATE), which would turn on-time reports late.
const REPORTS_LATE = YEAR_2020_TARGETS.verificationDue - YEAR_2020_TARGETS.verificationOnTime;
/** Records that are a complaint and a report at once (split into two cases). */
const COMPLAINT_AND_REPORT = 110;
/** IP cases: accepted complaints + reports (report-only records) = 233. */
const IP_COMPLAINTS = 70;
const IP_REPORTS = YEAR_2020_TARGETS.ipCases - IP_COMPLAINTS;
/** Share of accepted-complaint decisions taken after the 7 WD (the rest are on time). */
const LATE_ACCEPTANCE_SHARE = 0.011;

const CATEGORIES = CATEGORY_CODES;
type CategoryCode = (typeof CATEGORIES)[number];
type NonIp = Exclude<CategoryCode, 'ip'>;

const COMPLAINT_CATEGORY_WEIGHTS: Record<NonIp, number> = {
  'contract-service': 31, 'product-quality': 25, food: 17, price: 8, 'drug-cosmetic-device': 5,
  'special-equipment': 1, advertising: 2, other: 11,
};
const REPORT_CATEGORY_WEIGHTS: Record<NonIp, number> = {
  food: 26, price: 16, advertising: 12, 'product-quality': 13, 'drug-cosmetic-device': 12,
  'special-equipment': 4, 'contract-service': 9, other: 8,
};
/** During the epidemic (late Jan–Apr) masks, disinfectant and prices dominate. */
const EPIDEMIC_FROM = '2020-01-24';
const EPIDEMIC_TO = '2020-04-30';
const EPIDEMIC_BOOST: Partial<Record<NonIp, number>> = { price: 2.5, 'drug-cosmetic-device': 2.5, 'contract-service': 1.3 };

type DistrictId = '441502' | '441521' | '441523' | '441581' | '441500-HHW' | '441500-HQ' | '441500';
/** By population (陆丰 largest); the city bureau owns sellers known only by their platform. */
const DISTRICT_WEIGHTS: Record<DistrictId, number> = {
  '441581': 33, '441521': 25, '441502': 22, '441523': 9, '441500-HHW': 3.5, '441500-HQ': 1.5, '441500': 6,
};

type Channel = IntakeRecord12315['channel'];
const COMPLAINT_CHANNELS: Record<Channel, number> = {
  '12315-hotline': 44, '12315-web': 14, '12315-app': 7, '12315-wechat': 13, 'consumer-council': 14, visit: 5, letter: 3,
};
const REPORT_CHANNELS: Record<Channel, number> = {
  '12315-hotline': 50, '12315-web': 20, '12315-app': 5, '12315-wechat': 15, 'consumer-council': 0, visit: 5, letter: 5,
};
const OFFICE_CHANNELS: ReadonlySet<Channel> = new Set(['visit', 'letter', 'consumer-council']);

const FIRST_DAY = '2020-01-02';
const LAST_COMPLAINT_RECEIPT = '2020-12-15';
/** Latest receipt of a report: 15 WD (+ a late decision) still fall inside 2020. */
const LAST_REPORT_RECEIPT = '2020-11-25';
/** Mediations that run out the 45 WD need an early acceptance. */
const LAST_TIME_LIMIT_RECEIPT = '2020-09-30';
const LAST_DAY = '2020-12-31';

// ─── Deterministic randomness ────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, good enough for synthetic data. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const tables = new WeakMap<object, { entries: [string, number][]; total: number }>();
  const weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    let table = tables.get(weights);
    if (table === undefined) {
      const entries = Object.entries(weights) as [string, number][];
      tables.set(weights, (table = { entries, total: entries.reduce((s, [, w]) => s + w, 0) }));
    }
    let r = next() * table.total;
    for (const [k, w] of table.entries) {
      r -= w;
      if (r < 0) return k as K;
    }
    return table.entries[table.entries.length - 1]![0] as K;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  return { next, int, pick, weighted, normal, shuffle };
}
type Random = ReturnType<typeof createRandom>;

// ─── Dates ───────────────────────────────────────────────────────────────────────────────────

function nextDay(d: LocalDate): LocalDate {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

const DAYS: LocalDate[] = [];
for (let d = '2020-01-01'; d <= LAST_DAY; d = nextDay(d)) DAYS.push(d);

// The calendar package scans day by day (tens of µs a call); an index over the national calendar
// gives the same answers for the dates used here, fast enough for ~50k look-ups.
const WORKING_DAYS: LocalDate[] = [];
/** Working days on or before each date of the index range. */
const WORKING_UP_TO = new Map<LocalDate, number>();
for (let d = '2019-12-01'; d <= '2021-03-31'; d = nextDay(d)) {
  if (isWorkingDay(d)) WORKING_DAYS.push(d);
  WORKING_UP_TO.set(d, WORKING_DAYS.length);
}
function upTo(d: LocalDate): number {
  const n = WORKING_UP_TO.get(d);
  if (n === undefined) throw new RangeError(`${d} is outside the working-day index`);
  return n;
}
/** `addWorkingDays` of @cw/calendar: the n-th working day after `d` (`d` itself never counts). */
function addWorkingDays(d: LocalDate, n: number): LocalDate {
  if (n === 0) return d;
  const i = n > 0 ? upTo(d) + n - 1 : upTo(d) - (isWorkingDay(d) ? 1 : 0) + n;
  const day = WORKING_DAYS[i];
  if (day === undefined || i < 0) throw new RangeError(`${d} ${n > 0 ? '+' : ''}${n} WD is outside the working-day index`);
  return day;
}
/** `workingDaysBetween` of @cw/calendar for `b >= a`: working days in `(a, b]`. */
const workingDaysBetween = (a: LocalDate, b: LocalDate): number => upTo(b) - upTo(a);

/** Relative intake on a day: weekends and holidays quieter; Spring Festival + COVID lull, 3·15 and Double 11 peaks. */
function dayWeight(d: LocalDate): number {
  const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
  let w = isWorkingDay(d) ? 1 : dow === 0 || dow === 6 ? 0.55 : 0.35;
  if (d >= '2020-01-20' && d <= '2020-02-09') w *= 0.3; // Spring Festival, extended for the outbreak
  else if (d >= '2020-02-10' && d <= '2020-02-29') w *= 0.45; // lockdown lull
  else if (d >= '2020-03-01' && d <= '2020-03-31') w *= d >= '2020-03-12' && d <= '2020-03-18' ? 2.6 : 1.35; // 3·15
  else if (d >= '2020-11-11' && d <= '2020-11-30') w *= 1.55; // Double 11 disputes
  else if (d >= '2020-12-01') w *= 1.1;
  return w;
}
const CUMULATIVE: number[] = [];
{
  let s = 0;
  for (const d of DAYS) CUMULATIVE.push((s += dayWeight(d)));
}

/** A receipt date in `[from, to]`, by the day weights. */
function receiptDate(rng: Random, from: LocalDate, to: LocalDate): LocalDate {
  const lo = DAYS.indexOf(from);
  const hi = DAYS.indexOf(to);
  const base = lo > 0 ? CUMULATIVE[lo - 1]! : 0;
  const target = base + rng.next() * (CUMULATIVE[hi]! - base);
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >> 1;
    if (CUMULATIVE[m]! > target) b = m;
    else a = m + 1;
  }
  return DAYS[a]!;
}

const firstWorkingDayFrom = (d: LocalDate): LocalDate => (isWorkingDay(d) ? d : addWorkingDays(d, 1));
/** `n` working days after `d`, but never after `limit` (then the latest working day ≤ limit, at least `d`). */
function addWdCapped(d: LocalDate, n: number, limit: LocalDate = LAST_DAY): LocalDate {
  const due = addWorkingDays(d, n);
  if (due <= limit) return due;
  const room = workingDaysBetween(d, limit);
  return room <= 0 ? d : addWorkingDays(d, room);
}

const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const instant = (d: LocalDate, minute: number, second = 0): string => `${d}T${hhmm(minute)}:${String(second).padStart(2, '0')}+08:00`;

/** A minute of office hours (08:30–11:50, 14:30–17:40). */
const officeMinute = (rng: Random): number => (rng.next() < 0.55 ? rng.int(510, 710) : rng.int(870, 1060));

/** Hands out strictly increasing instants for one case: a later step on the same day comes later in the day. */
function createStamps(rng: Random, receivedOn: LocalDate, receivedMinute: number) {
  let lastDay = receivedOn;
  let lastMinute = receivedMinute;
  return (d: LocalDate): string => {
    if (d < lastDay) throw new RangeError(`step on ${d} before ${lastDay}`);
    let minute: number;
    if (d === lastDay) minute = Math.min(lastMinute + rng.int(8, 75), Math.max(lastMinute + 1, 1075));
    else minute = officeMinute(rng);
    if (minute >= 24 * 60) throw new RangeError(`no time left on ${d}`);
    lastDay = d;
    lastMinute = minute;
    return instant(d, minute, rng.int(0, 59));
  };
}

// ─── Places, people, texts ───────────────────────────────────────────────────────────────────

const TOWNS: Record<Exclude<DistrictId, '441500'>, { prefix: string; towns: string[] }> = {
  '441502': { prefix: '汕尾市城区', towns: ['香洲街道', '凤山街道', '新港街道', '马宫街道', '东涌镇', '红草镇', '捷胜镇'] },
  '441521': { prefix: '汕尾市海丰县', towns: ['海城镇', '附城镇', '城东镇', '梅陇镇', '可塘镇', '公平镇', '陶河镇', '联安镇', '赤坑镇', '大湖镇', '平东镇', '黄羌镇'] },
  '441523': { prefix: '汕尾市陆河县', towns: ['河田镇', '水唇镇', '螺溪镇', '上护镇', '东坑镇', '河口镇', '新田镇', '南万镇'] },
  '441581': { prefix: '汕尾市陆丰市', towns: ['东海街道', '城东街道', '河西街道', '碣石镇', '甲子镇', '甲东镇', '甲西镇', '博美镇', '南塘镇', '潭西镇', '桥冲镇', '上英镇', '八万镇', '西南镇', '大安镇', '河东镇', '金厢镇', '陂洋镇', '内湖镇', '湖东镇'] },
  '441500-HHW': { prefix: '汕尾市红海湾经济开发区', towns: ['遮浪街道', '田墘街道', '东洲街道'] },
  '441500-HQ': { prefix: '汕尾市华侨管理区', towns: ['第一居委', '第二居委', '第三居委'] },
};
const ROADS = ['人民路', '中山路', '解放路', '新华路', '建设路', '文化路', '和平路', '工业大道', '滨海大道', '朝阳路', '幸福路', '市场街'];
const PLATFORMS = ['淘宝', '京东', '拼多多', '抖音', '美团'];
const COUNCIL = '汕尾市消费者委员会';

const BUSINESS_TYPES: Record<CategoryCode, string[]> = {
  price: ['超市', '药店', '农贸市场档口', '加油站', '停车场'],
  food: ['生鲜超市', '餐馆', '奶茶店', '烧烤店', '便利店', '食品批发部'],
  ip: ['服装店', '鞋店', '五金店', '电子产品店', '箱包店'],
  'drug-cosmetic-device': ['药店', '化妆品店', '医疗器械店', '美容院'],
  'special-equipment': ['物业公司', '燃气站', '游乐场', '商场'],
  'product-quality': ['家电商场', '手机店', '电动车行', '汽车销售公司', '家具城', '建材店'],
  advertising: ['保健品店', '装修公司', '培训机构', '房地产中介'],
  'contract-service': ['健身房', '培训机构', '美容美发店', '汽车维修厂', '婚庆公司', '旅行社', '通信营业厅', '快递网点', '家政公司'],
  other: ['商行', '服务部', '工作室', '贸易公司'],
};

interface Text { summary: string; narrative: string }
type TextFn = (biz: string, rng: Random) => Text;

const TEXTS: Record<CategoryCode, TextFn[]> = {
  price: [
    (b) => ({ summary: '商品未明码标价', narrative: `在${b}购物时发现部分商品没有标价，结账时价格高于货架上同类商品。` }),
    (b, r) => ({ summary: '结算价格高于标价', narrative: `${b}货架标价${r.int(5, 60)}元，收银结算时多收了钱，要求退还差价。` }),
    (b) => ({ summary: '价格欺诈，虚构原价', narrative: `${b}宣称“原价”打折促销，实际从未按原价销售，怀疑价格欺诈。` }),
    (b) => ({ summary: '停车收费不按公示标准', narrative: `${b}收费高于公示的收费标准，且不出具票据。` }),
  ],
  food: [
    (b, r) => ({ summary: '购买的食品已过保质期', narrative: `在${b}购买的牛奶（${r.int(2, 12)}盒）已过保质期，要求退货赔偿。` }),
    (b) => ({ summary: '食品中发现异物', narrative: `在${b}购买的面包中吃出异物，要求商家赔偿。` }),
    (b) => ({ summary: '就餐后身体不适', narrative: `在${b}就餐后出现腹泻等症状，怀疑食物变质。` }),
    (b) => ({ summary: '销售变质食品', narrative: `${b}销售的熟食有异味，购买后发现已经变质。` }),
    (b) => ({ summary: '预包装食品无中文标签', narrative: `${b}销售的进口零食没有中文标签，无生产日期。` }),
  ],
  ip: [
    (b) => ({ summary: '销售假冒注册商标的运动鞋', narrative: `${b}以低价销售知名品牌运动鞋，经品牌方鉴定为假冒产品。` }),
    (b) => ({ summary: '商品涉嫌侵犯商标专用权', narrative: `${b}销售的服装标识与某注册商标近似，容易混淆。` }),
    (b) => ({ summary: '冒用地理标志', narrative: `${b}销售的茶叶标注地理标志产品名称，但无法提供来源证明。` }),
    (b) => ({ summary: '仿冒专利产品', narrative: `${b}销售的小家电外观与他人专利产品相同，怀疑侵权。` }),
  ],
  'drug-cosmetic-device': [
    (b) => ({ summary: '化妆品使用后过敏', narrative: `在${b}购买的面霜使用后面部红肿过敏，要求退款赔偿。` }),
    (b) => ({ summary: '销售过期药品', narrative: `在${b}购买的感冒药已过有效期。` }),
    (b) => ({ summary: '医疗器械无注册证', narrative: `${b}销售的理疗仪没有医疗器械注册证。` }),
  ],
  'special-equipment': [
    (b) => ({ summary: '电梯经常故障困人', narrative: `${b}管理的小区电梯多次故障困人，维保不到位。` }),
    (b) => ({ summary: '燃气瓶超期未检', narrative: `${b}配送的液化气瓶超过检验期限。` }),
    (b) => ({ summary: '游乐设施存在安全隐患', narrative: `${b}的游乐设施运行异响，无检验合格标志。` }),
  ],
  'product-quality': [
    (b, r) => ({ summary: '新买冰箱不制冷', narrative: `在${b}购买的冰箱使用${r.int(2, 20)}天后不制冷，要求退换。` }),
    (b) => ({ summary: '手机屏幕自动黑屏', narrative: `在${b}购买的手机频繁黑屏，维修后仍未解决。` }),
    (b) => ({ summary: '电动车电池鼓包', narrative: `在${b}购买的电动自行车电池鼓包，续航严重不足。` }),
    (b) => ({ summary: '新车发动机故障', narrative: `在${b}购买的新车行驶不久发动机故障灯亮，多次维修未果。` }),
    (b) => ({ summary: '家具开裂变形', narrative: `在${b}定制的衣柜送货后开裂变形，商家拒绝更换。` }),
  ],
  advertising: [
    (b) => ({ summary: '保健品宣传治疗功效', narrative: `${b}宣传保健品能治疗高血压，涉嫌虚假广告。` }),
    (b) => ({ summary: '广告使用“最”“第一”等用语', narrative: `${b}的宣传单使用“全市第一”“最低价”等绝对化用语。` }),
    (b) => ({ summary: '培训广告承诺保过', narrative: `${b}广告承诺“包过”“不过退费”，实际未兑现。` }),
  ],
  'contract-service': [
    (b) => ({ summary: '预付卡退费难', narrative: `在${b}办理的预付卡未使用完，商家停业后拒绝退还余额。` }),
    (b) => ({ summary: '培训费退费纠纷', narrative: `在${b}报名的课程未开课，要求退还培训费被拒。` }),
    (b) => ({ summary: '汽车维修乱收费', narrative: `在${b}维修车辆，结算金额远高于报价，更换配件不明。` }),
    (b) => ({ summary: '快递丢件拒赔', narrative: `通过${b}寄送的包裹丢失，对方只同意按运费赔偿。` }),
    (b) => ({ summary: '宽带套餐被擅自变更', narrative: `${b}未经同意变更宽带套餐并多扣费用。` }),
    (b) => ({ summary: '家政服务不符合约定', narrative: `${b}提供的保洁服务与合同约定不符，要求退还部分费用。` }),
  ],
  other: [
    (b) => ({ summary: '商家拒绝开具发票', narrative: `在${b}消费后要求开具发票被拒绝。` }),
    (b) => ({ summary: '售后服务承诺不兑现', narrative: `${b}承诺的免费安装和保修不兑现。` }),
    (b) => ({ summary: '强制消费', narrative: `${b}要求必须购买指定商品才能享受服务。` }),
  ],
};

const EPIDEMIC_TEXTS: Partial<Record<NonIp, TextFn[]>> = {
  price: [
    (b, r) => ({ summary: '哄抬口罩价格', narrative: `${b}一次性口罩每只售价${r.int(3, 10)}元，远高于疫情前价格。` }),
    (b) => ({ summary: '消毒液大幅涨价', narrative: `${b}的84消毒液和酒精疫情期间价格上涨数倍。` }),
    (b) => ({ summary: '蔬菜肉类涨价过快', narrative: `疫情期间${b}的蔬菜、猪肉价格明显高于周边。` }),
  ],
  'drug-cosmetic-device': [
    (b) => ({ summary: '销售无合格证明的口罩', narrative: `${b}销售的“医用口罩”无生产日期和合格证明，怀疑假冒。` }),
    (b) => ({ summary: '额温枪测温不准', narrative: `在${b}购买的额温枪测量结果偏差很大。` }),
  ],
  'product-quality': [
    (b) => ({ summary: '酒精消毒液浓度不足', narrative: `在${b}购买的酒精消毒液标注75%，气味很淡，怀疑浓度不足。` }),
  ],
  'contract-service': [
    (b) => ({ summary: '疫情取消婚宴退订金纠纷', narrative: `因疫情取消在${b}预订的婚宴，商家拒绝退还订金。` }),
    (b) => ({ summary: '疫情取消旅游团退费纠纷', narrative: `因疫情取消${b}的旅游团，要求全额退费被拒。` }),
    (b) => ({ summary: '疫情停课培训费退费', narrative: `因疫情停课，${b}不同意退还剩余课时费。` }),
  ],
  food: [
    (b) => ({ summary: '疫情期间销售过期食品', narrative: `疫情期间在${b}购买的方便面已过保质期。` }),
  ],
};
const EPIDEMIC_CATEGORIES = Object.keys(EPIDEMIC_TEXTS) as NonIp[];

// ─── Money ───────────────────────────────────────────────────────────────────────────────────

/** Typical amount recovered per successful mediation, yuan: [median, spread (σ of ln), share of big cases, big range]. */
const MONEY_PROFILE: Record<CategoryCode, [number, number, number, [number, number]]> = {
  price: [35, 0.9, 0, [0, 0]],
  food: [60, 1.0, 0.03, [1000, 3000]], // 退一赔十, at least ¥1,000
  ip: [280, 0.9, 0, [0, 0]],
  'drug-cosmetic-device': [150, 1.0, 0.01, [2000, 8000]],
  'special-equipment': [800, 0.9, 0.05, [5000, 20000]],
  'product-quality': [450, 1.1, 0.015, [15000, 90000]], // cars
  advertising: [200, 1.0, 0, [0, 0]],
  'contract-service': [380, 1.2, 0.025, [3000, 25000]], // prepaid cards, training, weddings
  other: [150, 1.0, 0, [0, 0]],
};
const ZERO_RECOVERED_SHARE = 0.07; // repaired, apologised, service redone: nothing to count

/**
 * Amounts in fen that add up to exactly `total`: draw by category, scale to the total, round
 * most to whole yuan (some to jiao, some to fen), then put the rounding remainder on the largest
 * fen-precision amount.
 */
function recoveredAmounts(rng: Random, categories: readonly CategoryCode[], total: bigint): bigint[] {
  const raw = categories.map((c) => {
    if (rng.next() < ZERO_RECOVERED_SHARE) return 0;
    const [median, sigma, bigShare, [lo, hi]] = MONEY_PROFILE[c];
    if (rng.next() < bigShare) return lo + rng.next() * (hi - lo);
    return Math.max(1, median * Math.exp(sigma * rng.normal()));
  });
  const scale = Number(total) / 100 / raw.reduce((s, x) => s + x, 0);
  const kinds = raw.map(() => { const r = rng.next(); return r < 0.55 ? 100 : r < 0.75 ? 10 : 1; });
  const fen = raw.map((x, i) => {
    if (x === 0) return 0n;
    const step = kinds[i]!;
    return BigInt(Math.max(50, Math.round((x * scale * 100) / step) * step));
  });
  const rest = total - fen.reduce((s, x) => s + x, 0n);
  let largest = -1;
  fen.forEach((x, i) => { if (kinds[i] === 1 && x > 0n && (largest < 0 || x > fen[largest]!)) largest = i; });
  if (largest < 0 || fen[largest]! + rest <= 0n) throw new Error('cannot place the money remainder');
  fen[largest] = fen[largest]! + rest;
  return fen;
}

/** Splits a recovered amount into refund / compensation / replacement value the way the category suggests. */
function recoveredParts(rng: Random, category: CategoryCode, fen: bigint): Pick<CommandData<'RecordMediationSuccess'>, 'refund' | 'compensation' | 'replacementValue'> {
  if (fen === 0n) return {};
  const y = (f: bigint) => ({ amountYuan: fenToYuan(f) });
  const r = rng.next();
  if (category === 'food' && fen >= 110_000n && r < 0.8) { // 退一赔十 (Food Safety Law art 148)
    const refund = fen / 11n;
    return { refund: y(refund), compensation: y(fen - refund) };
  }
  if ((category === 'price' || category === 'contract-service') && r < 0.12 && fen >= 400n) { // 退一赔三 (Consumer Law art 55)
    const refund = fen / 4n;
    return { refund: y(refund), compensation: y(fen - refund) };
  }
  if (category === 'product-quality' && r < 0.3) return { replacementValue: y(fen) };
  if (r > 0.85 && fen >= 1000n) {
    const refund = (fen * 8n) / 10n;
    return { refund: y(refund), compensation: y(fen - refund) };
  }
  return { refund: y(fen) };
}

// ─── Cases ───────────────────────────────────────────────────────────────────────────────────

type ComplaintFate =
  | { end: 'succeeded' }
  | { end: 'terminated'; reason: MediationTerminatedReason | 'withdrawn-after-acceptance' }
  | { end: 'refused'; reason: NotAcceptedReason }
  | { end: 'withdrawn' }
  | { end: 'transferred' };
type ReportTiming = 'on-time' | 'late';
interface ReportFate { end: ReportEnd; timing: ReportTiming }

interface Plan {
  complaint?: ComplaintFate;
  report?: ReportFate;
  category: CategoryCode;
  district: DistrictId;
  channel: Channel;
  receivedOn: LocalDate;
  receivedMinute: number;
  epidemic: boolean;
  anonymous: boolean;
  /** Fen recovered, for a successful mediation. */
  recoveredFen?: bigint;
}

const repeat = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

function complaintFates(): ComplaintFate[] {
  const notSucceeded = ACCEPTED_NOT_SUCCEEDED.reduce((s, [, n]) => s + n, 0);
  if (YEAR_2020_TARGETS.accepted - notSucceeded !== YEAR_2020_TARGETS.mediationSucceeded) throw new Error('the accepted mix does not add up');
  return [
    ...repeat(YEAR_2020_TARGETS.mediationSucceeded, (): ComplaintFate => ({ end: 'succeeded' })),
    ...ACCEPTED_NOT_SUCCEEDED.flatMap(([reason, n]) => repeat(n, (): ComplaintFate => ({ end: 'terminated', reason }))),
    ...NOT_ACCEPTED.flatMap(([reason, n]) => repeat(n, (): ComplaintFate => ({ end: 'refused', reason }))),
    ...repeat(WITHDRAWN_BEFORE_ACCEPTANCE, (): ComplaintFate => ({ end: 'withdrawn' })),
    ...repeat(TRANSFERRED_BEFORE_ACCEPTANCE, (): ComplaintFate => ({ end: 'transferred' })),
  ];
}

function reportFates(rng: Random): ReportFate[] {
  const n = YEAR_2020_TARGETS.verificationDue;
  const weights = Object.fromEntries(REPORT_ENDS.map(([, w], i) => [String(i), w])) as Record<string, number>;
  const timings: ReportTiming[] = repeat(REPORTS_LATE, (): ReportTiming => 'late');
  while (timings.length < n) timings.push('on-time');
  return rng.shuffle(timings).map((timing) => ({ end: REPORT_ENDS[Number(rng.weighted(weights))]![0], timing }));
}

const isAccepted = (f: ComplaintFate): boolean => f.end === 'succeeded' || f.end === 'terminated';

function categoryFor(rng: Random, weights: Record<NonIp, number>, receivedOn: LocalDate): NonIp {
  if (receivedOn < EPIDEMIC_FROM || receivedOn > EPIDEMIC_TO) return rng.weighted(weights);
  const boosted = { ...weights };
  for (const [c, f] of Object.entries(EPIDEMIC_BOOST) as [NonIp, number][]) boosted[c] *= f;
  return rng.weighted(boosted);
}

/** The line-level plans: fates paired into records, dates, places, channels, categories, money. */
function planYear(rng: Random): Plan[] {
  const complaints = rng.shuffle(complaintFates());
  const reports = reportFates(rng);
  // Split records: a report plus an accepted complaint about the same business.
  const pairs: Pick<Plan, 'complaint' | 'report'>[] = [];
  const lone: Pick<Plan, 'complaint' | 'report'>[] = [];
  let paired = 0;
  for (const c of complaints) {
    if (paired < COMPLAINT_AND_REPORT && isAccepted(c) && !(c.end === 'terminated' && c.reason === 'time-limit-reached')) {
      pairs.push({ complaint: c, report: reports[paired]! });
      paired += 1;
    } else lone.push({ complaint: c });
  }
  for (const r of reports.slice(paired)) lone.push({ report: r });

  // IP: 70 accepted lone complaints + 163 lone reports, nothing else.
  let ipComplaints = 0;
  let ipReports = 0;
  const ip = new Set<Pick<Plan, 'complaint' | 'report'>>();
  for (const p of lone) {
    if (p.complaint && isAccepted(p.complaint) && ipComplaints < IP_COMPLAINTS) { ip.add(p); ipComplaints += 1; }
    else if (p.report && ipReports < IP_REPORTS) { ip.add(p); ipReports += 1; }
  }

  const plans: Plan[] = [...pairs, ...lone].map((p) => {
    const isReport = p.report !== undefined;
    const channel = rng.weighted(isReport && !p.complaint ? REPORT_CHANNELS : COMPLAINT_CHANNELS);
    let last = LAST_COMPLAINT_RECEIPT;
    if (p.report) last = LAST_REPORT_RECEIPT;
    if (p.complaint?.end === 'terminated' && p.complaint.reason === 'time-limit-reached') last = LAST_TIME_LIMIT_RECEIPT;
    let receivedOn = receiptDate(rng, FIRST_DAY, last);
    if (OFFICE_CHANNELS.has(channel)) receivedOn = firstWorkingDayFrom(receivedOn);
    const receivedMinute = OFFICE_CHANNELS.has(channel) ? officeMinute(rng)
      : channel === '12315-hotline' ? rng.int(8 * 60, 20 * 60 + 30)
        : rng.next() < 0.85 ? rng.int(7 * 60, 23 * 60 + 30) : rng.int(0, 6 * 60 + 59);
    const category: CategoryCode = ip.has(p) ? 'ip'
      : categoryFor(rng, isReport ? REPORT_CATEGORY_WEIGHTS : COMPLAINT_CATEGORY_WEIGHTS, receivedOn);
    // Platform sellers (city bureau) are complaints about online shopping.
    const districts = { ...DISTRICT_WEIGHTS };
    if (isReport || !['product-quality', 'contract-service', 'other', 'drug-cosmetic-device'].includes(category)) districts['441500'] = 0;
    const district = rng.weighted(districts);
    return {
      ...p, category, district, channel, receivedOn, receivedMinute, epidemic: false,
      anonymous: isReport && p.complaint === undefined && rng.next() < 0.25,
    };
  });

  // 694 epidemic leads among the cases received while it raged.
  const candidates = rng.shuffle(plans.filter((p) => p.receivedOn >= EPIDEMIC_FROM && p.receivedOn <= EPIDEMIC_TO
    && (EPIDEMIC_CATEGORIES as string[]).includes(p.category)));
  if (candidates.length < YEAR_2020_TARGETS.epidemicLeads) throw new Error(`only ${candidates.length} epidemic candidates`);
  for (const p of candidates.slice(0, YEAR_2020_TARGETS.epidemicLeads)) p.epidemic = true;

  // Money: exactly the target over the successful mediations.
  const succeeded = plans.filter((p) => p.complaint?.end === 'succeeded');
  const fen = recoveredAmounts(rng, succeeded.map((p) => p.category), YEAR_2020_TARGETS.recoveredFen);
  succeeded.forEach((p, i) => { p.recoveredFen = fen[i]!; });

  return plans.sort((a, b) => (a.receivedOn === b.receivedOn ? a.receivedMinute - b.receivedMinute : a.receivedOn < b.receivedOn ? -1 : 1));
}

// Acceptance decision: working days after receipt (on time 1–7, late 8–10).
const ACCEPT_DAYS = { 1: 30, 2: 27, 3: 18, 4: 10, 5: 7, 6: 5, 7: 3 } as const;
const MEDIATOR_NOTES = ['电话联系双方，商家同意处理', '组织双方现场调解', '商家承认问题，同意协商'];

type Target = CommandData<'TransferCase'>['target'];
/** Complaints about services other agencies regulate; reports about businesses registered elsewhere. */
const AGENCIES: Target[] = [
  { kind: 'agency', name: '汕尾市交通运输局' },
  { kind: 'agency', name: '汕尾市文化广电旅游体育局' },
  { kind: 'agency', name: '汕尾市住房和城乡建设局' },
  { kind: 'agency', name: '汕尾市教育局' },
];
const OTHER_OFFICES: Target[] = [
  { kind: 'office', name: '深圳市市场监督管理局' },
  { kind: 'office', name: '广州市市场监督管理局' },
  { kind: 'office', name: '揭阳市市场监督管理局' },
];

function complaintSteps(rng: Random, plan: Plan, fate: ComplaintFate, stamp: (d: LocalDate) => string): ImportStep[] {
  const R = plan.receivedOn;
  const steps: ImportStep[] = [];
  const add = (d: LocalDate, step: Record<string, unknown>) => steps.push({ ...step, occurredAt: stamp(d) } as ImportStep);
  const decisionDay = (late: boolean): LocalDate => {
    const k = late ? rng.int(8, 10) : Number(rng.weighted(ACCEPT_DAYS));
    // Leave room after the acceptance for mediation to close inside 2020.
    return addWdCapped(R, k, addWorkingDays(LAST_DAY, -2));
  };

  if (fate.end === 'refused') {
    add(decisionDay(rng.next() < LATE_ACCEPTANCE_SHARE), {
      type: 'RefuseComplaint', reasonCode: fate.reason,
      explanation: REFUSAL_TEXT[fate.reason],
      otherRoutes: ['向人民法院提起诉讼', '向仲裁机构申请仲裁'],
    });
    return steps;
  }
  if (fate.end === 'withdrawn') {
    add(addWdCapped(R, rng.int(1, 5)), { type: 'WithdrawComplaint', note: '消费者来电表示已与商家自行协商解决，撤回投诉' });
    return steps;
  }
  if (fate.end === 'transferred') {
    add(addWdCapped(R, rng.int(1, 4)), { type: 'TransferCase', target: rng.pick(plan.category === 'contract-service' ? AGENCIES : OTHER_OFFICES), reason: '不属于本部门管辖，移送有权处理的部门' });
    return steps;
  }

  const accepted = decisionDay(rng.next() < LATE_ACCEPTANCE_SHARE);
  add(accepted, { type: 'AcceptComplaint' });
  const remaining = () => workingDaysBetween(accepted, LAST_DAY);

  if (fate.end === 'terminated' && fate.reason === 'withdrawn-after-acceptance') {
    const on = addWdCapped(accepted, rng.int(1, 8));
    if (rng.next() < 0.6) add(rng.next() < 0.5 ? accepted : addWdCapped(accepted, 1, on), { type: 'StartMediation' });
    add(on, { type: 'WithdrawComplaint', note: '消费者撤回投诉' });
    steps.push(noticeStep(plan, steps.at(-1)!.occurredAt));
    return steps;
  }

  const started = rng.next() < 0.6 ? accepted : addWdCapped(accepted, 1);
  add(started, { type: 'StartMediation', note: rng.pick(MEDIATOR_NOTES) });
  if (plan.channel === 'consumer-council' || rng.next() < 0.03) add(started, { type: 'DelegateToCouncil', council: COUNCIL });

  if (fate.end === 'succeeded') {
    // Most settle within days; a few take weeks; product testing stops the clock for some.
    let d = started;
    const testing = (plan.category === 'product-quality' || plan.category === 'food') && rng.next() < 0.04 && remaining() > 20;
    if (testing) {
      const paused = addWdCapped(d, rng.int(1, 4));
      add(paused, { type: 'PauseClock', clock: 'mediation', reason: 'testing-appraisal', note: '送检' });
      d = addWdCapped(paused, rng.int(5, 12));
      add(d, { type: 'ResumeClock', clock: 'mediation' });
    }
    const days = Math.min(40, Math.max(1, Math.round(Math.exp(1.6 + 0.8 * rng.normal()))));
    const closed = addWdCapped(d, days);
    add(closed, {
      type: 'RecordMediationSuccess',
      ...recoveredParts(rng, plan.category, plan.recoveredFen ?? 0n),
      agreement: (plan.recoveredFen ?? 0n) === 0n ? '商家维修并赔礼道歉' : '双方达成调解协议，商家当场履行',
    });
    return steps;
  }

  const reason = fate.reason as MediationTerminatedReason;
  const on = reason === 'time-limit-reached'
    ? addWorkingDays(accepted, 45 + rng.int(1, 3)) // the 45-WD cut-off has passed
    : addWdCapped(started, reason === 'party-refuses' ? rng.int(2, 8) : rng.int(3, 25));
  add(on, { type: 'TerminateMediation', reasonCode: reason, explanation: TERMINATION_TEXT[reason] });
  steps.push(noticeStep(plan, steps.at(-1)!.occurredAt));
  return steps;
}

/**
 * The parties are told of a termination 1–4 working days after it, about one in 23 late (9 WD;
 * the limit is 7), in office hours (a minute after the termination when the year's end leaves no later day).
 * Derived from the plan, not drawn: the random stream, and with it every other figure of the
 * year, stays as it was.
 */
function noticeStep(plan: Plan, terminatedAt: string): ImportStep {
  const terminated = terminatedAt.slice(0, 10);
  const day = addWdCapped(terminated, plan.receivedMinute % 23 === 0 ? 9 : 1 + (plan.receivedMinute % 4));
  const minute = day === terminated ? Number(terminatedAt.slice(11, 13)) * 60 + Number(terminatedAt.slice(14, 16)) + 1 : 9 * 60 + (plan.receivedMinute % 480);
  return { type: 'NotifyTermination', method: 'written', note: '已向双方送达终止调解告知书', occurredAt: instant(day, minute) } as ImportStep;
}

const REFUSAL_TEXT: Record<NotAcceptedReason, string> = {
  'no-authority': '投诉事项不属于市场监督管理部门职责，已告知向有关部门反映',
  'handled-elsewhere': '该纠纷已由消费者委员会受理处理',
  'not-consumer-dispute': '非为生活消费需要购买商品，不属于消费者权益争议',
  'time-barred': '知道权益受到侵害之日起已超过三年',
  'materials-missing': '未提供被投诉人具体信息和相关证据材料',
  'materials-false': '提供的材料虚假',
  'identity-refused': '拒不配合身份核验',
  'other-legal-grounds': '依法不予受理的其他情形',
};
const TERMINATION_TEXT: Record<MediationTerminatedReason, string> = {
  'withdrawn-or-settled': '双方已自行和解',
  'party-refuses': '被投诉人拒绝参加调解',
  'no-agreement-possible': '双方分歧较大，明确表示无法达成调解协议',
  'testing-cost-disputed': '双方对检测费用承担无法协商一致',
  'time-limit-reached': '调解期限届满仍未达成调解协议',
  'refusal-ground-or-fraud': '发现属于不予受理情形',
  'party-ceased': '被投诉经营者已注销',
  'other-legal-grounds': '依法应当终止调解的其他情形',
};
const DECLINE_TEXT: Record<DeclineReason, string> = {
  'minor-and-corrected': '违法行为轻微并已及时改正，没有造成危害后果，依法不予立案',
  'first-minor-offence': '初次违法且危害后果轻微并及时改正，依法不予立案',
  'no-fault-proven': '当事人有证据足以证明没有主观过错',
  other: '经核查，举报事项证据不足，不予立案',
  'no-authority': '不属于本部门管辖，已告知举报人',
  'duplicate-not-handled': '重复举报，已告知举报人',
};

let enforcementSeq = 0;

function reportSteps(rng: Random, plan: Plan, fate: ReportFate, stamp: (d: LocalDate) => string, part: 'report' | undefined): ImportStep[] {
  const R = plan.receivedOn;
  const steps: ImportStep[] = [];
  const add = (d: LocalDate, s: Record<string, unknown>) => steps.push({ ...s, occurredAt: stamp(d), ...(part ? { case: part } : {}) } as ImportStep);
  const startK = rng.int(1, 3);
  add(addWorkingDays(R, startK), { type: 'StartVerification', note: '现场检查' });
  // On time: decided on the due date or before (most near it); late: up to 6 WD after.
  const k = fate.timing === 'late' ? rng.int(16, 21) : Math.max(startK + 1, 15 - Math.min(13, Math.floor(Math.abs(rng.normal()) * 5)));
  const decided = addWorkingDays(R, k);
  if (decided > LAST_DAY) throw new Error(`report decided after 2020: ${decided}`);
  if (fate.end.step === 'open') {
    enforcementSeq += 1;
    add(decided, { type: 'OpenEnforcementCase', enforcementCaseNo: `DEMO-SWSJ-LA-2020-${String(enforcementSeq).padStart(4, '0')}` });
  } else if (fate.end.step === 'decline') {
    add(decided, { type: 'DeclineEnforcementCase', reason: fate.end.reason, explanation: DECLINE_TEXT[fate.end.reason] });
  } else {
    add(decided, { type: 'TransferCase', target: rng.pick(OTHER_OFFICES), reason: '被举报经营者登记地在外地，依法移送其登记地市场监管部门' });
  }
  return steps;
}

function businessOf(rng: Random, plan: Plan, seq: number): IntakeRecord12315['business'] {
  const type = rng.pick(BUSINESS_TYPES[plan.category]);
  if (plan.district === '441500') {
    return { name: `示例网店${seq % 400}号`, platform: rng.pick(PLATFORMS) };
  }
  const { prefix, towns } = TOWNS[plan.district];
  const town = rng.pick(towns);
  return {
    name: `示例${type}（${town.replace(/街道|镇|居委$/, '')}店）`,
    address: `${prefix}${town}${rng.pick(ROADS)}${rng.int(1, 399)}号`,
  };
}

function lineOf(rng: Random, plan: Plan, seq: number): ImportLine {
  const business = businessOf(rng, plan, seq);
  const texts = plan.epidemic ? EPIDEMIC_TEXTS[plan.category as NonIp]! : TEXTS[plan.category];
  const { summary, narrative } = rng.pick(texts)(business.name, rng);
  const kind = plan.complaint && plan.report ? 'complaint+report' : plan.complaint ? 'complaint' : 'report';
  const id = String(seq).padStart(6, '0');
  const claim = plan.complaint && plan.recoveredFen !== undefined && plan.recoveredFen > 0n
    ? fenToYuan((plan.recoveredFen * BigInt(100 + rng.int(0, 60))) / 100n)
    : plan.complaint && rng.next() < 0.7 ? fenToYuan(BigInt(rng.int(20, 3000)) * 100n) : undefined;
  const record: IntakeRecord12315 = {
    sourceRef: `DEMO2020-${id}`,
    channel: plan.channel,
    kind,
    receivedAt: instant(plan.receivedOn, plan.receivedMinute, rng.int(0, 59)),
    ...(plan.anonymous ? { anonymous: true } : { consumer: { name: `测试用户${id}`, phone: `100${String(seq).padStart(8, '0')}` } }),
    business,
    category: plan.category,
    summary,
    narrative: `【演示数据】${kind === 'report' ? '举报人反映：' : ''}${narrative}`,
    ...(claim === undefined ? {} : { claimAmountYuan: claim }),
  };
  const stamps = () => createStamps(rng, plan.receivedOn, plan.receivedMinute);
  // The two cases of a split record run side by side, each on its own clock; the file lists their steps in time order.
  const steps = kind === 'complaint+report'
    ? [...complaintSteps(rng, plan, plan.complaint!, stamps()), ...reportSteps(rng, plan, plan.report!, stamps(), 'report')]
      .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0))
    : plan.complaint ? complaintSteps(rng, plan, plan.complaint, stamps()) : reportSteps(rng, plan, plan.report!, stamps(), undefined);
  return { record, steps };
}

/**
 * The synthetic year 2020, one import line per record, in order of receipt. Deterministic: the
 * same lines (byte for byte once serialised) on every call.
 */
export function generateYear2020(): ImportLine[] {
  const rng = createRandom(20201231);
  enforcementSeq = 0;
  const plans = planYear(rng);
  return plans.map((plan, i) => lineOf(rng, plan, i + 1));
}

// ─── Summary ─────────────────────────────────────────────────────────────────────────────────

export interface Year2020Summary {
  lines: number;
  cases: number;
  steps: number;
  byKind: Record<string, number>;
  /** Records by month of receipt. */
  byMonth: Record<string, number>;
  /** Cases by the district the router gives them. */
  byDistrict: Record<string, number>;
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  /** Steps by command type. */
  byStep: Record<string, number>;
}

const bump = (m: Record<string, number>, k: string, n = 1) => { m[k] = (m[k] ?? 0) + n; };
const sorted = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Counts of the generated lines; districts as the bundled routing configuration resolves them. */
export function summarizeYear2020(lines: readonly ImportLine[]): Year2020Summary {
  const router = createRouter(loadDefaultConfig());
  const s: Year2020Summary = { lines: lines.length, cases: 0, steps: 0, byKind: {}, byMonth: {}, byDistrict: {}, byCategory: {}, byChannel: {}, byStep: {} };
  for (const { record: r, steps } of lines) {
    const n = r.kind === 'complaint+report' ? 2 : 1;
    s.cases += n;
    s.steps += steps.length;
    bump(s.byKind, r.kind);
    bump(s.byMonth, r.receivedAt.slice(0, 7));
    const { district } = router.resolveJurisdiction({ districtCode: r.business.districtCode, address: r.business.address, platform: r.business.platform });
    const name = router.district(district)?.name.zh ?? district;
    bump(s.byDistrict, `${district} ${name}`, n);
    bump(s.byCategory, r.category ?? 'other', n);
    bump(s.byChannel, r.channel);
    for (const st of steps) bump(s.byStep, st.type);
  }
  return { ...s, byMonth: sorted(s.byMonth), byDistrict: sorted(s.byDistrict), byCategory: sorted(s.byCategory), byChannel: sorted(s.byChannel), byStep: sorted(s.byStep) };
}

function printSummary(s: Year2020Summary, ms: number): string {
  const table = (title: string, m: Record<string, number>) => [`${title}:`, ...Object.entries(m).map(([k, v]) => `  ${k.padEnd(36)} ${String(v).padStart(6)}`)].join('\n');
  return [
    `${s.lines} lines (records), ${s.cases} cases, ${s.steps} steps; generated in ${ms} ms`,
    table('records by kind', s.byKind),
    table('records by month of receipt', s.byMonth),
    table('cases by district', s.byDistrict),
    table('cases by category', s.byCategory),
    table('records by channel', s.byChannel),
    table('steps by type', s.byStep),
  ].join('\n');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const lines = generateYear2020();
  const ms = Date.now() - started;
  process.stdout.write(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  if (process.argv.includes('--summary')) process.stderr.write(`${printSummary(summarizeYear2020(lines), ms)}\n`);
}

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in terms of this system, as pure
 * functions: the region's categories as services, a POSTed form as a 12315 intake record (a
 * complaint through the normal intake path), a complaint's case document as a service request.
 * The HTTP side (formats, keys, errors) is in open311.routes.ts. Decision 0034.
 *
 * Service requests are complaints only: reports (举报) stay out (enforcement is confidential) and so
 * do 12345 work orders that are neither. Nothing personal leaves: no description, no address, no
 * business name, no caller; a request carries its category, status, office, dates and deadline.
 */
import { CASE_OUTCOME_LABELS, CASE_STATUS_LABELS, type CaseDoc, type IntakeRecord12315 } from '@cw/contracts';
import type { RoutingConfig } from '@cw/routing';

export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';
export type Lang = 'zh' | 'en';

/** An error in the specification's own format: `[{ code, description }]` with that HTTP status. */
export class Open311Error extends Error {
  constructor(readonly status: number, readonly descriptions: string[]) {
    super(descriptions.join('; '));
  }
}
const bad = (...descriptions: string[]) => new Open311Error(400, descriptions);

/** Service groups (the spec's `group`), by category code of DOMAIN.md §6. */
const GROUPS: Record<string, { zh: string; en: string }> = {
  safety: { zh: '商品质量安全', en: 'Product quality and safety' },
  order: { zh: '市场秩序', en: 'Market order' },
  services: { zh: '消费服务', en: 'Consumer services' },
};
const GROUP_OF: Record<string, keyof typeof GROUPS> = {
  food: 'safety', 'drug-cosmetic-device': 'safety', 'special-equipment': 'safety', 'product-quality': 'safety',
  price: 'order', advertising: 'order', ip: 'order',
  'contract-service': 'services', other: 'services',
};
/** What each category covers (DOMAIN.md §6), for the service list. */
const DESCRIPTIONS: Record<string, { zh: string; en: string }> = {
  price: { zh: '明码标价、乱收费、价格欺诈等价格问题', en: 'List prices, overcharging, price fraud' },
  food: { zh: '食品安全、餐饮服务、过期变质食品', en: 'Food safety, catering, expired or spoiled food' },
  ip: { zh: '假冒商标、专利、地理标志等知识产权问题', en: 'Counterfeit trademarks, patents, geographical indications' },
  'drug-cosmetic-device': { zh: '药品、化妆品、医疗器械', en: 'Drugs, cosmetics, medical devices' },
  'special-equipment': { zh: '电梯、气瓶、锅炉等特种设备', en: 'Elevators, gas cylinders, boilers' },
  'product-quality': { zh: '商品质量问题（含汽车、电动自行车、家电）', en: 'Product quality (cars, e-bikes, appliances included)' },
  advertising: { zh: '虚假或违法广告', en: 'False or unlawful advertising' },
  'contract-service': { zh: '预付卡、培训、维修、电信、网购快递等合同和服务纠纷', en: 'Prepaid cards, training, repairs, telecoms, e-commerce delivery' },
  other: { zh: '不属于以上类别的消费纠纷', en: 'Consumer disputes of no other category' },
};

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export interface Region {
  /** The `jurisdiction_id` this endpoint answers to: the region's code (e.g. 441500). */
  jurisdictionId: string;
  contact: { zh: string; en: string };
  categories: { code: string; name: { zh: string; en: string }; keywords: string[] }[];
  /** The office responsible for a district code. */
  office: (district: string | undefined) => { zh: string; en: string } | undefined;
}

/** The Open311 view of the region file: categories with their rules' keywords, offices by district. */
export function regionOf(config: RoutingConfig): Region {
  const city = config.districts.find((d) => d.kind === 'city') ?? config.districts[0]!;
  const offices = new Map(config.districts.map((d) => [d.id, d.kind === 'city' ? d.name
    : d.kind === 'county' ? { zh: `${d.name.zh}市场监督管理局`, en: `${d.name.en} Market Regulation Bureau` }
      : { zh: `${city.name.zh}${d.name.zh}分局`, en: `${city.name.en}, ${d.name.en} branch` }]));
  const keywordsOf = (code: string) => [...new Set(config.classification.rules.filter((r) => r.category === code).flatMap((r) => r.keywords ?? []))]
    .filter((k): k is string => typeof k === 'string' && /\p{Script=Han}/u.test(k)).slice(0, 8);
  return {
    jurisdictionId: config.region.code,
    contact: { zh: `${city.name.zh}（12315）`, en: `${city.name.en} (12315)` },
    categories: config.categories.map((c) => ({ code: c.code, name: c.name, keywords: keywordsOf(c.code) })),
    office: (district) => (district ? offices.get(district) : undefined),
  };
}

export function serviceList(region: Region, lang: Lang): Service[] {
  return region.categories.map((c) => ({
    service_code: c.code,
    service_name: c.name[lang],
    description: (DESCRIPTIONS[c.code] ?? DESCRIPTIONS.other!)[lang],
    metadata: true,
    type: 'realtime',
    keywords: c.keywords.join(', '),
    group: GROUPS[GROUP_OF[c.code] ?? 'services']![lang],
  }));
}

export interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'text';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
}

/** The attributes every service takes (`attribute[code]=value`), beside the spec's own fields. */
const ATTRIBUTES: readonly (Omit<Attribute, 'description' | 'datatype_description'> & { text: Record<Lang, [string, string]> })[] = [
  { variable: true, code: 'business_name', datatype: 'string', required: true, order: 1, text: { zh: ['被投诉经营者名称（商店、公司或网店名）', '200字以内'], en: ['Name of the business complained about (shop, company or online store)', 'up to 200 characters'] } },
  { variable: true, code: 'business_platform', datatype: 'string', required: false, order: 2, text: { zh: ['网购平台（如淘宝、京东）；线下购买不填', '100字以内'], en: ['E-commerce platform (e.g. Taobao, JD); leave empty for a shop', 'up to 100 characters'] } },
  { variable: true, code: 'summary', datatype: 'string', required: false, order: 3, text: { zh: ['一句话概括诉求；不填则取描述的开头', '200字以内'], en: ['The request in one line; the start of the description if empty', 'up to 200 characters'] } },
  { variable: true, code: 'claim_amount', datatype: 'number', required: false, order: 4, text: { zh: ['要求退款或赔偿的金额（元）', '如 399 或 399.50'], en: ['Amount claimed (refund or compensation), in yuan', 'e.g. 399 or 399.50'] } },
];

export function serviceDefinition(code: string, lang: Lang): { service_code: string; attributes: Attribute[] } {
  return {
    service_code: code,
    attributes: ATTRIBUTES.map(({ text, ...a }) => ({ ...a, description: text[lang][0], datatype_description: text[lang][1] })),
  };
}

/** The form fields a POST may carry (the spec's, plus `attribute[code]`); anything else is refused. */
const FORM_FIELDS = new Set(['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'email', 'device_id', 'account_id', 'first_name', 'last_name', 'phone', 'description', 'media_url']);
export const DESCRIPTION_MAX = 4000;

/** Which form field a schema pointer of the intake record came from (for error messages). */
const FIELD_OF_POINTER: Record<string, string> = {
  '/consumer/name': 'last_name', '/consumer/phone': 'phone', '/business/name': 'attribute[business_name]',
  '/business/address': 'address_string', '/business/platform': 'attribute[business_platform]',
  '/summary': 'attribute[summary]', '/narrative': 'description', '/claimAmountYuan': 'attribute[claim_amount]',
};
export const formFieldOf = (pointer: string): string => FIELD_OF_POINTER[pointer] ?? pointer.replace(/^\//, '');

/** One value per field: a repeated field (an array after parsing) is refused naming it. */
function single(form: Record<string, unknown>, field: string): string | undefined {
  const v = form[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw bad(`${field}: must be given once, as text`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

/**
 * A POSTed GeoReport form as a 12315 complaint (`12315-web`). The location is the business's:
 * `address_string`, else `lat`/`long` written into the address (the region file has no map, so a
 * case located only by coordinates is routed by its text). `email` and `device_id` are not kept
 * (the record has no place for them); a `media_url` is appended to the narrative as a link.
 * Throws `Open311Error` 400 naming every missing or invalid field.
 */
export function intakeRecordOf(form: Record<string, unknown>, opts: { sourceRef: string; receivedAt: string; serviceCode: string }): IntakeRecord12315 {
  const problems: string[] = [];
  for (const key of Object.keys(form)) {
    if (!FORM_FIELDS.has(key) && !/^attribute\[[a-z_]+\]$/.test(key)) problems.push(`${key}: not a GeoReport v2 field of this service`);
    const m = /^attribute\[([a-z_]+)\]$/.exec(key);
    if (m && !ATTRIBUTES.some((a) => a.code === m[1])) problems.push(`${key}: no such attribute (see services/${opts.serviceCode}.json)`);
  }
  if (problems.length > 0) throw bad(...problems);
  const get = (f: string) => single(form, f);
  const lat = get('lat');
  const long = get('long');
  const address = get('address_string');
  if (get('address_id') !== undefined && address === undefined && lat === undefined) problems.push('address_id: not supported here (no master address repository); send address_string or lat and long');
  if (address === undefined) {
    if (lat === undefined && long === undefined) problems.push('address_string: required (where the business is), unless lat and long are given');
    else if (lat === undefined || long === undefined) problems.push(`${lat === undefined ? 'lat' : 'long'}: lat and long go together`);
    else {
      const [y, x] = [Number(lat), Number(long)];
      if (!Number.isFinite(y) || Math.abs(y) > 90) problems.push('lat: must be a WGS84 latitude from -90 to 90');
      if (!Number.isFinite(x) || Math.abs(x) > 180) problems.push('long: must be a WGS84 longitude from -180 to 180');
    }
  }
  const description = get('description');
  if (description === undefined) problems.push('description: required (what happened, in the consumer\'s words)');
  else if (description.length > DESCRIPTION_MAX) problems.push(`description: at most ${DESCRIPTION_MAX} characters (the specification's limit)`);
  const lastName = get('last_name');
  const firstName = get('first_name');
  if (lastName === undefined && firstName === undefined) problems.push('last_name: the consumer\'s name is required for a complaint (last_name and first_name)');
  const phone = get('phone');
  if (phone === undefined) problems.push('phone: required for a complaint (the office calls the consumer back)');
  const media = get('media_url');
  if (media !== undefined && !/^https?:\/\/\S{1,490}$/.test(media)) problems.push('media_url: must be an http(s) URL of at most 500 characters');
  const business = get('attribute[business_name]');
  if (business === undefined) problems.push('attribute[business_name]: required (the business complained about)');
  const claim = get('attribute[claim_amount]');
  if (claim !== undefined && !/^\d{1,12}(\.\d{1,2})?$/.test(claim)) problems.push('attribute[claim_amount]: must be an amount in yuan with at most 2 decimals, e.g. 399.50');
  if (problems.length > 0) throw bad(...problems);

  // Chinese names are family name first.
  const name = [lastName, firstName].filter(Boolean).join(/\p{Script=Han}/u.test(`${lastName ?? ''}${firstName ?? ''}`) ? '' : ' ');
  const summary = get('attribute[summary]') ?? [...description!.split(/\r?\n/)[0]!].slice(0, 50).join('');
  const platform = get('attribute[business_platform]');
  return {
    sourceRef: opts.sourceRef,
    channel: '12315-web',
    kind: 'complaint',
    receivedAt: opts.receivedAt,
    consumer: { name, phone: phone! },
    business: { name: business!, address: address ?? `经纬度 (WGS84) ${lat}, ${long}`, ...(platform ? { platform } : {}) },
    category: opts.serviceCode as IntakeRecord12315['category'],
    summary,
    narrative: media ? `${description}\n\n附件 Media: ${media}` : description!,
    ...(claim !== undefined ? { claimAmountYuan: claim } : {}),
  };
}

/** An instant as ISO 8601 with the +08:00 offset (W3C datetime, whole seconds). */
export const beijingTime = (d: Date | string): string => `${new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_name: string;
  service_code: string;
  agency_responsible?: string;
  service_notice?: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime?: string;
}

type CaseFields = Pick<CaseDoc, 'caseNo' | 'status' | 'category' | 'district' | 'nextDueDate' | 'registration' | 'updatedAt' | 'state'>;

/**
 * A complaint as a service request: `closed` once the case is closed (the outcome in the notes),
 * else `open` with its status; the office of its district; the nearest running deadline as
 * `expected_datetime` (the end of that day in Beijing); the last step's time as `updated_datetime`.
 */
export function requestOf(doc: CaseFields, region: Region, lang: Lang): ServiceRequest {
  const state = (doc.state ?? {}) as { outcome?: string | null; closedAt?: string | null; lastStepAt?: string };
  const closed = doc.status === 'closed';
  const statusText = CASE_STATUS_LABELS[doc.status as keyof typeof CASE_STATUS_LABELS]?.[lang] ?? doc.status;
  const outcome = state.outcome ? CASE_OUTCOME_LABELS[state.outcome as keyof typeof CASE_OUTCOME_LABELS]?.[lang] : undefined;
  const category = region.categories.find((c) => c.code === doc.category);
  const office = region.office(doc.district);
  const due = !closed && doc.nextDueDate ? `${doc.nextDueDate}T23:59:59+08:00` : undefined;
  return {
    service_request_id: doc.caseNo,
    status: closed ? 'closed' : 'open',
    status_notes: outcome ? `${statusText}${lang === 'zh' ? '：' : ': '}${outcome}` : statusText,
    service_name: category?.name[lang] ?? (lang === 'zh' ? '待分类' : 'Not yet categorised'),
    service_code: doc.category ?? 'other',
    ...(office ? { agency_responsible: office[lang] } : {}),
    ...(due ? { service_notice: lang === 'zh' ? `下一办理期限：${doc.nextDueDate}` : `Next deadline: ${doc.nextDueDate}` } : {}),
    requested_datetime: beijingTime(doc.registration.receivedAt),
    updated_datetime: beijingTime((closed ? state.closedAt : undefined) ?? state.lastStepAt ?? doc.registration.receivedAt),
    ...(due ? { expected_datetime: due } : {}),
  };
}

const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const MAX_RANGE_DAYS = 90;
const DAY = 86_400_000;

/**
 * `start_date`/`end_date` (W3C datetimes with a zone) as a range of at most 90 days; a missing end
 * is 90 days after the start (or now), a missing start 90 days before the end: the spec's default
 * is the most recent 90 days.
 */
export function dateRange(start: string | undefined, end: string | undefined, now: Date): { from: Date; to: Date } {
  const parse = (v: string, field: string) => {
    if (!W3C_DATETIME.test(v) || Number.isNaN(Date.parse(v))) throw bad(`${field}: must be a date-time with its zone, e.g. 2020-05-01T00:00:00+08:00`);
    return new Date(v);
  };
  const from = start !== undefined ? parse(start, 'start_date') : undefined;
  const to = end !== undefined ? parse(end, 'end_date') : undefined;
  if (from && to) {
    if (to < from) throw bad('end_date: must not be before start_date');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) throw bad(`end_date: the range may not span more than ${MAX_RANGE_DAYS} days`);
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + MAX_RANGE_DAYS * DAY) };
  const last = to ?? now;
  return { from: new Date(last.getTime() - MAX_RANGE_DAYS * DAY), to: last };
}

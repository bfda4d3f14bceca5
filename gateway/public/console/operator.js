/*
 * Operators' console: log a phone call as a 12315 record (complaint, report or both) with live
 * validation per field, a category and district suggestion from the routing rules while typing,
 * a warning when the caller already complained about the business in the last 30 days, and the
 * case numbers on save.
 */
import {
  ApiError, addTexts, api, applyStaticTexts, debounce, h, label, mountHeader, nowInShanghaiLocal,
  onLangChange, problemText, replace, requireUser, t,
} from '/console/common.js';
import { isYuanInput } from '/console/lib/money.js';

addTexts({
  zh: {
    s: { call: '来电信息', consumer: '消费者（来电人）', business: '被投诉（举报）经营者', matter: '诉求内容' },
    f: {
      channel: '受理渠道', kind: '诉求类型', receivedAt: '受理时间', anonymous: '匿名举报（不留个人信息）',
      name: '姓名', phone: '联系电话', idNumber: '身份证号', businessName: '经营者名称', address: '经营地址',
      districtCode: '所属县（市、区）', platform: '电商平台', summary: '诉求摘要', narrative: '来电内容', category: '类别', claim: '诉求金额（元）',
    },
    hint: {
      receivedAt: '北京时间', districtCode: '不选则按地址自动判断', platform: '网店商家填写平台名称，如淘宝、抖音',
      idNumber: '选填', claim: '选填，最多两位小数', category: '不选则由系统按规则分类',
    },
    byAddress: '按地址自动判断', byRules: '由系统自动分类', choose: '请选择',
    v: {
      required: '必填', tooLong: '不能超过 {max} 个字', phone: '电话号码格式不正确（5–20 位数字，可含空格或短横线）',
      idNumber: '身份证号格式不正确（18 位，末位可为 X）', money: '金额格式不正确，例如 59.80', date: '请填写有效的时间',
      future: '受理时间不能晚于现在', anonymousReportOnly: '只有单独举报可以匿名', fix: '请先更正标红的栏目。',
      server: '服务器未接受：{message}',
    },
    suggest: {
      title: '分类建议', category: '建议类别：{name}', rule: '规则 {rule}', matched: '命中：{words}', none: '未命中分类规则，将进入分拣队列',
      district: '管辖：{name}', byRule: { 'district-code': '依据所选区划', address: '依据地址“{m}”', platform: '依据平台“{m}”', 'city-default': '无法判断，默认市局' },
      adopt: '采用此类别', adopted: '已采用',
    },
    dup: {
      title: '疑似重复投诉', text: '该来电号码在近 {days} 天内已就同一经营者投诉 {n} 次：', item: '{caseNo}（{date}受理）',
      advice: '请核实是否为同一事项；如是，可告知来电人原案件编号。',
    },
    save: '保存登记', saving: '正在保存…', reset: '清空', newRecord: '登记下一个来电',
    saved: '已保存。案件编号：', pending: '已提交，正在生成案件编号…', pendingLong: '已提交，案件编号稍后可在受理记录中查询（来源编号 {ref}）。',
    conflict: '该记录已保存过。',
  },
  en: {
    s: { call: 'Call', consumer: 'Consumer (caller)', business: 'Business complained about or reported', matter: 'The matter' },
    f: {
      channel: 'Channel', kind: 'Type', receivedAt: 'Received at', anonymous: 'Anonymous report (no personal data)',
      name: 'Name', phone: 'Phone', idNumber: 'ID card number', businessName: 'Business name', address: 'Business address',
      districtCode: 'District', platform: 'E-commerce platform', summary: 'Summary', narrative: "Caller's account", category: 'Category', claim: 'Amount claimed (yuan)',
    },
    hint: {
      receivedAt: 'Beijing time', districtCode: 'Leave empty to decide by the address', platform: 'For online sellers, e.g. Taobao, Douyin',
      idNumber: 'Optional', claim: 'Optional, at most two decimals', category: 'Leave empty to classify by the rules',
    },
    byAddress: 'Decide by the address', byRules: 'Classify by the rules', choose: 'Choose',
    v: {
      required: 'Required', tooLong: 'At most {max} characters', phone: 'Not a phone number (5–20 digits, spaces or dashes allowed)',
      idNumber: 'Not an ID card number (18 characters, the last may be X)', money: 'Not an amount, e.g. 59.80', date: 'Enter a valid time',
      future: 'Cannot be later than now', anonymousReportOnly: 'Only a report on its own may be anonymous', fix: 'Correct the fields marked in red first.',
      server: 'Not accepted by the server: {message}',
    },
    suggest: {
      title: 'Suggestion', category: 'Suggested category: {name}', rule: 'rule {rule}', matched: 'matched: {words}', none: 'No category rule matched; the case goes to triage',
      district: 'Jurisdiction: {name}', byRule: { 'district-code': 'by the chosen district', address: 'by the address "{m}"', platform: 'by the platform "{m}"', 'city-default': 'undecided, the city bureau by default' },
      adopt: 'Use this category', adopted: 'In use',
    },
    dup: {
      title: 'Possible repeat complaint', text: 'This phone number complained about the same business {n} time(s) in the last {days} days:', item: '{caseNo} (received {date})',
      advice: 'Check whether it is the same matter; if so, the caller can be given the earlier case number.',
    },
    save: 'Save record', saving: 'Saving…', reset: 'Clear', newRecord: 'Log the next call',
    saved: 'Saved. Case number(s): ', pending: 'Submitted; the case numbers are being assigned…', pendingLong: 'Submitted; the case numbers will be in the intake receipt (source reference {ref}).',
    conflict: 'This record was saved already.',
  },
});

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const ID_NUMBER = /^[0-9]{17}[0-9Xx]$|^[A-Z0-9]{6,20}$/;
const CHANNELS = ['12315-hotline', '12315-web', '12315-app', '12315-wechat', 'letter', 'visit', 'consumer-council'];
const KINDS = ['complaint', 'report', 'complaint+report'];

const user = await requireUser(['operator', 'supervisor', 'admin']);
mountHeader(document.getElementById('header'), { consoleKey: 'operator', user });
const ref = (await api('GET', '/api/v1/reference')).body;

const form = document.getElementById('intake-form');
const fields = new Map();
const touched = new Set();
let sourceRef = newSourceRef();
let suggestion = null;
let duplicates = null;

function newSourceRef() {
  const rnd = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `OP-${Date.now().toString(36)}-${rnd}`;
}

// ------------------------------------------------------------------ fields

/**
 * One form field: `name` (dotted path in the record), `pointer` (JSON pointer the server reports),
 * the control, and `check(value) → message key | null` for live validation.
 */
function field(spec) {
  const id = `f-${spec.name.replace(/\W/g, '-')}`;
  const error = h('div.error', { id: `${id}-error`, 'aria-live': 'polite', dataset: { testid: `error-${spec.name}` } });
  let control;
  if (spec.type === 'select') {
    control = h('select', { id, name: spec.name });
  } else if (spec.type === 'radios') {
    control = h('div.radios', { id, role: 'radiogroup' });
  } else if (spec.type === 'textarea') {
    control = h('textarea', { id, name: spec.name, maxlength: spec.max });
  } else if (spec.type === 'checkbox') {
    control = h('input', { id, name: spec.name, type: 'checkbox' });
  } else {
    control = h('input', { id, name: spec.name, type: spec.type ?? 'text', maxlength: spec.max, inputmode: spec.inputmode });
  }
  const labelEl = spec.type === 'checkbox'
    ? h('label', { for: id, 'data-i18n': spec.label })
    : h('label', { for: id, class: spec.required ? 'req' : '', 'data-i18n': spec.label });
  const hint = spec.hint ? h('div.hint', { 'data-i18n': spec.hint }) : null;
  const wrap = spec.type === 'checkbox'
    ? h('div.field', { class: spec.wide ? 'wide' : '' }, h('div.inline', control, labelEl), error)
    : h('div.field', { class: spec.wide ? 'wide' : '' }, labelEl, control, hint, error);
  const f = { ...spec, id, control, wrap, error, messageKey: null, messageVars: null };
  fields.set(spec.name, f);
  const onChange = () => {
    touched.add(spec.name);
    validateField(f);
    spec.onChange?.();
  };
  control.addEventListener('input', onChange);
  control.addEventListener('change', onChange);
  control.addEventListener('blur', () => { touched.add(spec.name); validateField(f); });
  return wrap;
}

function valueOf(name) {
  const f = fields.get(name);
  if (!f) return '';
  if (f.type === 'checkbox') return f.control.checked;
  if (f.type === 'radios') return f.control.querySelector('input:checked')?.value ?? '';
  return f.control.value;
}
const trimmed = (name) => String(valueOf(name)).trim();
const isAnonymous = () => valueOf('kind') === 'report' && valueOf('anonymous') === true;

const required = (v) => (String(v).trim() === '' ? 'v.required' : null);
const maxLen = (max) => (v) => ([...String(v)].length > max ? ['v.tooLong', { max }] : null);
const pattern = (re, key) => (v) => (String(v).trim() !== '' && !re.test(String(v).trim()) ? key : null);
const all = (...checks) => (v) => { for (const c of checks) { const r = c(v); if (r) return r; } return null; };
const unlessAnonymous = (check) => (v) => (isAnonymous() ? null : check(v));

function receivedAtCheck(v) {
  if (!v) return 'v.required';
  const d = new Date(`${v}:00+08:00`);
  if (Number.isNaN(d.getTime())) return 'v.date';
  if (d.getTime() > Date.now() + 5 * 60_000) return 'v.future';
  return null;
}

function setMessage(f, result) {
  const [key, vars] = Array.isArray(result) ? result : [result, null];
  f.messageKey = key;
  f.messageVars = vars;
  f.wrap.classList.toggle('invalid', key !== null);
  f.error.textContent = key === null ? '' : key.startsWith('!') ? key.slice(1) : t(key, vars);
  if (key === null) f.control.removeAttribute('aria-invalid'); else f.control.setAttribute('aria-invalid', 'true');
}

function validateField(f, force = false) {
  if (!f.check || f.wrap.hidden) { setMessage(f, null); return true; }
  const result = f.check(valueOf(f.name));
  setMessage(f, force || touched.has(f.name) ? result : null);
  return result === null;
}

function validateAll() {
  let ok = true;
  for (const f of fields.values()) if (!validateField(f, true)) ok = false;
  return ok;
}

function fillSelect(name, options, emptyKey) {
  const f = fields.get(name);
  const current = f.control.value;
  replace(f.control, emptyKey ? h('option', { value: '' }, t(emptyKey)) : null,
    options.map((o) => h('option', { value: o.code }, label(o))));
  f.control.value = current || (emptyKey ? '' : options[0]?.code ?? '');
}

function fillRadios(name, options) {
  const f = fields.get(name);
  const current = valueOf(name) || options[0].code;
  replace(f.control, options.map((o) => h('label', h('input', { type: 'radio', name, value: o.code, checked: o.code === current }), label(o))));
}

const channelOptions = () => CHANNELS.map((c) => ({ code: c, ...ref.channels[c] }));
const kindOptions = () => KINDS.map((k) => ({ code: k, ...ref.kinds[k] }));
const districtOptions = () => ref.districts;

document.getElementById('sec-call').append(
  field({ name: 'channel', pointer: '/channel', type: 'select', label: 'f.channel', required: true, check: required }),
  field({ name: 'kind', pointer: '/kind', type: 'radios', label: 'f.kind', required: true, check: required, onChange: () => { updateAnonymous(); refreshDuplicates(); } }),
  field({ name: 'receivedAt', pointer: '/receivedAt', type: 'datetime-local', label: 'f.receivedAt', hint: 'hint.receivedAt', required: true, check: receivedAtCheck }),
);
document.getElementById('sec-consumer').append(
  field({ name: 'anonymous', pointer: '/anonymous', type: 'checkbox', label: 'f.anonymous', wide: true, onChange: updateAnonymous }),
  field({ name: 'consumer.name', pointer: '/consumer/name', label: 'f.name', required: true, max: 100, check: unlessAnonymous(all(required, maxLen(100))) }),
  field({ name: 'consumer.phone', pointer: '/consumer/phone', type: 'tel', inputmode: 'tel', label: 'f.phone', required: true, max: 20, check: unlessAnonymous(all(required, pattern(PHONE, 'v.phone'))), onChange: () => refreshDuplicates() }),
  field({ name: 'consumer.idNumber', pointer: '/consumer/idNumber', label: 'f.idNumber', hint: 'hint.idNumber', max: 20, check: unlessAnonymous(pattern(ID_NUMBER, 'v.idNumber')) }),
);
document.getElementById('sec-business').append(
  field({ name: 'business.name', pointer: '/business/name', label: 'f.businessName', required: true, max: 200, check: all(required, maxLen(200)), onChange: () => { refreshDuplicates(); refreshSuggestion(); } }),
  field({ name: 'business.address', pointer: '/business/address', label: 'f.address', max: 500, wide: true, check: maxLen(500), onChange: () => refreshSuggestion() }),
  field({ name: 'business.districtCode', pointer: '/business/districtCode', type: 'select', label: 'f.districtCode', hint: 'hint.districtCode', onChange: () => refreshSuggestion() }),
  field({ name: 'business.platform', pointer: '/business/platform', label: 'f.platform', hint: 'hint.platform', max: 100, check: maxLen(100), onChange: () => refreshSuggestion() }),
);
document.getElementById('sec-matter').append(
  field({ name: 'summary', pointer: '/summary', label: 'f.summary', required: true, max: 500, wide: true, check: all(required, maxLen(500)), onChange: () => refreshSuggestion() }),
  field({ name: 'narrative', pointer: '/narrative', type: 'textarea', label: 'f.narrative', required: true, max: 20000, wide: true, check: all(required, maxLen(20000)), onChange: () => refreshSuggestion() }),
  field({ name: 'category', pointer: '/category', type: 'select', label: 'f.category', hint: 'hint.category' }),
  field({ name: 'claimAmountYuan', pointer: '/claimAmountYuan', label: 'f.claim', hint: 'hint.claim', inputmode: 'decimal', max: 15, check: (v) => (String(v).trim() !== '' && !isYuanInput(String(v).trim()) ? 'v.money' : null) }),
);

function renderOptions() {
  fillSelect('channel', channelOptions());
  fillRadios('kind', kindOptions());
  fillSelect('business.districtCode', districtOptions(), 'byAddress');
  fillSelect('category', ref.categories, 'byRules');
}

function updateAnonymous() {
  const isReport = valueOf('kind') === 'report';
  fields.get('anonymous').wrap.hidden = !isReport;
  if (!isReport) fields.get('anonymous').control.checked = false;
  const anon = isAnonymous();
  for (const n of ['consumer.name', 'consumer.phone', 'consumer.idNumber']) {
    const f = fields.get(n);
    f.control.disabled = anon;
    validateField(f);
  }
}

// ------------------------------------------------------------------ suggestion (routing rules)

const suggestionBox = document.getElementById('suggestion');

async function loadSuggestion() {
  const body = {
    summary: trimmed('summary'), narrative: trimmed('narrative'), businessName: trimmed('business.name'),
    address: trimmed('business.address'), platform: trimmed('business.platform'), districtCode: valueOf('business.districtCode'),
  };
  if (!body.summary && !body.narrative && !body.businessName) { suggestion = null; renderSuggestion(); return; }
  try {
    suggestion = (await api('POST', '/api/v1/routing/suggest', body)).body;
  } catch {
    suggestion = null;
  }
  renderSuggestion();
}
const refreshSuggestion = debounce(loadSuggestion, 350);

function renderSuggestion() {
  if (!suggestion) { suggestionBox.hidden = true; replace(suggestionBox); return; }
  const s = suggestion;
  const chosen = valueOf('category');
  const matchedCategory = s.category.ruleId !== 'none';
  const d = s.district;
  const m = (d.matched ?? []).join('、');
  const adopt = h('button', {
    type: 'button', dataset: { testid: 'adopt-category' }, disabled: chosen === s.category.code,
    onClick: () => { fields.get('category').control.value = s.category.code; renderSuggestion(); },
  }, chosen === s.category.code ? t('suggest.adopted') : t('suggest.adopt'));
  replace(suggestionBox,
    h('div.notice.info',
      h('strong', t('suggest.title')),
      matchedCategory
        ? h('span', { dataset: { testid: 'suggested-category', code: s.category.code } },
          t('suggest.category', { name: label(s.category) }), '（', t('suggest.rule', { rule: s.category.ruleId }),
          s.category.matched.length ? `；${t('suggest.matched', { words: s.category.matched.join('、') })}` : '', '） ')
        : h('span', { dataset: { testid: 'suggested-category', code: '' } }, t('suggest.none'), ' '),
      matchedCategory ? adopt : null,
      h('div', { dataset: { testid: 'suggested-district', code: d.code } },
        t('suggest.district', { name: label(d) }), '，', t(`suggest.byRule.${d.ruleId}`, { m }))));
  suggestionBox.hidden = false;
}

// ------------------------------------------------------------------ recent duplicates

const dupBox = document.getElementById('duplicates');

async function loadDuplicates() {
  const phone = trimmed('consumer.phone');
  const businessName = trimmed('business.name');
  if (isAnonymous() || !PHONE.test(phone) || !businessName || valueOf('kind') === 'report') { duplicates = null; renderDuplicates(); return; }
  try {
    duplicates = (await api('POST', '/api/v1/intake/recent-duplicates', { phone, businessName })).body;
  } catch {
    duplicates = null;
  }
  renderDuplicates();
}
const refreshDuplicates = debounce(loadDuplicates, 400);

function renderDuplicates() {
  if (!duplicates || duplicates.matches.length === 0) { dupBox.hidden = true; replace(dupBox); return; }
  const n = duplicates.matches.length;
  replace(dupBox, h('div.notice.warn',
    h('strong', t('dup.title')),
    t('dup.text', { days: duplicates.windowDays, n }),
    h('ul', duplicates.matches.map((m) => h('li', { dataset: { testid: 'duplicate', caseNo: m.caseNo } }, t('dup.item', { caseNo: m.caseNo, date: m.receivedOn })))),
    h('div.muted', t('dup.advice'))));
  dupBox.hidden = false;
}

// ------------------------------------------------------------------ save

const formProblem = document.getElementById('form-problem');
const saveButton = document.getElementById('save');
const savedPanel = document.getElementById('saved');
let formProblemState = null;

function showFormProblem(state) {
  formProblemState = state;
  formProblem.hidden = state === null;
  if (state) formProblem.textContent = state.key ? t(state.key, state.vars) : state.text;
}

function recordFromForm() {
  const opt = (name) => (trimmed(name) === '' ? undefined : trimmed(name));
  const record = {
    sourceRef,
    channel: valueOf('channel'),
    kind: valueOf('kind'),
    receivedAt: `${valueOf('receivedAt')}:00+08:00`,
    business: {
      name: trimmed('business.name'),
      ...(opt('business.address') ? { address: opt('business.address') } : {}),
      ...(valueOf('business.districtCode') ? { districtCode: valueOf('business.districtCode') } : {}),
      ...(opt('business.platform') ? { platform: opt('business.platform') } : {}),
    },
    summary: trimmed('summary'),
    narrative: trimmed('narrative'),
    ...(valueOf('category') ? { category: valueOf('category') } : {}),
    ...(opt('claimAmountYuan') ? { claimAmountYuan: opt('claimAmountYuan') } : {}),
  };
  if (isAnonymous()) record.anonymous = true;
  else {
    record.consumer = { name: trimmed('consumer.name'), phone: trimmed('consumer.phone'), ...(opt('consumer.idNumber') ? { idNumber: opt('consumer.idNumber').toUpperCase() } : {}) };
  }
  return record;
}

/** Server problem `errors[].pointer` → the field showing it (the longest pointer prefix that is a field). */
function fieldForPointer(pointer) {
  const aliases = { '/consumer': '/consumer/name', '/business': '/business/name', '/': '/kind' };
  const p = aliases[pointer] ?? pointer;
  let best = null;
  for (const f of fields.values()) {
    if ((p === f.pointer || p.startsWith(`${f.pointer}/`)) && (!best || f.pointer.length > best.pointer.length)) best = f;
  }
  return best;
}

const RULE_KEYS = { required: 'v.required', minLength: 'v.required', maxLength: 'v.tooLong', format: 'v.date', const: 'v.anonymousReportOnly' };
const PATTERN_KEYS = { '/consumer/phone': 'v.phone', '/consumer/idNumber': 'v.idNumber', '/claimAmountYuan': 'v.money', '/receivedAt': 'v.date' };

function showServerErrors(errors) {
  let unplaced = [];
  for (const e of errors ?? []) {
    const f = fieldForPointer(e.pointer);
    if (!f) { unplaced.push(`${e.pointer}: ${e.message}`); continue; }
    const key = e.rule === 'pattern' ? PATTERN_KEYS[f.pointer] : RULE_KEYS[e.rule];
    setMessage(f, key ? (key === 'v.tooLong' ? [key, { max: f.max }] : key) : `!${e.message}`);
  }
  if (unplaced.length) showFormProblem({ key: 'v.server', vars: { message: unplaced.join('; ') } });
  else showFormProblem({ key: 'v.fix' });
  form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus();
}

async function waitForReceipt(path) {
  for (let i = 0; i < 30; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const { body } = await api('GET', path);
      if (body.cases?.length) return body.cases;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
  }
  return null;
}

let savedCases = null;
function renderSaved() {
  if (!savedCases) { savedPanel.hidden = true; return; }
  const list = savedCases.pending
    ? h('p.notice.info', t(savedCases.long ? 'pendingLong' : 'pending', { ref: savedCases.ref }))
    : h('p.notice.ok', h('strong', t('saved')),
      savedCases.cases.map((c, i) => [i ? '、' : '', h('span.mono', { dataset: { testid: 'case-no', caseId: c.caseId } }, c.caseNo), `（${label(ref.kinds[c.kind])}）`]));
  replace(savedPanel, list, h('div.actions', h('button.primary', { type: 'button', onClick: resetForm }, t('newRecord'))));
  savedPanel.hidden = false;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  showFormProblem(null);
  if (!validateAll()) { showFormProblem({ key: 'v.fix' }); form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus(); return; }
  saveButton.disabled = true;
  saveButton.textContent = t('saving');
  const record = recordFromForm();
  try {
    const { body } = await api('POST', '/api/v1/intake/12315', record);
    if (body.cases?.length) {
      savedCases = { cases: body.cases };
    } else {
      savedCases = { pending: true, ref: record.sourceRef };
      renderSaved();
      const cases = await waitForReceipt(body.receipt);
      savedCases = cases ? { cases } : { pending: true, long: true, ref: record.sourceRef };
    }
    renderSaved();
    form.hidden = true;
    savedPanel.scrollIntoView({ block: 'start' });
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.problem.errors) showServerErrors(err.problem.errors);
    else showFormProblem({ text: problemText(err) });
  } finally {
    saveButton.disabled = false;
    saveButton.textContent = t('save');
  }
});

function resetForm() {
  form.reset();
  touched.clear();
  sourceRef = newSourceRef();
  suggestion = null;
  duplicates = null;
  savedCases = null;
  renderOptions();
  fields.get('receivedAt').control.value = nowInShanghaiLocal();
  for (const f of fields.values()) setMessage(f, null);
  updateAnonymous();
  renderSuggestion();
  renderDuplicates();
  showFormProblem(null);
  renderSaved();
  form.hidden = false;
  fields.get('consumer.name').control.focus();
}
document.getElementById('clear-form').addEventListener('click', resetForm);

function renderAll() {
  applyStaticTexts();
  renderOptions();
  for (const f of fields.values()) if (f.messageKey) setMessage(f, f.messageKey.startsWith('!') ? f.messageKey : [f.messageKey, f.messageVars]);
  renderSuggestion();
  renderDuplicates();
  renderSaved();
  if (formProblemState) showFormProblem(formProblemState);
}
onLangChange(renderAll);
resetForm();
renderAll();
document.body.dataset.ready = 'true';

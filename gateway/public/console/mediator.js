/*
 * Mediators' console (also enforcement officers and supervisors): my cases and my district's
 * unclaimed cases, updated live over Socket.IO `/queues` (the server only says "something changed";
 * the lists are refetched from the API, which masks personal data); a case page with deadlines as
 * dates and working days left, the timeline, and the actions the case allows.
 */
import {
  ApiError, addTexts, api, applyStaticTexts, debounce, formatInstant, formatYuan, getLang, goToLogin, h, label, mountHeader,
  onLangChange, problemText, replace, requireUser, t,
} from '/console/common.js';
import { COMMAND_TEXTS } from '/console/commands.js';
import { fenToYuan, isYuanInput, yuanToFen } from '/console/lib/money.js';

addTexts(COMMAND_TEXTS);
addTexts({
  zh: {
    exportCases: '导出本辖区案件（Excel）', exportStats: '导出本辖区本年统计（Excel）',
    mine: '我的案件', districtQueue: '辖区待认领', districtQueueOf: '{name} · 待认领', allDistricts: '辖区',
    live: { on: '实时更新', off: '未连接（正在重连）' },
    col: { caseNo: '案件编号', kind: '类型', status: '状态', summary: '摘要 / 经营者', category: '类别', received: '受理日期', due: '办理时限', action: '' },
    empty: { mine: '暂无认领的案件。', district: '暂无待认领的案件。' },
    open: '办理', claim: '认领', back: '← 返回队列', unrouted: '待分派', nobody: '未认领',
    due: { left: '剩 {n} 个工作日', today: '今日到期', over: '已超期 {n} 个工作日', overDone: '已超期', met: '按时完成', paused: '（已中止）', provisional: '（节假日未公布，暂定）' },
    facts: {
      caseNo: '案件编号', kind: '类型', status: '状态', ruleSet: '适用规章', channel: '受理渠道', receivedAt: '受理时间', category: '类别',
      district: '管辖', assignee: '承办人', business: '经营者', address: '经营地址', platform: '电商平台', consumer: '消费者', claim: '诉求金额',
      summary: '诉求摘要', narrative: '来电内容', workOrder: '12345工单', linked: '关联案件', anonymous: '匿名举报', lead: '线索来源（调解中发现）', duplicates: '可能重复举报',
    },
    reveal: {
      button: '查看完整号码', title: '查看完整电话号码', reason: '查看理由', other: '其他理由（请填写）', confirm: '查看（记入审计日志）', cancel: '取消',
      reasons: { callback: '电话回访消费者', materials: '联系消费者补充材料', mediation: '联系当事人开展调解', result: '告知处理结果', other: '其他' },
      shown: '已记入审计日志', hide: '隐藏', needReason: '请写明查看理由（至少4个字）',
    },
    ruleSets: { 'SAMR-20': '《市场监督管理投诉举报处理暂行办法》（总局令第20号）', 'SAMR-121': '总局令第121号（2026年4月15日起施行）' },
    deadlines: '办理时限', timeline: '办理记录', actions: '办理', noActions: '当前状态下没有可办理的操作。', claimFirst: '认领后可办理此案件。',
    closed: '此案件已办结。',
    f: {
      note: '备注', reasonCode: '理由', explanation: '说明（告知当事人）', otherRoutes: '其他救济途径（每行一条）', council: '消委会名称',
      clock: '时限', pauseReason: '中止原因', targetKind: '移送对象', targetName: '接收单位名称', reason: '原因', approvedBy: '批准人',
      enforcementCaseNo: '立案编号', intoCaseId: '并入的案件ID', reply: '回复内容', agreement: '调解协议内容',
      refund: '退款（元）', compensation: '赔偿（元）', replacementValue: '换货价值（元）', total: '挽回经济损失合计',
      settledAmount: '自行和解金额（元，仅限第1项）', policeAuthority: '移送公安机关名称（涉嫌欺诈、敲诈勒索）', referredOn: '移送日期',
      facts: '线索内容（将作为举报登记，15个工作日内核查）', requestedDueOn: '申请延期至',  noticeMethod: '告知方式', withOffice: '争议对方单位', disputeOutcome: '处理结果', decidedBy: '决定机关（如共同上级部门）',
    },
    closedOwes: '此案件已办结，尚有未完成的时限事项。',
    required121: '第121号令要求说明理由并告知其他救济途径。',
    v: { required: '必填', money: '金额格式不正确，例如 350.00', tooLong: '内容过长' },
    confirm: '确认{action}', cancel: '取消', sending: '正在提交…', done: '已办理：{action}',
    conflict: '此案件已被他人更新（例如已被认领或已办理），您看到的是旧版本，操作未执行。请重新载入后再决定。',
    reload: '重新载入', updatedElsewhere: '此案件刚有新的变化。',
    pendingVerdict: '已提交，正在等待处理结果…', notFound: '找不到此案件，或您无权查看。',
    by: '（{who}）', yuanTotal: '挽回经济损失 {amount}',
  },
  en: {
    exportCases: "Export the district's cases (Excel)", exportStats: "Export the district's figures this year (Excel)",
    mine: 'My cases', districtQueue: 'Unclaimed in my district', districtQueueOf: '{name} · unclaimed', allDistricts: 'District',
    live: { on: 'Live', off: 'Disconnected (reconnecting)' },
    col: { caseNo: 'Case no.', kind: 'Type', status: 'Status', summary: 'Summary / business', category: 'Category', received: 'Received', due: 'Deadline', action: '' },
    empty: { mine: 'No cases claimed.', district: 'No unclaimed cases.' },
    open: 'Open', claim: 'Claim', back: '← Back to the queues', unrouted: 'Not routed yet', nobody: 'Unclaimed',
    due: { left: '{n} working day(s) left', today: 'Due today', over: '{n} working day(s) overdue', overDone: 'Late', met: 'Met', paused: ' (paused)', provisional: ' (holidays not yet published; provisional)' },
    facts: {
      caseNo: 'Case number', kind: 'Type', status: 'Status', ruleSet: 'Rule set', channel: 'Channel', receivedAt: 'Received at', category: 'Category',
      district: 'Jurisdiction', assignee: 'Handler', business: 'Business', address: 'Business address', platform: 'Platform', consumer: 'Consumer', claim: 'Amount claimed',
      summary: 'Summary', narrative: "Caller's account", workOrder: '12345 work order', linked: 'Linked cases', anonymous: 'Anonymous report', lead: 'Lead found while mediating', duplicates: 'Possible duplicate of',
    },
    ruleSets: { 'SAMR-20': 'SAMR Order No. 20 (2019)', 'SAMR-121': 'SAMR Order No. 121 (from 2026-04-15)' },
    deadlines: 'Deadlines', timeline: 'Timeline', actions: 'Actions', noActions: 'No action is possible in this status.', claimFirst: 'Claim the case to act on it.',
    closed: 'This case is closed.',
    f: {
      note: 'Note', reasonCode: 'Reason', explanation: 'Explanation (told to the parties)', otherRoutes: 'Other routes (one per line)', council: 'Consumer council',
      clock: 'Clock', pauseReason: 'Why', targetKind: 'Transfer to', targetName: 'Receiving office or agency', reason: 'Reason', approvedBy: 'Approved by',
      enforcementCaseNo: 'Enforcement case number', intoCaseId: 'Merge into case id', reply: 'Reply', agreement: 'What the parties agreed',
      refund: 'Refund (yuan)', compensation: 'Compensation (yuan)', replacementValue: 'Replacement value (yuan)', total: 'Money recovered, total',
      settledAmount: 'Amount settled privately (yuan, item 1 only)', policeAuthority: 'Police authority referred to (suspected fraud/extortion)', referredOn: 'Referred on',
      facts: 'What was found (registered as a report, verified within 15 working days)', requestedDueOn: 'New reply date asked for', noticeMethod: 'How the parties were told', withOffice: 'Other office in the dispute', disputeOutcome: 'Outcome', decidedBy: 'Decided by (e.g. the common superior bureau)',
    },
    closedOwes: 'This case is closed; a time limit is still running.',
    reveal: {
      button: 'Show full number', title: 'Show the full phone number', reason: 'Why', other: 'Other reason (write it)', confirm: 'Show (recorded in the audit trail)', cancel: 'Cancel',
      reasons: { callback: 'Call the consumer back', materials: 'Ask the consumer for documents', mediation: 'Contact the parties to mediate', result: 'Tell the outcome', other: 'Other' },
      shown: 'Recorded in the audit trail', hide: 'Hide', needReason: 'Give the reason (at least 4 characters)',
    },
    required121: 'Order No. 121 requires the reasons and the other routes open to the consumer.',
    v: { required: 'Required', money: 'Not an amount, e.g. 350.00', tooLong: 'Too long' },
    confirm: 'Confirm: {action}', cancel: 'Cancel', sending: 'Sending…', done: 'Done: {action}',
    conflict: 'Someone else has updated this case (claimed it or acted on it); you were looking at an older version and nothing was done. Reload it, then decide.',
    reload: 'Reload', updatedElsewhere: 'This case has just changed.',
    pendingVerdict: 'Sent; waiting for the result…', notFound: 'No such case, or you may not see it.',
    by: ' ({who})', yuanTotal: 'Money recovered {amount}',
  },
});

const user = await requireUser(['mediator', 'enforcement', 'supervisor', 'admin']);
mountHeader(document.getElementById('header'), { consoleKey: 'mediator', user });
const ref = (await api('GET', '/api/v1/reference')).body;
const districtName = (code) => label(ref.districts.find((d) => d.code === code), code ?? '');
const categoryName = (code) => label(ref.categories.find((c) => c.code === code), code ?? '');
const reasonName = (list, code) => label(list.find((r) => r.code === code), code);
const overrides = ['supervisor', 'admin'].includes(user.role);

const state = {
  mine: null,
  district: null,
  /** Districts this console watches: a mediator's own, or the one a supervisor picks. */
  watched: user.districts?.length ? [...user.districts] : [ref.districts.find((d) => d.kind === 'county')?.code ?? ref.districts[0].code],
  connected: false,
  caseId: null,
  case: null,
  history: null,
  notice: null,
  openForm: null,
  busy: false,
  staleCase: false,
  /** Case numbers this page has listed, and the case ids it was told about (for the browser test; nothing personal). */
  seen: [],
  changes: [],
};
window.__console = state; // read by the browser test

// ------------------------------------------------------------------ shared rendering helpers

/** The deadline to show first: the nearest one still open. */
function nearestOpen(deadlines) {
  return Object.entries(deadlines ?? {})
    .filter(([, d]) => d.state !== 'met' && !(d.state === 'missed' && d.workingDaysLeft === null))
    .sort(([, a], [, b]) => a.due.localeCompare(b.due))[0];
}

function dueCell(name, d, withLabel = true) {
  if (!d) return h('span.muted', '—');
  let text;
  let cls;
  if (d.state === 'met') { text = t('due.met'); cls = 'done'; }
  else if (d.workingDaysLeft === null) { text = t('due.overDone'); cls = 'missed'; }
  else if (d.workingDaysLeft < 0) { text = t('due.over', { n: -d.workingDaysLeft }); cls = 'missed'; }
  else if (d.workingDaysLeft === 0) { text = t('due.today'); cls = d.missed ? 'missed' : 'warned'; }
  else { text = t('due.left', { n: d.workingDaysLeft }); cls = d.missed ? 'missed' : d.warned ? 'warned' : 'ok'; }
  const suffix = d.state === 'paused' ? t('due.paused') : d.state === 'provisional' ? t('due.provisional') : '';
  return h('span.due', { class: cls, dataset: { testid: `due-${name}`, state: d.state, left: d.workingDaysLeft ?? '' } },
    withLabel ? h('span.clock', label(ref.clocks[name], name)) : null, d.due, ' · ', text, suffix);
}

const statusBadge = (status) => h('span.badge', { dataset: { testid: 'status', status } }, label(ref.statuses[status], status));

// ------------------------------------------------------------------ queues

function queueTable(items, which) {
  if (items === null) return h('p.empty', t('loading'));
  if (items.length === 0) return h('p.empty', t(`empty.${which}`));
  return h('table',
    h('thead', h('tr', ['caseNo', 'summary', 'status', 'due', 'action'].map((c) => h('th', { class: `col-${c}` }, t(`col.${c}`))))),
    h('tbody', items.map((c) => {
      const next = nearestOpen(c.deadlines);
      return h('tr.row', { dataset: { testid: 'queue-row', caseNo: c.caseNo, caseId: c.caseId } },
        h('td', h('a.mono', { href: `#/case/${encodeURIComponent(c.caseId)}` }, c.caseNo), h('div.muted', label(ref.kinds[c.kind], c.kind))),
        h('td', h('div', c.summary), h('div.muted', c.businessName, ' · ', c.category ? categoryName(c.category) : t('unrouted'), state.watched.length > 1 ? ` · ${districtName(c.district)}` : '')),
        h('td', statusBadge(c.status), h('div.muted', formatInstant(c.receivedAt).slice(0, 10))),
        h('td', next ? dueCell(next[0], next[1]) : h('span.muted', '—')),
        h('td', which === 'district'
          ? h('button', { type: 'button', dataset: { command: 'ClaimCase' }, onClick: (e) => { e.stopPropagation(); claimFromList(c); } }, t('claim'))
          : h('button', { type: 'button', onClick: () => openCase(c.caseId) }, t('open'))));
    })));
}

function renderQueues() {
  replace(document.getElementById('queue-mine'), queueTable(state.mine, 'mine'));
  replace(document.getElementById('queue-district'), queueTable(state.district, 'district'));
  document.getElementById('district-title').textContent = state.watched.length === 1
    ? t('districtQueueOf', { name: districtName(state.watched[0]) }) : t('districtQueue');
  const live = document.getElementById('live');
  live.className = `live ${state.connected ? 'on' : ''}`;
  live.dataset.state = state.connected ? 'on' : 'off';
  document.getElementById('live-text').textContent = t(state.connected ? 'live.on' : 'live.off');
  renderDistrictPicker();
}

function renderDistrictPicker() {
  const box = document.getElementById('district-picker');
  if (!overrides) { replace(box, h('span.muted', user.districts.map(districtName).join('、'))); return; }
  const select = h('select', {
    id: 'district-select', dataset: { testid: 'district-select' },
    onChange: (e) => { state.watched = [e.target.value]; socket?.emit('watch', { districts: state.watched }); refreshLists(); },
  }, ref.districts.map((d) => h('option', { value: d.code, selected: state.watched[0] === d.code }, label(d))));
  // Supervisors report upward: the district's cases (masked, as listed) and this year's figures as workbooks.
  const district = encodeURIComponent(state.watched[0]);
  const year = new Date().getFullYear();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const exports = h('span.inline',
    h('a.button', { href: `/api/v1/cases/export?district=${district}&lang=${getLang()}`, download: '', dataset: { testid: 'export-cases' } }, t('exportCases')),
    h('a.button', { href: `/api/v1/stats/export?district=${district}&from=${year}-01-01&to=${today}&lang=${getLang()}`, download: '', dataset: { testid: 'export-stats' } }, t('exportStats')));
  replace(box, h('label', { for: 'district-select' }, t('allDistricts')), select, exports);
}

let listGeneration = 0;
async function refreshLists() {
  const generation = ++listGeneration;
  try {
    const [mine, ...districts] = await Promise.all([
      api('GET', '/api/v1/queues/mine'),
      ...state.watched.map((d) => api('GET', `/api/v1/queues/districts/${encodeURIComponent(d)}`)),
    ]);
    if (generation !== listGeneration) return;
    state.mine = mine.body.items;
    state.district = districts.flatMap((r) => r.body.items)
      .sort((a, b) => (a.nextDueDate ?? '9999').localeCompare(b.nextDueDate ?? '9999') || a.receivedAt.localeCompare(b.receivedAt));
    for (const c of [...state.mine, ...state.district]) if (!state.seen.includes(c.caseNo)) state.seen.push(c.caseNo);
    showPageProblem(null);
  } catch (err) {
    if (generation === listGeneration) showPageProblem(problemText(err));
  }
  renderQueues();
}
const scheduleRefresh = debounce(refreshLists, 200);

async function claimFromList(c) {
  try {
    await sendCommand(c.caseId, 'ClaimCase', c.version, {});
    await refreshLists();
  } catch (err) {
    showPageProblem(err instanceof ApiError && err.status === 409 ? t('conflict') : problemText(err));
    await refreshLists();
  }
}

function showPageProblem(text) {
  const el = document.getElementById('page-problem');
  el.hidden = !text;
  el.textContent = text ?? '';
}

// ------------------------------------------------------------------ commands

/** Sends a command; waits (bounded) for a verdict the API could not give at once. Throws ApiError on refusal. */
async function sendCommand(caseId, type, expectedVersion, payload) {
  const res = await api('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/commands`, { type, expectedVersion, ...payload });
  if (res.status !== 202) return res.body;
  for (let i = 0; i < 20; i += 1) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      return (await api('GET', `/api/v1/commands/${encodeURIComponent(res.body.commandId)}`)).body;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
  }
  throw new ApiError(503, { detail: t('pendingVerdict') });
}

// ------------------------------------------------------------------ the case page

/**
 * The commands this page offers (with a form, or none needed), in the order shown: the step
 * forward first, refusals and endings after, letting go last. The API says which apply now.
 */
const PAGE_COMMANDS = [
  'ClaimCase', 'AcceptComplaint', 'StartMediation', 'RecordMediationSuccess', 'StartVerification', 'OpenEnforcementCase',
  'AcknowledgeOrder', 'ReplyOrder', 'RequestOrderExtension', 'NotifyTermination', 'DelegateToCouncil', 'ExtendVerification', 'PauseClock', 'ResumeClock',
  'RecordLead', 'RaiseJurisdictionDispute', 'SettleJurisdictionDispute', 'TransferCase', 'MergeDuplicateReport', 'RefuseComplaint', 'TerminateMediation', 'DeclineEnforcementCase', 'ReturnOrder', 'WithdrawComplaint',
  'ReleaseCase',
];

/** Action forms: fields per command (names are paths in the payload). */
/** The grounds the case's rule set has, each with its item number there (Order 20 and Order 121 number them differently). */
function grounds(list, ruleSet) {
  return list.filter((r) => r.ruleSets.includes(ruleSet)).map((r) => {
    const n = r.items[ruleSet];
    return n == null ? r : { ...r, zh: `第${n}项 ${r.zh}`, en: `Item ${n}: ${r.en}` };
  });
}

function formFor(type, c) {
  const note = { name: 'note', kind: 'textarea', label: 'f.note', max: 2000 };
  const ruleSet121 = c.ruleSet === 'SAMR-121';
  const money = (name) => ({ name: `${name}.amountYuan`, kind: 'money', label: `f.${name}` });
  switch (type) {
    case 'ClaimCase': case 'AcknowledgeOrder': return [];
    case 'ReleaseCase': case 'AcceptComplaint': case 'StartMediation': case 'WithdrawComplaint': case 'StartVerification': return [note];
    case 'RefuseComplaint': return [
      { name: 'reasonCode', kind: 'select', label: 'f.reasonCode', required: true, options: grounds(ref.notAcceptedReasons, c.ruleSet) },
      { name: 'explanation', kind: 'textarea', label: 'f.explanation', required: ruleSet121, max: 4000 },
      { name: 'otherRoutes', kind: 'lines', label: 'f.otherRoutes', required: ruleSet121, max: 500 },
    ];
    case 'TerminateMediation': return [
      { name: 'reasonCode', kind: 'select', label: 'f.reasonCode', required: true, options: grounds(ref.mediationTerminatedReasons, c.ruleSet) },
      { name: 'explanation', kind: 'textarea', label: 'f.explanation', max: 4000 },
      // Item 1 (settled privately) may record the amount; item 6 under Order 121 records the referral to the police.
      money('settledAmount'),
      ...(ruleSet121 ? [
        { name: 'policeReferral.authority', kind: 'text', label: 'f.policeAuthority', max: 200 },
        { name: 'policeReferral.referredOn', kind: 'date', label: 'f.referredOn' },
      ] : []),
    ];
    case 'DeclineEnforcementCase': return [
      { name: 'reason', kind: 'select', label: 'f.reasonCode', required: true, options: grounds(ref.declineReasons, c.ruleSet) },
      { name: 'explanation', kind: 'textarea', label: 'f.explanation', required: true, max: 4000 },
    ];
    case 'RecordMediationSuccess': return [money('refund'), money('compensation'), money('replacementValue'),
      { name: 'agreement', kind: 'textarea', label: 'f.agreement', max: 4000 }];
    case 'DelegateToCouncil': return [{ name: 'council', kind: 'text', label: 'f.council', required: true, max: 200 }, note];
    case 'PauseClock': return [
      { name: 'clock', kind: 'hidden', value: c.kind === 'report' ? 'verification' : 'mediation' },
      { name: 'reason', kind: 'select', label: 'f.pauseReason', required: true, options: ref.pauseReasons }, note];
    case 'ResumeClock': return [{ name: 'clock', kind: 'hidden', value: c.kind === 'report' ? 'verification' : 'mediation' }];
    case 'TransferCase': return [
      { name: 'target.kind', kind: 'select', label: 'f.targetKind', required: true, options: ref.transferTargets },
      { name: 'target.name', kind: 'text', label: 'f.targetName', required: true, max: 200 },
      { name: 'reason', kind: 'textarea', label: 'f.reason', required: true, max: 2000 }];
    // The approver is the supervisor giving the command (the workflow refuses anyone else).
    case 'ExtendVerification': return [
      { name: 'approvedBy', kind: 'hidden', value: user.id },
      { name: 'reason', kind: 'textarea', label: 'f.reason', required: true, max: 2000 }];
    case 'OpenEnforcementCase': return [{ name: 'enforcementCaseNo', kind: 'text', label: 'f.enforcementCaseNo', max: 64 }, note];
    // The reports flagged at intake are offered first; another case id can still be typed.
    case 'MergeDuplicateReport': return [c.possibleDuplicates?.length
      ? { name: 'intoCaseId', kind: 'select', label: 'f.intoCaseId', required: true, options: c.possibleDuplicates.map((d) => ({ code: d.caseId, zh: `${d.caseNo}（${d.receivedOn}）`, en: `${d.caseNo} (${d.receivedOn})` })) }
      : { name: 'intoCaseId', kind: 'text', label: 'f.intoCaseId', required: true, max: 64 }, note];
    case 'ReplyOrder': return [{ name: 'reply', kind: 'textarea', label: 'f.reply', required: true, max: 8000 }];
    case 'ReturnOrder': return [{ name: 'reason', kind: 'textarea', label: 'f.reason', required: true, max: 2000 }];
    case 'RequestOrderExtension': return [
      { name: 'requestedDueOn', kind: 'date', label: 'f.requestedDueOn', required: true },
      { name: 'reason', kind: 'textarea', label: 'f.reason', required: true, max: 2000 }];
    case 'RecordLead': return [{ name: 'facts', kind: 'textarea', label: 'f.facts', required: true, max: 4000 }, note];
    case 'NotifyTermination': return [{ name: 'method', kind: 'select', label: 'f.noticeMethod', required: true, options: ref.noticeMethods }, note];
    case 'RaiseJurisdictionDispute': return [{ name: 'withOffice', kind: 'text', label: 'f.withOffice', required: true, max: 200 }, note];
    case 'SettleJurisdictionDispute': return [
      { name: 'outcome', kind: 'select', label: 'f.disputeOutcome', required: true, options: ref.disputeOutcomes },
      { name: 'decidedBy', kind: 'text', label: 'f.decidedBy', max: 200 }, note];
    default: return [];
  }
}

/** Yuan string → integer fen (BigInt), exact; null when not an amount a person may enter. */
const fenOf = (s) => (isYuanInput(s) ? yuanToFen(s) : null);

function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = o[p] ??= {};
  o[parts.at(-1)] = value;
}

function actionForm(type, c) {
  const specs = formFor(type, c);
  const controls = new Map();
  const totalEl = h('div.total', { dataset: { testid: 'recovered-total' } });
  const problem = h('div');
  const updateTotal = () => {
    if (type !== 'RecordMediationSuccess') return;
    let fen = 0n;
    for (const s of specs.filter((x) => x.kind === 'money')) {
      const v = controls.get(s.name).input.value.trim();
      fen += v === '' ? 0n : fenOf(v) ?? 0n;
    }
    totalEl.textContent = `${t('f.total')}：${formatYuan(fenToYuan(fen))}`;
  };
  const check = (s, v) => {
    if (s.kind === 'hidden') return null;
    if (s.required && String(v).trim() === '') return t('v.required');
    if (s.kind === 'money' && v.trim() !== '' && fenOf(v.trim()) === null) return t('v.money');
    if (s.max && s.kind !== 'lines' && [...v].length > s.max) return t('v.tooLong');
    return null;
  };
  const fieldsEl = specs.map((s) => {
    if (s.kind === 'hidden') { controls.set(s.name, { spec: s, input: { value: s.value } }); return null; }
    const id = `a-${type}-${s.name.replace(/\W/g, '-')}`;
    const input = s.kind === 'select'
      ? h('select', { id, name: s.name }, h('option', { value: '' }, '—'), s.options.map((o) => h('option', { value: o.code }, label(o))))
      : s.kind === 'textarea' || s.kind === 'lines'
        ? h('textarea', { id, name: s.name })
        : h('input', { id, name: s.name, type: s.kind === 'date' ? 'date' : undefined, inputmode: s.kind === 'money' ? 'decimal' : undefined, placeholder: s.kind === 'money' ? '0.00' : undefined });
    const error = h('div.error');
    const wrap = h('div.field', { class: s.kind === 'textarea' || s.kind === 'lines' ? 'wide' : '' },
      h('label', { for: id, class: s.required ? 'req' : '' }, t(s.label)), input, error);
    const onInput = () => { const m = check(s, input.value); error.textContent = m ?? ''; wrap.classList.toggle('invalid', !!m); updateTotal(); };
    input.addEventListener('input', onInput);
    input.addEventListener('change', onInput);
    controls.set(s.name, { spec: s, input, error, wrap });
    return wrap;
  });
  const submit = h('button.primary', { type: 'submit', dataset: { testid: 'confirm' } }, t('confirm', { action: t(`cmd.${type}`) }));
  const formEl = h('form.form-card', { novalidate: true, dataset: { testid: `form-${type}` } },
    h('h3', t(`cmd.${type}`)),
    type === 'RefuseComplaint' && c.ruleSet === 'SAMR-121' ? h('p.muted', t('required121')) : null,
    h('div.grid', fieldsEl),
    type === 'RecordMediationSuccess' ? totalEl : null,
    problem,
    h('div.actions', submit, h('button', { type: 'button', onClick: () => { state.openForm = null; renderCase(); } }, t('cancel'))));
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    let ok = true;
    const payload = {};
    for (const [name, { spec, input, error, wrap }] of controls) {
      const v = String(input.value ?? '');
      const m = check(spec, v);
      if (error) { error.textContent = m ?? ''; wrap.classList.toggle('invalid', !!m); }
      if (m) { ok = false; continue; }
      if (v.trim() === '') continue;
      if (spec.kind === 'lines') setPath(payload, name, v.split('\n').map((l) => l.trim()).filter(Boolean));
      else setPath(payload, name, spec.kind === 'money' ? fenToYuan(fenOf(v.trim())) : v.trim());
    }
    if (!ok) return;
    submit.disabled = true;
    submit.textContent = t('sending');
    try {
      await sendCommand(c.caseId, type, c.version, payload);
      state.openForm = null;
      state.notice = { kind: 'ok', text: () => t('done', { action: t(`cmd.${type}`) }) };
      await loadCase(c.caseId);
    } catch (err) {
      submit.disabled = false;
      submit.textContent = t('confirm', { action: t(`cmd.${type}`) });
      if (err instanceof ApiError && err.status === 409) {
        state.notice = { kind: 'conflict' };
        renderNotice();
        return;
      }
      if (err instanceof ApiError && err.status === 400 && err.problem.errors) {
        for (const e2 of err.problem.errors) {
          const name = e2.pointer.replace(/^\//, '').replace(/\//g, '.');
          const ctl = [...controls.entries()].find(([n]) => name === n || name.startsWith(`${n}.`) || n.startsWith(`${name}.`))?.[1];
          if (ctl?.error) { ctl.error.textContent = e2.message; ctl.wrap.classList.add('invalid'); }
        }
      }
      replace(problem, h('p.notice.bad', { dataset: { testid: 'action-problem' } }, problemText(err)));
    }
  });
  updateTotal();
  return formEl;
}

async function runImmediate(type, c) {
  state.busy = true;
  renderCase();
  try {
    await sendCommand(c.caseId, type, c.version, {});
    state.notice = { kind: 'ok', text: () => t('done', { action: t(`cmd.${type}`) }) };
  } catch (err) {
    state.notice = err instanceof ApiError && err.status === 409 ? { kind: 'conflict' } : { kind: 'bad', text: () => problemText(err) };
  }
  state.busy = false;
  await loadCase(c.caseId, { keepNotice: true });
}

function eventDetail(e) {
  const d = e.data ?? {};
  const parts = [];
  switch (e.type) {
    case 'CaseRegistered': parts.push(`${d.caseNo} · ${label(ref.channels[d.channel], d.channel)}`); break;
    case 'CaseRouted': parts.push(`${categoryName(d.category)} · ${districtName(d.district)}`); break;
    case 'CaseClaimed': case 'CaseReleased': parts.push(d.userId); break;
    case 'CaseReassigned': parts.push(`${d.fromUserId ?? '—'} → ${d.toUserId}`); break;
    case 'ComplaintRefused': parts.push(reasonName(ref.notAcceptedReasons, d.reasonCode)); break;
    case 'MediationTerminated':
      parts.push(reasonName(ref.mediationTerminatedReasons, d.reasonCode));
      if (d.settled) parts.push(`${t('f.settledAmount')} ¥${d.settled.amountYuan}`);
      if (d.policeReferral) parts.push(`${t('f.policeAuthority')}: ${d.policeReferral.authority} · ${d.policeReferral.referredOn}`);
      break;
    case 'EnforcementCaseDeclined': parts.push(reasonName(ref.declineReasons, d.reason)); break;
    case 'MediationSucceeded': parts.push(t('yuanTotal', { amount: formatYuan(d.recovered.totalYuan) })); break;
    case 'ClockPaused': parts.push(`${label(ref.clocks[d.clock], d.clock)} · ${reasonName(ref.pauseReasons, d.reason)}`); break;
    case 'ClockResumed': case 'DeadlineWarned': case 'DeadlineMissed': parts.push(label(ref.clocks[d.clock], d.clock)); break;
    case 'CaseTransferred': parts.push(`${d.target.name} · ${d.reason}`); break;
    case 'DelegatedToCouncil': parts.push(d.council); break;
    case 'LeadFound': parts.push(d.facts); break;
    case 'OrderExtensionRequested': parts.push(`→ ${d.requestedDueOn} · ${d.reason}`); break;
    case 'OrderExtensionDecided': parts.push(d.approved ? `✓ → ${d.newDueOn}` : `✗ ${d.note ?? ''}`); break;
    case 'OrderReplyReviewed': parts.push(d.accepted ? '✓' : `✗ ${d.reason ?? ''}`); break;
    case 'TerminationNotified': parts.push(reasonName(ref.noticeMethods, d.method)); break;
    case 'JurisdictionDisputeRaised': parts.push(d.withOffice); break;
    case 'JurisdictionDisputeSettled': parts.push([reasonName(ref.disputeOutcomes, d.outcome), d.decidedBy].filter(Boolean).join(' · ')); break;
    case 'EnforcementCaseOpened': if (d.enforcementCaseNo) parts.push(d.enforcementCaseNo); break;
    case 'ReportMerged': parts.push(d.intoCaseId); break;
    default: break;
  }
  for (const k of ['explanation', 'note', 'agreement', 'reply']) if (typeof d[k] === 'string' && d[k]) parts.push(d[k]);
  return parts.join(' · ');
}

function noticeEl() {
  const n = state.notice;
  if (state.staleCase && !n) {
    return h('div.notice.info.conflict', t('updatedElsewhere'), h('button', { type: 'button', onClick: () => loadCase(state.caseId) }, t('reload')));
  }
  if (!n) return null;
  if (n.kind === 'conflict') {
    return h('div.notice.warn.conflict', { dataset: { testid: 'conflict' }, role: 'alert' },
      h('span', t('conflict')), h('button.primary', { type: 'button', dataset: { testid: 'reload' }, onClick: () => { state.notice = null; state.openForm = null; loadCase(state.caseId); } }, t('reload')));
  }
  return h(`div.notice.${n.kind}`, { dataset: { testid: 'case-notice' }, role: 'status' }, n.text());
}

/** Only the notice: keeps what the user typed in an open form. */
function renderNotice() {
  const slot = document.getElementById('case-notice-slot');
  if (slot) replace(slot, noticeEl()); else renderCase();
}

/**
 * The consumer's phone: masked, with "show full number" for the case's assignee and supervisors;
 * the full number (POST /reveal, with a reason: audited and limited) stays on this page only, out
 * of `window.__console`, and is hidden again after two minutes or on leaving the case.
 */
const revealed = { caseId: null, value: null, timer: null, open: false };
const REVEAL_REASONS = ['callback', 'materials', 'mediation', 'result', 'other'];
function hideRevealed() { clearTimeout(revealed.timer); Object.assign(revealed, { caseId: null, value: null, timer: null, open: false }); }
function phoneCell(c) {
  const mayReveal = c.assignee === user.id || user.role === 'supervisor';
  const slot = h('span', { dataset: { testid: 'phone' } });
  const render = () => {
    if (revealed.caseId === c.caseId && revealed.value) {
      replace(slot, h('span.revealed', { dataset: { testid: 'phone-full' } }, revealed.value), ' ', h('span.muted', `（${t('reveal.shown')}）`),
        h('button.reveal', { type: 'button', onClick: () => { hideRevealed(); render(); } }, t('reveal.hide')));
      return;
    }
    if (!mayReveal) { replace(slot, c.consumer.phone); return; }
    if (!(revealed.open && revealed.caseId === c.caseId)) {
      replace(slot, c.consumer.phone, h('button.reveal', { type: 'button', dataset: { testid: 'reveal' }, onClick: () => { hideRevealed(); Object.assign(revealed, { caseId: c.caseId, open: true }); render(); } }, t('reveal.button')));
      return;
    }
    const select = h('select', { name: 'revealReason', dataset: { testid: 'reveal-reason' } }, REVEAL_REASONS.map((r) => h('option', { value: r }, t(`reveal.reasons.${r}`))));
    const other = h('input', { type: 'text', name: 'revealOther', maxlength: '200', placeholder: t('reveal.other'), hidden: true });
    const error = h('span.error');
    select.addEventListener('change', () => { other.hidden = select.value !== 'other'; });
    const send = async () => {
      const reason = select.value === 'other' ? other.value.trim() : t(`reveal.reasons.${select.value}`);
      if (reason.length < 4) { error.textContent = t('reveal.needReason'); return; }
      try {
        const { body } = await api('POST', `/api/v1/cases/${encodeURIComponent(c.caseId)}/reveal`, { field: 'phone', reason });
        Object.assign(revealed, { caseId: c.caseId, value: body.value, open: false });
        revealed.timer = setTimeout(() => { hideRevealed(); render(); }, 120_000);
      } catch (err) {
        error.textContent = problemText(err);
        return;
      }
      render();
    };
    replace(slot, c.consumer.phone, h('div.reveal-form', { dataset: { testid: 'reveal-form' } },
      h('label', t('reveal.reason')), select, other, error,
      h('div.inline', h('button.primary', { type: 'button', dataset: { testid: 'reveal-confirm' }, onClick: send }, t('reveal.confirm')),
        h('button', { type: 'button', onClick: () => { hideRevealed(); render(); } }, t('reveal.cancel')))));
  };
  render();
  return slot;
}

function renderCase() {
  const view = document.getElementById('case-view');
  const c = state.case;
  if (!c) { replace(view, h('button.back', { type: 'button', onClick: () => { window.location.hash = ''; } }, t('back')), h('p', state.notice?.text?.() ?? t('loading'))); return; }
  const fact = (key, ...value) => [h('dt', t(`facts.${key}`)), h('dd', { dataset: { testid: `fact-${key}` } }, ...value)];
  const b = c.business ?? {};
  const facts = h('dl.facts',
    fact('kind', label(ref.kinds[c.kind], c.kind)),
    fact('status', statusBadge(c.status)),
    fact('receivedAt', formatInstant(c.receivedAt)),
    fact('channel', label(ref.channels[c.channel], c.channel)),
    fact('ruleSet', t(`ruleSets.${c.ruleSet}`)),
    fact('category', c.category ? categoryName(c.category) : t('unrouted')),
    fact('district', c.district ? districtName(c.district) : t('unrouted')),
    fact('assignee', c.assignee ?? t('nobody')),
    fact('business', b.name ?? ''),
    b.address ? fact('address', b.address) : null,
    b.platform ? fact('platform', b.platform) : null,
    c.consumer ? fact('consumer', `${c.consumer.name} `, phoneCell(c)) : c.anonymous ? fact('anonymous', '✓') : null,
    c.claimAmountYuan ? fact('claim', formatYuan(c.claimAmountYuan)) : null,
    c.workOrder ? fact('workOrder', c.workOrder.orderNo) : null,
    c.possibleDuplicates?.length ? fact('duplicates', ...c.possibleDuplicates.flatMap((d, i) => [i > 0 ? '，' : null,
      h('a.mono', { href: `#/case/${encodeURIComponent(d.caseId)}` }, d.caseNo), ` (${d.receivedOn})`])) : null,
    c.lead ? fact('lead', h('a.mono', { href: `#/case/${encodeURIComponent(c.lead.fromCaseId)}` }, c.lead.fromCaseNo), ' · ', formatInstant(c.lead.discoveredAt)) : null,
    fact('summary', c.summary));
  const deadlines = Object.entries(c.deadlines ?? {});
  // What the case accepts now and this user may do (the API, from the workflow's transition table),
  // of the commands this page has a form for (reassigning and the 12345 callback are done elsewhere).
  const actions = PAGE_COMMANDS.filter((type) => (c.actions ?? []).includes(type));
  const actionButtons = actions.map((type) => h('button', {
    type: 'button', dataset: { command: type }, disabled: state.busy,
    class: ['RefuseComplaint', 'TerminateMediation', 'DeclineEnforcementCase', 'ReturnOrder'].includes(type) ? 'danger' : type === actions[0] && type !== 'ReleaseCase' ? 'primary' : '',
    onClick: () => {
      state.notice = null;
      if (formFor(type, c).length === 0) { runImmediate(type, c); return; }
      state.openForm = type;
      renderCase();
    },
  }, t(`cmd.${type}`)));
  const events = state.history?.events ?? [];
  replace(view,
    h('button.back', { type: 'button', dataset: { testid: 'back' }, onClick: () => { window.location.hash = ''; } }, t('back')),
    h('div.panel',
      h('div.case-head', h('h2.mono', { dataset: { testid: 'case-no' } }, c.caseNo), statusBadge(c.status), h('span.muted', `v${c.version}`)),
      h('div', { id: 'case-notice-slot' }, noticeEl()),
      h('div.columns',
        h('div', facts, h('h3', t('facts.narrative')), h('div.narrative', { dataset: { testid: 'narrative' } }, c.narrative)),
        h('div',
          h('h3', t('deadlines')),
          deadlines.length ? h('ul', deadlines.map(([name, d]) => h('li', dueCell(name, d)))) : h('p.muted', '—'),
          h('h3', t('actions')),
          c.status === 'closed' && actions.length === 0 ? h('p.muted', t('closed'))
            : h('div', { dataset: { testid: 'actions' } },
              c.status === 'closed' ? h('p.muted', t('closedOwes')) : null,
              actions.length ? h('div.actions', actionButtons) : h('p.muted', t('noActions')),
              !c.assignee || c.assignee === user.id || overrides ? null : h('p.muted', t('claimFirst')),
              state.openForm && actions.includes(state.openForm) ? actionForm(state.openForm, c) : null)))),
    h('div.panel',
      h('h2', t('timeline')),
      h('ol.timeline', { dataset: { testid: 'timeline' } }, events.map((e) => h('li', { dataset: { type: e.type } },
        h('span.when', formatInstant(e.occurredAt)),
        h('span.what', label(ref.events[e.type], e.type)),
        h('span.muted', t('by', { who: e.actor?.id ?? '' })),
        eventDetail(e) ? h('div.detail', eventDetail(e)) : null)))));
}

async function loadCase(caseId, opts = {}) {
  if (revealed.caseId && revealed.caseId !== caseId) hideRevealed();
  if (!opts.keepNotice && state.notice?.kind === 'conflict') state.notice = null;
  try {
    const [c, history] = await Promise.all([
      api('GET', `/api/v1/cases/${encodeURIComponent(caseId)}`),
      api('GET', `/api/v1/cases/${encodeURIComponent(caseId)}/history`),
    ]);
    if (state.caseId !== caseId) return;
    state.case = c.body;
    state.history = history.body;
    state.staleCase = false;
  } catch (err) {
    state.case = null;
    state.notice = { kind: 'bad', text: () => (err instanceof ApiError && err.status === 404 ? t('notFound') : problemText(err)) };
  }
  renderCase();
}

function openCase(caseId) { window.location.hash = `#/case/${encodeURIComponent(caseId)}`; }

function route() {
  const m = /^#\/case\/(.+)$/.exec(window.location.hash);
  const caseId = m ? decodeURIComponent(m[1]) : null;
  document.getElementById('queues-view').hidden = caseId !== null;
  document.getElementById('case-view').hidden = caseId === null;
  if (caseId !== state.caseId) {
    state.caseId = caseId;
    state.case = null;
    state.history = null;
    state.notice = null;
    state.openForm = null;
    state.staleCase = false;
  }
  if (caseId) { renderCase(); loadCase(caseId); } else refreshLists();
}
window.addEventListener('hashchange', route);

// ------------------------------------------------------------------ live updates

let socket = null;
function connect() {
  if (typeof window.io !== 'function') return;
  socket = window.io('/queues', { transports: ['websocket', 'polling'], withCredentials: true });
  socket.on('connect', () => {
    state.connected = true;
    if (overrides) socket.emit('watch', { districts: state.watched });
    refreshLists();
  });
  socket.on('disconnect', (reason) => {
    state.connected = false;
    renderQueues();
    // The server closed it (logout elsewhere, account disabled, password changed): the handshake
    // decides again, and an ended session goes to the login page (connect_error below).
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err) => {
    state.connected = false;
    renderQueues();
    // The session ended: log in again and come back (socket.io stops retrying after a middleware refusal).
    if (err?.message === 'unauthorized') goToLogin();
    else if (err?.message === 'forbidden') showPageProblem(t('forbidden'));
  });
  socket.on('watching', () => renderQueues());
  socket.on('changed', (change) => {
    state.changes.push(change.caseId);
    scheduleRefresh();
    if (change.caseId === state.caseId && state.case && (change.caseVersion ?? Infinity) > state.case.version) {
      // Reload at once unless the user is filling in a form, which a reload would throw away.
      if (state.openForm) { state.staleCase = true; renderNotice(); } else loadCase(state.caseId, { keepNotice: true });
    }
  });
  socket.on('moved', (m) => {
    const listed = [...(state.mine ?? []), ...(state.district ?? [])].some((c) => c.caseId === m.caseId);
    if (listed) scheduleRefresh();
  });
}

onLangChange(() => { applyStaticTexts(); renderQueues(); if (state.caseId) renderCase(); });
applyStaticTexts();
renderQueues();
connect();
route();
document.body.dataset.ready = 'true';

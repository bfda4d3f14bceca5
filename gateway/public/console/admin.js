/*
 * Users and audit (/console/admin): admins keep the accounts (create, disable and re-enable, set a
 * new password) and the API keys of machine clients (create, rotate, revoke; a new key is shown
 * once); admins and supervisors read the audit trail (who did what on which case, refusals
 * included), filter it and export it as CSV. Nothing personal is shown: the trail holds none.
 * Admins also import past cases (an NDJSON file) and follow the import live on a progress bar.
 */
import { ApiError, addTexts, api, bilingualText, formatInstant, h, label, mountHeader, onLangChange, problemText, replace, requireUser, ruleText, t } from '/console/common.js';
import { COMMAND_TEXTS } from '/console/commands.js';

addTexts(COMMAND_TEXTS);
addTexts({
  zh: {
    tabs: { users: '用户', keys: 'API 密钥', audit: '审计日志', imports: '历史导入' },
    imports: {
      title: '导入历史案件', file: 'NDJSON 文件（每行一条记录，格式见 docs/import-format.md）', hint: '整个文件先校验，有一行不对就全部不导入，并指出行号和字段；同一文件重复导入不会重复计数。',
      start: '开始导入', noFile: '请先选择文件。', uploading: '正在上传 {pct}%', validating: '服务器正在校验整个文件…', applying: '正在导入：已处理 {pct}%', done: '导入完成',
      records: '记录', cases: '案件', applied: '已导入', refused: '被拒绝', pending: '待处理', meta: '导入编号 {id} · {by} · {at}',
      refusals: '被拒绝的案件（显示 {shown} 件，共 {of} 件）', sourceRef: '来源编号', code: '代码', reason: '原因',
    },
    users: {
      title: '用户', create: '新建用户', username: '用户名', name: '姓名', role: '角色', districts: '辖区', state: '状态', passwordChanged: '最近修改密码', actions: '操作',
      active: '正常', disabled: '已停用', disable: '停用', enable: '启用', reset: '重置密码', newPassword: '新密码', initialPassword: '初始密码', save: '保存', cancel: '取消',
      confirmDisable: '停用后该用户立即退出登录，实时连接断开。确定停用 {id}？', created: '已新建用户 {id}。', saved: '已保存。', none: '—',
      districtsHint: '调解员和执法人员须选择辖区', you: '（本人）',
    },
    keys: {
      title: 'API 密钥', create: '新建密钥', id: '编号', name: '用途（系统名称）', role: '角色', districts: '辖区', state: '状态', created: '创建', actions: '操作',
      active: '有效', revoked: '已吊销', replaced: '已轮换为 {id}', rotate: '轮换', revoke: '吊销', once: '新密钥（只显示这一次，请立即保存到对方系统）：',
      confirmRevoke: '吊销后使用此密钥的系统立即无法访问。确定吊销 {id}？', confirmRotate: '轮换后旧密钥立即失效。确定轮换 {id}？',
    },
    audit: {
      title: '审计日志', caseId: '案件ID', user: '用户', from: '起始日期', to: '截止日期', outcome: '结果', any: '全部', search: '查询', csv: '导出 CSV', more: '加载更多',
      at: '时间', who: '用户', action: '操作', case: '案件', result: '结果', changes: '变更', reason: '理由', empty: '没有符合条件的记录。',
      outcomes: { applied: '已执行', pending: '处理中', refused: '被拒绝', failed: '失败' },
      actions: {
        login: '登录', logout: '退出登录', 'password:change': '修改本人密码', 'user:create': '新建用户', 'user:disable': '停用用户', 'user:enable': '启用用户',
        'user:set-password': '重置用户密码', 'api-key:create': '新建密钥', 'api-key:rotate': '轮换密钥', 'api-key:revoke': '吊销密钥', 'reveal:phone': '查看完整电话号码',
        intake: '登记', import: '历史导入', command: '办理',
      },
      via: { key: 'API 密钥', user: '登录' },
    },
  },
  en: {
    tabs: { users: 'Users', keys: 'API keys', audit: 'Audit trail', imports: 'Historical import' },
    imports: {
      title: 'Import past cases', file: 'NDJSON file (one record per line, see docs/import-format.md)', hint: 'The whole file is checked first: one bad line and nothing is imported (the line and field are named); importing the same file again counts nothing twice.',
      start: 'Start import', noFile: 'Choose a file first.', uploading: 'Uploading {pct}%', validating: 'The server is checking the whole file…', applying: 'Importing: {pct}% handled', done: 'Import finished',
      records: 'Records', cases: 'Cases', applied: 'Applied', refused: 'Refused', pending: 'Pending', meta: 'Import {id} · {by} · {at}',
      refusals: 'Refused cases ({shown} shown of {of})', sourceRef: 'Source ref', code: 'Code', reason: 'Reason',
    },
    users: {
      title: 'Users', create: 'New user', username: 'Username', name: 'Name', role: 'Role', districts: 'Districts', state: 'State', passwordChanged: 'Password last changed', actions: 'Actions',
      active: 'Active', disabled: 'Disabled', disable: 'Disable', enable: 'Enable', reset: 'Set new password', newPassword: 'New password', initialPassword: 'Initial password', save: 'Save', cancel: 'Cancel',
      confirmDisable: 'Disabling logs the user out at once and closes their live connections. Disable {id}?', created: 'User {id} created.', saved: 'Saved.', none: '—',
      districtsHint: 'Mediators and enforcement officers need districts', you: ' (you)',
    },
    keys: {
      title: 'API keys', create: 'New key', id: 'Id', name: 'Used by (system)', role: 'Role', districts: 'Districts', state: 'State', created: 'Created', actions: 'Actions',
      active: 'Active', revoked: 'Revoked', replaced: 'Rotated to {id}', rotate: 'Rotate', revoke: 'Revoke', once: 'New key (shown this once; store it in the client system now):',
      confirmRevoke: 'Systems using this key lose access at once. Revoke {id}?', confirmRotate: 'The old key stops working at once. Rotate {id}?',
    },
    audit: {
      title: 'Audit trail', caseId: 'Case id', user: 'User', from: 'From', to: 'To', outcome: 'Outcome', any: 'Any', search: 'Search', csv: 'Export CSV', more: 'Load more',
      at: 'When', who: 'Who', action: 'Action', case: 'Case', result: 'Outcome', changes: 'Changes', reason: 'Reason', empty: 'No entries match.',
      outcomes: { applied: 'Applied', pending: 'Pending', refused: 'Refused', failed: 'Failed' },
      actions: {
        login: 'Log in', logout: 'Log out', 'password:change': 'Changed own password', 'user:create': 'Created a user', 'user:disable': 'Disabled a user', 'user:enable': 'Re-enabled a user',
        'user:set-password': 'Set a user\'s password', 'api-key:create': 'Created an API key', 'api-key:rotate': 'Rotated an API key', 'api-key:revoke': 'Revoked an API key', 'reveal:phone': 'Revealed a full phone number',
        intake: 'Intake', import: 'Historical import', command: 'Case action',
      },
      via: { key: 'API key', user: 'session' },
    },
  },
});

const user = await requireUser(['admin', 'supervisor']);
mountHeader(document.getElementById('header'), { consoleKey: 'admin', user });
const ref = (await api('GET', '/api/v1/reference')).body;
const ROLES = ['operator', 'mediator', 'enforcement', 'supervisor', 'council', 'admin'];
const SCOPED = ['mediator', 'enforcement'];
const TABS = user.role === 'admin' ? ['users', 'keys', 'audit', 'imports'] : ['audit'];
const districtName = (code) => label(ref.districts.find((d) => d.code === code), code);

const state = {
  tab: 'audit', notice: null, users: null, keys: null, newKey: null, resetFor: null,
  audit: { items: null, next: null, filters: { caseId: '', user: '', from: '', to: '', outcome: '' } },
  imports: { id: null, phase: 'idle', sent: 0, total: 0, progress: null, error: null, timer: null },
};
window.__admin = state; // read by the browser test (nothing personal: the trail holds none)

function fromHash() {
  const [name, query] = window.location.hash.replace(/^#/, '').split('?');
  state.tab = TABS.includes(name) ? name : TABS[0];
  if (state.tab === 'audit' && query) {
    const q = new URLSearchParams(query);
    for (const k of Object.keys(state.audit.filters)) state.audit.filters[k] = q.get(k) ?? '';
  }
  if (state.tab === 'imports') state.imports.id = new URLSearchParams(query ?? '').get('id');
}

const view = document.getElementById('view');
const notice = () => (state.notice ? h(`p.notice.${state.notice.kind}`, { role: 'status', dataset: { testid: 'admin-notice' } }, state.notice.text) : null);
const fail = (err) => { state.notice = { kind: 'bad', text: problemText(err) }; render(); };

/** Field errors of a problem (`errors[]`) shown under the inputs of a form, by name. */
function showFieldErrors(form, err) {
  form.querySelectorAll('.field').forEach((f) => { f.classList.remove('invalid'); const e = f.querySelector('.error'); if (e) e.textContent = ''; });
  const list = err instanceof ApiError ? err.problem.errors ?? [] : [];
  let shown = false;
  for (const e of list) {
    const input = form.querySelector(`[name="${String(e.pointer ?? '').slice(1).split('/')[0]}"]`);
    const field = input?.closest('.field');
    if (!field) continue;
    field.classList.add('invalid');
    field.querySelector('.error').textContent = ruleText(e);
    shown = true;
  }
  if (!shown) fail(err);
}

const field = (name, labelKey, input, hint) => h('div.field', h('label', { for: `f-${name}` }, t(labelKey)), input, hint ? h('span.hint', hint) : null, h('span.error', { dataset: { testid: `error-${name}` } }));
const roleSelect = (name) => h('select', { name, id: `f-${name}` }, ROLES.map((r) => h('option', { value: r }, t(`roles.${r}`))));
const districtChecks = (name) => h('div.radios', { id: `f-${name}`, dataset: { testid: name } },
  ref.districts.filter((d) => d.kind !== 'city').map((d) => h('label', h('input', { type: 'checkbox', name, value: d.code }), label(d))));
const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

// ------------------------------------------------------------------ users

async function loadUsers() {
  try { state.users = (await api('GET', '/api/v1/admin/users')).body.items; } catch (err) { fail(err); return; }
  render();
}

async function patchUser(id, body, doneText) {
  try {
    await api('PATCH', `/api/v1/admin/users/${encodeURIComponent(id)}`, body);
    state.notice = { kind: 'ok', text: doneText };
    state.resetFor = null;
    await loadUsers();
  } catch (err) { return err; }
  return null;
}

function usersView() {
  const form = h('form.grid', { dataset: { testid: 'user-create' }, noValidate: true },
    field('username', 'users.username', h('input', { name: 'username', id: 'f-username', autocomplete: 'off', maxlength: '64' })),
    field('name', 'users.name', h('input', { name: 'name', id: 'f-name', maxlength: '100' })),
    field('role', 'users.role', roleSelect('role')),
    field('password', 'users.initialPassword', h('input', { name: 'password', id: 'f-password', type: 'password', autocomplete: 'new-password', maxlength: '200' }), t('password.hint')),
    h('div.field.wide', h('span.label', t('users.districts')), districtChecks('districts'), h('span.hint', t('users.districtsHint')), h('span.error')),
    h('div.actions', h('button.primary', { type: 'submit', dataset: { testid: 'user-create-submit' } }, t('users.create'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { username: form.username.value.trim(), name: form.name.value.trim(), role: form.role.value, password: form.password.value };
    if (SCOPED.includes(body.role)) body.districts = checked(form, 'districts');
    try {
      await api('POST', '/api/v1/admin/users', body);
      state.notice = { kind: 'ok', text: t('users.created', { id: body.username }) };
      await loadUsers();
    } catch (err) { showFieldErrors(form, err); }
  });
  const rows = (state.users ?? []).map((u) => {
    const actions = h('td.inline',
      u.id === user.id ? null : h('button', {
        type: 'button', class: u.disabled ? '' : 'danger', dataset: { testid: `toggle-${u.id}` },
        onClick: async () => {
          if (!u.disabled && !window.confirm(t('users.confirmDisable', { id: u.id }))) return;
          const err = await patchUser(u.id, { disabled: !u.disabled }, t('users.saved'));
          if (err) fail(err);
        },
      }, u.disabled ? t('users.enable') : t('users.disable')),
      h('button', { type: 'button', dataset: { testid: `reset-${u.id}` }, onClick: () => { state.resetFor = u.id; render(); } }, t('users.reset')));
    const row = h('tr.row', { dataset: { testid: 'user-row', user: u.id } },
      h('td.mono', u.id, u.id === user.id ? t('users.you') : ''), h('td', u.name), h('td', t(`roles.${u.role}`)),
      h('td', u.districts.map(districtName).join('、') || t('users.none')),
      h('td', h('span.badge', { class: u.disabled ? 'outcome-refused' : 'outcome-applied' }, u.disabled ? t('users.disabled') : t('users.active'))),
      h('td', u.passwordChangedAt ? formatInstant(u.passwordChangedAt) : t('users.none')), actions);
    if (state.resetFor !== u.id) return row;
    const reset = h('form.inline', { noValidate: true, dataset: { testid: 'reset-form' } },
      field('password', 'users.newPassword', h('input', { name: 'password', id: 'f-reset', type: 'password', autocomplete: 'new-password', maxlength: '200' })),
      h('button.primary', { type: 'submit' }, t('users.save')), h('button', { type: 'button', onClick: () => { state.resetFor = null; render(); } }, t('users.cancel')));
    reset.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const err = await patchUser(u.id, { password: reset.password.value }, t('users.saved'));
      if (err) showFieldErrors(reset, err);
    });
    return [row, h('tr', h('td', { colspan: '7' }, reset))];
  });
  return [
    h('section.panel', h('h2', t('users.title')),
      h('table', { dataset: { testid: 'users' } },
        h('thead', h('tr', ['username', 'name', 'role', 'districts', 'state', 'passwordChanged', 'actions'].map((k) => h('th', t(`users.${k}`))))),
        h('tbody', rows))),
    h('section.panel', h('h2', t('users.create')), form),
  ];
}

// ------------------------------------------------------------------ API keys

async function loadKeys() {
  try { state.keys = (await api('GET', '/api/v1/admin/api-keys')).body.items; } catch (err) { fail(err); return; }
  render();
}

function keysView() {
  const form = h('form.grid', { dataset: { testid: 'key-create' }, noValidate: true },
    field('name', 'keys.name', h('input', { name: 'name', id: 'f-keyname', maxlength: '64', placeholder: '12345-bridge' })),
    field('role', 'keys.role', roleSelect('role')),
    h('div.field.wide', h('span.label', t('keys.districts')), districtChecks('districts'), h('span.error')),
    h('div.actions', h('button.primary', { type: 'submit' }, t('keys.create'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: form.name.value.trim(), role: form.role.value };
    if (SCOPED.includes(body.role)) body.districts = checked(form, 'districts');
    try {
      state.newKey = (await api('POST', '/api/v1/admin/api-keys', body)).body;
      state.notice = null;
      await loadKeys();
    } catch (err) { showFieldErrors(form, err); }
  });
  const act = (k, what) => async () => {
    if (!window.confirm(t(what === 'revoke' ? 'keys.confirmRevoke' : 'keys.confirmRotate', { id: k.id }))) return;
    try {
      const { body } = await api('POST', `/api/v1/admin/api-keys/${encodeURIComponent(k.id)}/${what}`, {});
      state.newKey = what === 'rotate' ? body : null;
      state.notice = what === 'revoke' ? { kind: 'ok', text: t('users.saved') } : null;
      await loadKeys();
    } catch (err) { fail(err); }
  };
  const rows = (state.keys ?? []).map((k) => h('tr.row', { dataset: { testid: 'key-row', key: k.id } },
    h('td.mono', k.id), h('td', k.name), h('td', t(`roles.${k.role}`)), h('td', k.districts.map(districtName).join('、') || t('users.none')),
    h('td', k.replacedBy ? t('keys.replaced', { id: k.replacedBy }) : k.disabled ? t('keys.revoked') : t('keys.active')),
    h('td', formatInstant(k.createdAt), h('div.muted', k.createdBy)),
    h('td.inline', k.disabled ? null : [h('button', { type: 'button', onClick: act(k, 'rotate') }, t('keys.rotate')), h('button.danger', { type: 'button', onClick: act(k, 'revoke') }, t('keys.revoke'))])));
  return [
    state.newKey ? h('div.key-once', { dataset: { testid: 'key-once' } }, h('strong', t('keys.once')), ' ', h('span.mono', state.newKey.key)) : null,
    h('section.panel', h('h2', t('keys.title')),
      h('table', h('thead', h('tr', ['id', 'name', 'role', 'districts', 'state', 'created', 'actions'].map((k) => h('th', t(`keys.${k}`))))), h('tbody', rows))),
    h('section.panel', h('h2', t('keys.create')), form),
  ];
}

// ------------------------------------------------------------------ audit trail

const auditQuery = (extra = {}) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.audit.filters, ...extra })) if (v) q.set(k, v);
  return q.toString();
};

async function loadAudit(more = false) {
  try {
    const { body } = await api('GET', `/api/v1/audit?${auditQuery(more && state.audit.next ? { before: state.audit.next } : {})}`);
    state.audit.items = more ? [...(state.audit.items ?? []), ...body.items] : body.items;
    state.audit.next = body.next;
  } catch (err) { fail(err); return; }
  render();
}

function actionText(action) {
  const known = t(`audit.actions.${action}`);
  if (known !== `audit.actions.${action}`) return known;
  const [kind, rest = ''] = action.split(/:(.*)/s);
  if (kind === 'command') return `${t('audit.actions.command')} · ${t(`cmd.${rest}`) === `cmd.${rest}` ? rest : t(`cmd.${rest}`)}`;
  if (kind === 'intake') return `${t('audit.actions.intake')} · ${rest}`;
  if (action.startsWith('import')) return `${t('audit.actions.import')} ${action.slice(6)}`;
  return action;
}

const valueText = (field, v) => {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return '—';
  if (Array.isArray(v)) return v.map((x) => (field === 'districts' ? districtName(x) : String(x))).join('、');
  if (field === 'status') return label(ref.statuses?.[v], String(v));
  if (field === 'district') return districtName(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};

function auditView() {
  const f = state.audit.filters;
  const input = (name, type = 'text') => h('input', { name, id: `a-${name}`, type, value: f[name], maxlength: '200' });
  const form = h('form.filters', { dataset: { testid: 'audit-filters' } },
    field('caseId', 'audit.caseId', input('caseId')), field('user', 'audit.user', input('user')),
    field('from', 'audit.from', input('from', 'date')), field('to', 'audit.to', input('to', 'date')),
    field('outcome', 'audit.outcome', h('select', { name: 'outcome', id: 'a-outcome' }, ['', 'applied', 'pending', 'refused', 'failed'].map((o) => h('option', { value: o, selected: o === f.outcome }, o ? t(`audit.outcomes.${o}`) : t('audit.any'))))),
    h('button.primary', { type: 'submit', dataset: { testid: 'audit-search' } }, t('audit.search')),
    h('a', { href: `/api/v1/audit?${auditQuery({ format: 'csv' })}`, download: 'audit.csv', dataset: { testid: 'audit-csv' } }, t('audit.csv')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const k of Object.keys(f)) f[k] = form[k].value.trim();
    history.replaceState(null, '', `#audit?${auditQuery()}`);
    void loadAudit();
  });
  const items = state.audit.items;
  const rows = (items ?? []).map((e) => h('tr.row', { dataset: { testid: 'audit-row', action: e.action, outcome: e.outcome } },
    h('td', { class: 'due' }, (e.atLocal ?? '').slice(0, 19).replace('T', ' ')),
    h('td', h('span.mono', e.actorId ?? e.attemptedUser ?? '—'), e.actorRole ? h('div.muted', `${t(`roles.${e.actorRole}`)} · ${t(`audit.via.${e.actorKind}`)}`) : null),
    h('td', actionText(e.action), e.target ? h('div.muted.mono', e.target) : null),
    h('td.mono', e.caseId ? h('a', { href: `#audit?caseId=${encodeURIComponent(e.caseId)}`, onClick: () => { f.caseId = e.caseId; setTimeout(() => loadAudit(), 0); } }, e.caseId.slice(0, 8)) : (e.caseIds ?? []).map((c) => c.slice(0, 8)).join(' ')),
    h('td', h('span', { class: `outcome-${e.outcome}` }, t(`audit.outcomes.${e.outcome}`)), e.code ? h('div.muted.mono', e.code) : null, h('div.muted', `HTTP ${e.status}`)),
    h('td.changes', (e.changes ?? []).map((c) => h('div', `${c.field}: ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`))),
    h('td', e.reason ?? '')));
  return [
    h('section.panel', h('h2', t('audit.title')), form,
      items === null ? h('p', t('loading')) : items.length === 0 ? h('p.empty', t('audit.empty'))
        : h('table', { dataset: { testid: 'audit' } },
          h('thead', h('tr', ['at', 'who', 'action', 'case', 'result', 'changes', 'reason'].map((k) => h('th', t(`audit.${k}`))))), h('tbody', rows)),
      state.audit.next ? h('div.actions', h('button', { type: 'button', onClick: () => loadAudit(true) }, t('audit.more'))) : null),
  ];
}

// ------------------------------------------------------------------ historical import (admins)

/**
 * Upload an NDJSON file (docs/import-format.md) to POST /api/v1/imports and follow it live: the
 * upload's bytes, then the server's validation of the whole file (nothing is sent if a line is
 * bad: the refusal names the line and field), then every case as the bulk lane applies it
 * (GET /api/v1/imports/:id every second until nothing is pending). The import id stays in the
 * address, so a reload or another admin follows the same import.
 */
function uploadImport(file) {
  const im = state.imports;
  im.phase = 'uploading'; im.sent = 0; im.total = file.size; im.error = null; im.progress = null;
  render();
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/v1/imports');
  xhr.setRequestHeader('content-type', 'application/x-ndjson');
  xhr.setRequestHeader('accept', 'application/json, application/problem+json');
  xhr.upload.onprogress = (ev) => { im.sent = ev.loaded; if (ev.lengthComputable) im.total = ev.total; renderImportProgress(); };
  xhr.upload.onload = () => { im.phase = 'validating'; renderImportProgress(); };
  xhr.onerror = () => { im.phase = 'idle'; im.error = t('network'); render(); };
  xhr.onload = () => {
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch { body = null; }
    if (xhr.status !== 202) {
      im.phase = 'idle';
      const errors = body?.errors ?? [];
      im.error = [problemText(new ApiError(xhr.status, body ?? {})), ...errors.slice(0, 20).map((e) => `${e.pointer ?? ''} ${ruleText(e)}`)].join('\n');
      render();
      return;
    }
    history.replaceState(null, '', `#imports?id=${encodeURIComponent(body.importId)}`);
    im.id = body.importId;
    void followImport();
  };
  xhr.send(file);
}

async function followImport() {
  const im = state.imports;
  const id = im.id;
  clearTimeout(im.timer);
  try {
    im.progress = (await api('GET', `/api/v1/imports/${encodeURIComponent(id)}`)).body;
    im.phase = im.progress.done ? 'done' : 'applying';
    im.error = null;
  } catch (err) { im.error = problemText(err); im.phase = 'idle'; }
  if (state.tab !== 'imports' || im.id !== id) return;
  render();
  if (im.phase === 'applying') im.timer = setTimeout(() => { void followImport(); }, 1000);
}

const pct = (n, d) => (d > 0 ? Math.min(100, Math.round((n / d) * 1000) / 10) : 0);

/** The bar and its counts: upload bytes, then cases applied + refused of all. */
function importProgressView() {
  const im = state.imports;
  const p = im.progress;
  let value; let max; let text;
  if (im.phase === 'uploading') { value = im.sent; max = im.total || 1; text = t('imports.uploading', { pct: pct(im.sent, im.total) }); }
  else if (im.phase === 'validating') { value = undefined; max = 1; text = t('imports.validating'); }
  else if (p) { value = p.applied + p.refused; max = p.cases || 1; text = t(p.done ? 'imports.done' : 'imports.applying', { pct: pct(p.applied + p.refused, p.cases) }); }
  else return null;
  const bar = h('progress', { max: String(max), dataset: { testid: 'import-bar' }, 'aria-label': text });
  if (value !== undefined) bar.value = value;
  return h('div.import-progress', { dataset: { testid: 'import-progress', phase: im.phase } },
    h('div.import-phase', { role: 'status', 'aria-live': 'polite' }, text), bar,
    p ? h('dl.import-counts', { dataset: { testid: 'import-counts' } },
      ['records', 'cases', 'applied', 'refused', 'pending'].map((k) => h('div', { dataset: { count: k } }, h('dt', t(`imports.${k}`)), h('dd', String(p[k]))))) : null,
    p ? h('p.muted', t('imports.meta', { id: p.importId, by: p.by, at: formatInstant(p.createdAt) })) : null);
}

/** Re-draws only the progress block (upload events come many times a second). */
function renderImportProgress() {
  const old = document.querySelector('[data-testid="import-progress"]');
  const next = importProgressView();
  if (old && next) old.replaceWith(next);
  else render();
}

function importsView() {
  const im = state.imports;
  const busy = im.phase === 'uploading' || im.phase === 'validating';
  const form = h('form.grid', { dataset: { testid: 'import-form' }, noValidate: true },
    h('div.field.wide', h('label', { for: 'f-file' }, t('imports.file')),
      h('input', { type: 'file', id: 'f-file', name: 'file', accept: '.ndjson,.jsonl,application/x-ndjson', dataset: { testid: 'import-file' } }),
      h('span.hint', t('imports.hint'))),
    h('div.actions', h('button.primary', { type: 'submit', disabled: busy, dataset: { testid: 'import-submit' } }, t('imports.start'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const file = form.file.files?.[0];
    if (!file) { im.error = t('imports.noFile'); render(); return; }
    uploadImport(file);
  });
  const p = im.progress;
  const refusals = p && p.refusals.length > 0
    ? h('table', { dataset: { testid: 'import-refusals' } },
      h('thead', h('tr', ['sourceRef', 'code', 'reason'].map((k) => h('th', t(`imports.${k}`))))),
      h('tbody', p.refusals.map((r) => h('tr.row', h('td.mono', r.sourceRef), h('td.mono', r.code), h('td', bilingualText(r.reason))))))
    : null;
  return [
    h('section.panel', h('h2', t('imports.title')), form,
      im.error ? h('pre.notice.bad', { role: 'alert', dataset: { testid: 'import-error' } }, im.error) : null,
      importProgressView(),
      refusals ? [h('h3', t('imports.refusals', { shown: p.refusals.length, of: p.refused })), refusals] : null),
  ];
}

// ------------------------------------------------------------------ page

function render() {
  replace(document.getElementById('tabs'), TABS.map((name) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': String(state.tab === name), dataset: { testid: `tab-${name}` },
    onClick: () => { window.location.hash = name; },
  }, t(`tabs.${name}`))));
  const body = state.tab === 'users' ? usersView() : state.tab === 'keys' ? keysView() : state.tab === 'imports' ? importsView() : auditView();
  replace(view, notice(), ...body);
  document.body.dataset.ready = 'true';
}

async function show() {
  fromHash();
  state.notice = null;
  if (state.tab !== 'keys') state.newKey = null;
  render();
  if (state.tab === 'users') await loadUsers();
  else if (state.tab === 'keys') await loadKeys();
  else if (state.tab === 'imports') { if (state.imports.id) await followImport(); }
  else await loadAudit();
}

window.addEventListener('hashchange', () => { void show(); });
onLangChange(render);
await show();

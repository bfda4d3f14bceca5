/*
 * Shared by the consoles and the login page: language, DOM building (text only, never HTML from
 * data), the API client (RFC 7807 problems), the session and the page header.
 */

const STORAGE_KEY = 'cw.lang';
const listeners = [];
let lang = (() => {
  const q = new URLSearchParams(window.location.search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  try { return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
})();
const dictionaries = [];

const COMMON = {
  zh: {
    toggle: 'English', logout: '退出登录', loading: '正在加载…', unavailable: '服务暂时不可用，请稍后再试。',
    forbidden: '您的角色无权进行此操作。', network: '网络连接失败，请检查网络后重试。', yuan: '元',
    roles: { operator: '话务员', mediator: '调解员', enforcement: '执法人员', supervisor: '负责人', council: '消委会', admin: '管理员' },
    consoles: { operator: '话务受理台', mediator: '调解工作台', board: '实时看板', chooser: '工作台', admin: '用户与审计' },
    product: '消费维权工作流', userRole: '{name}（{role}）',
    password: {
      open: '修改密码', title: '修改密码', current: '当前密码', next: '新密码', confirm: '再次输入新密码', save: '保存', cancel: '取消',
      hint: '至少10个字符；不能是常见密码，不能包含用户名；建议用几个词加数字或符号组成的短语。',
      mismatch: '两次输入的新密码不一致', done: '密码已修改。您在其他设备上的登录已退出。',
      rules: {
        matchesCurrent: '当前密码不正确', differsFromCurrent: '新密码不能与当前密码相同', minLength: '至少需要10个字符', maxLength: '不能超过200个字符',
        common: '这是常见密码，容易被猜中', containsUsername: '不能包含用户名', weak: '太容易被猜中，请使用更长的短语或混合词语、数字和符号',
        required: '必填',
      },
    },
    nav: { admin: '用户与审计', audit: '审计日志' },
  },
  en: {
    toggle: '中文', logout: 'Log out', loading: 'Loading…', unavailable: 'The service is unavailable; please try again shortly.',
    forbidden: 'Your role may not do this.', network: 'Network error; check the connection and try again.', yuan: 'yuan',
    roles: { operator: 'Operator', mediator: 'Mediator', enforcement: 'Enforcement officer', supervisor: 'Supervisor', council: 'Consumer council', admin: 'Administrator' },
    consoles: { operator: 'Intake console', mediator: 'Mediation console', board: 'Live board', chooser: 'Consoles', admin: 'Users and audit' },
    product: 'Consumer rights workflow', userRole: '{name} ({role})',
    password: {
      open: 'Change password', title: 'Change password', current: 'Current password', next: 'New password', confirm: 'New password again', save: 'Save', cancel: 'Cancel',
      hint: 'At least 10 characters; not a common password, not containing your username; a phrase of a few words with digits or signs works well.',
      mismatch: 'The two new passwords differ', done: 'Password changed. Your logins on other devices have been ended.',
      rules: {
        matchesCurrent: 'The current password is not right', differsFromCurrent: 'Must differ from the current password', minLength: 'At least 10 characters', maxLength: 'At most 200 characters',
        common: 'A common password, easy to guess', containsUsername: 'Must not contain the username', weak: 'Too easy to guess: use a longer phrase or mix words, digits and signs',
        required: 'Required',
      },
    },
    nav: { admin: 'Users and audit', audit: 'Audit trail' },
  },
};
dictionaries.push(COMMON);

export const getLang = () => lang;

/** Adds a page's texts ({zh: {...}, en: {...}}); later dictionaries win. */
export function addTexts(dict) { dictionaries.push(dict); }

/** Text of a dotted key in the current language (the key itself when missing). */
export function t(key, vars) {
  for (let i = dictionaries.length - 1; i >= 0; i -= 1) {
    let v = dictionaries[i][lang];
    for (const part of key.split('.')) v = v == null ? undefined : v[part];
    if (typeof v === 'string') return vars ? v.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : v;
  }
  return key;
}

/** `{zh, en}` → the current language's text. */
export const label = (pair, fallback = '') => (pair && typeof pair === 'object' ? pair[lang] ?? pair.zh ?? fallback : fallback);

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try { window.localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyStaticTexts();
  for (const fn of listeners) fn(lang);
}
export const onLangChange = (fn) => listeners.push(fn);

/** Elements with `data-i18n="key"` get their text; `data-i18n-placeholder` their placeholder. */
export function applyStaticTexts(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.getAttribute('data-i18n')); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder'))); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.setAttribute('title', t(el.getAttribute('data-i18n-title'))); });
}

/**
 * `h('tag.class', {attrs}, ...children)`: children are nodes or strings (as text nodes, never HTML);
 * attrs: `on<Event>` listeners, `dataset`, `class`, `text`, boolean and string attributes.
 */
export function h(spec, attrs, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) { children.unshift(attrs); attrs = null; }
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
export const clear = (el) => { while (el.firstChild) el.removeChild(el.firstChild); return el; };
export const replace = (el, ...children) => { clear(el); append(el, children); return el; };

/** An API failure: `status` and the problem document (or a synthetic one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** Calls the API with the session cookie; JSON in and out; throws ApiError on 4xx/5xx. */
export async function api(method, path, body, opts = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', detail: t('network') });
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (res.status === 401 && !opts.allow401) { goToLogin(); throw new ApiError(401, data); }
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, body: data, headers: res.headers };
}

/** A refusal message from the server in the current language ("English / 中文" → one half). */
export function problemText(err) {
  if (!(err instanceof ApiError)) return String(err?.message ?? err);
  if (err.status === 0) return t('network');
  if (err.status === 403) return t('forbidden');
  if (err.status >= 500) return t('unavailable');
  return bilingualText(String(err.problem.detail ?? '')) || `HTTP ${err.status}`;
}

/** A server text written "English / 中文": the half in the current language (else the text as it is). */
export function bilingualText(text) {
  const parts = String(text).split(' / ');
  return parts.length === 2 ? (lang === 'zh' ? parts[1] : parts[0]) : String(text);
}

export function goToLogin() {
  const next = window.location.pathname + window.location.search + window.location.hash;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/** Where a role works (operator → intake, handlers → mediation console, council → board, admin → choice). */
export function homeOf(role) {
  switch (role) {
    case 'operator': return '/console/operator';
    case 'mediator': case 'enforcement': case 'supervisor': return '/console/mediator';
    case 'council': return '/board';
    default: return '/console';
  }
}

/** The logged-in user, or a redirect to /login. `roles`: who may use this page (others go home). */
export async function requireUser(roles) {
  const { body } = await api('GET', '/api/v1/auth/me');
  const user = body.user;
  if (roles && !roles.includes(user.role)) { window.location.replace(homeOf(user.role)); throw new Error('wrong console'); }
  return user;
}

/** A field problem (`{pointer, rule, message}`) in the current language. */
export const ruleText = (e, prefix = 'password.rules') => {
  const text = t(`${prefix}.${e.rule}`);
  return text === `${prefix}.${e.rule}` ? e.message : text;
};

/** The change-password dialog (POST /api/v1/auth/password): field errors in words, other sessions end. */
function openPasswordDialog() {
  const fields = [['currentPassword', 'password.current', 'current-password'], ['newPassword', 'password.next', 'new-password'], ['confirm', 'password.confirm', 'new-password']];
  const inputs = {};
  const errors = {};
  const status = h('p', { role: 'status', dataset: { testid: 'password-status' } });
  const dialog = h('dialog.password', { dataset: { testid: 'password-dialog' } });
  const form = h('form', { method: 'dialog', noValidate: true },
    h('h2', t('password.title')),
    ...fields.map(([name, key, autocomplete]) => {
      inputs[name] = h('input', { type: 'password', name, id: `pw-${name}`, autocomplete, maxlength: '200', required: true });
      errors[name] = h('span.error', { dataset: { testid: `password-error-${name}` } });
      return h('div.field', h('label', { for: `pw-${name}` }, t(key)), inputs[name], errors[name]);
    }),
    h('p.hint.muted', t('password.hint')),
    status,
    h('div.actions',
      h('button.primary', { type: 'submit', dataset: { testid: 'password-save' } }, t('password.save')),
      h('button', { type: 'button', onClick: () => dialog.close() }, t('password.cancel'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    for (const name of Object.keys(errors)) { errors[name].textContent = ''; errors[name].parentElement.classList.remove('invalid'); }
    status.textContent = '';
    status.className = '';
    const show = (name, text) => { errors[name].textContent = text; errors[name].parentElement.classList.add('invalid'); };
    if (inputs.newPassword.value !== inputs.confirm.value) { show('confirm', t('password.mismatch')); return; }
    try {
      await api('POST', '/api/v1/auth/password', { currentPassword: inputs.currentPassword.value, newPassword: inputs.newPassword.value });
      status.textContent = t('password.done');
      status.className = 'notice ok';
      for (const i of Object.values(inputs)) i.value = '';
    } catch (err) {
      const list = err instanceof ApiError ? err.problem.errors ?? [] : [];
      for (const e of list) {
        const name = String(e.pointer ?? '').slice(1);
        if (errors[name]) show(name, ruleText(e));
      }
      if (list.length === 0) { status.textContent = problemText(err); status.className = 'notice bad'; }
    }
  });
  dialog.appendChild(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();
  inputs.currentPassword.focus();
}

/** The page header: product, console name, user and role, language toggle, password, logout. */
export function mountHeader(container, { consoleKey, user }) {
  const userText = h('span.user', { dataset: { testid: 'user' } });
  const title = h('h1');
  const langButton = h('button.link', { type: 'button', id: 'lang', onClick: () => setLang(lang === 'zh' ? 'en' : 'zh') });
  const logout = h('button.link', {
    type: 'button', id: 'logout',
    onClick: async () => {
      try { await api('POST', '/api/v1/auth/logout', undefined, { allow401: true }); } catch { /* gone anyway */ }
      window.location.assign('/login');
    },
  });
  // A person logged in with a password may change it; API keys have none.
  const password = user && user.kind !== 'key' ? h('button.link', { type: 'button', id: 'change-password', onClick: openPasswordDialog }) : null;
  // Admins keep users and keys; supervisors and admins read the audit trail.
  const navKey = user?.role === 'admin' ? 'admin' : user?.role === 'supervisor' ? 'audit' : null;
  const nav = navKey && consoleKey !== 'admin' ? h('a.link', { href: navKey === 'admin' ? '/console/admin' : '/console/admin#audit', dataset: { testid: 'nav-admin' } }) : null;
  const render = () => {
    title.textContent = `${t('product')} · ${t(`consoles.${consoleKey}`)}`;
    userText.textContent = user ? t('userRole', { name: user.name ?? user.id, role: t(`roles.${user.role}`) }) : '';
    langButton.textContent = t('toggle');
    logout.textContent = t('logout');
    if (password) password.textContent = t('password.open');
    if (nav) nav.textContent = t(`nav.${navKey}`);
    document.title = `${t(`consoles.${consoleKey}`)} · ${t('product')}`;
  };
  replace(container, title, h('div.meta', userText, nav, langButton, password, user ? logout : null));
  render();
  onLangChange(render);
}

/** 1234.5 → "1,234.50"; amounts are decimal strings from the API and stay exact. */
export function formatYuan(s) {
  const [i, f = ''] = String(s).split('.');
  return `¥${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${(f + '00').slice(0, 2)}`;
}

/** An ISO instant as a Shanghai date and time, "2026-05-01 09:30". */
export function formatInstant(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso ?? '');
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Today in Shanghai as YYYY-MM-DD-THH:mm (for datetime-local inputs). */
export const nowInShanghaiLocal = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16);

/** Calls `fn` once `ms` after the last call. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

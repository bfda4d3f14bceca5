/* /login: username and password → session cookie → the console of the role (or ?next=). */
import { addTexts, api, ApiError, applyStaticTexts, getLang, homeOf, onLangChange, setLang, t } from '/console/common.js';

addTexts({
  zh: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', busy: '正在登录…',
    note: '本系统含个人信息，仅限授权工作人员使用。',
    missing: '请输入用户名和密码。', wrong: '用户名或密码错误。', tooMany: '尝试次数过多，请稍后再试。',
  },
  en: {
    title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', busy: 'Logging in…',
    note: 'This system holds personal data; authorised staff only.',
    missing: 'Enter your username and password.', wrong: 'Wrong username or password.', tooMany: 'Too many attempts; try again later.',
  },
});

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');
const langButton = document.getElementById('lang');
let lastError = null;

/** Only a path on this site: never an absolute URL or a protocol-relative `//host`. */
function safeNext() {
  const next = new URLSearchParams(window.location.search).get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return null;
  return next;
}

function showError(key) {
  lastError = key;
  error.hidden = key === null;
  error.textContent = key === null ? '' : t(key);
}

function render() {
  applyStaticTexts();
  langButton.textContent = t('toggle');
  document.title = `${t('title')} · ${t('product')}`;
  if (lastError) showError(lastError);
}

langButton.addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
onLangChange(render);
render();

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = form.username.value.trim();
  const password = form.password.value;
  if (!username || !password) { showError('missing'); return; }
  showError(null);
  submit.disabled = true;
  submit.textContent = t('busy');
  try {
    const { body } = await api('POST', '/api/v1/auth/login', { username, password }, { allow401: true });
    window.location.assign(safeNext() ?? homeOf(body.user.role));
  } catch (err) {
    form.password.value = '';
    if (err instanceof ApiError && err.status === 401) showError('wrong');
    else if (err instanceof ApiError && err.status === 429) showError('tooMany');
    else { lastError = null; error.hidden = false; error.textContent = err instanceof ApiError && err.status >= 500 ? t('unavailable') : t('network'); }
  } finally {
    submit.disabled = false;
    submit.textContent = t('submit');
  }
});

// Already logged in: go straight on.
api('GET', '/api/v1/auth/me', undefined, { allow401: true })
  .then(({ body }) => { if (body?.user) window.location.replace(safeNext() ?? homeOf(body.user.role)); })
  .catch(() => { /* not logged in */ });

/* /console: the consoles a role may use (admins see all of them). */
import { h, mountHeader, onLangChange, replace, requireUser, t } from '/console/common.js';

const ALL = [
  { key: 'operator', href: '/console/operator', roles: ['operator', 'admin'] },
  { key: 'mediator', href: '/console/mediator', roles: ['mediator', 'enforcement', 'supervisor', 'admin'] },
  { key: 'admin', href: '/console/admin', roles: ['admin', 'supervisor'] },
  { key: 'board', href: '/board', roles: ['council', 'supervisor', 'admin', 'operator', 'mediator', 'enforcement'] },
];

const user = await requireUser();
mountHeader(document.getElementById('header'), { consoleKey: 'chooser', user });
const cards = document.getElementById('cards');
const render = () => replace(cards, ALL.filter((c) => c.roles.includes(user.role))
  .map((c) => h('a', { href: c.href, dataset: { testid: `console-${c.key}` } }, t(`consoles.${c.key}`))));
render();
onLangChange(render);

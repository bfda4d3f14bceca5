/**
 * The web consoles and the login page: static files under gateway/public (plain JavaScript modules,
 * no build step) under the gateway's helmet CSP (scripts from 'self' only, no inline scripts).
 * - `/login`: log in; redirects to the console of the role (decision 0011).
 * - `/console/operator`: the operators' intake form.
 * - `/console/mediator`: mediators', enforcement officers' and supervisors' queues and case pages.
 * - `/console/admin`: users and API keys (admins), the audit trail (admins and supervisors).
 * - `/console`: a chooser (for admins, who may use every console).
 * Pages are public files (outside the guarded prefixes of auth/policy.ts); the data behind them
 * needs a session, and the API answers 401 otherwise (the pages then go to /login).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));
/** `@cw/contracts`' built money.js (beside its index.js). */
const MONEY_MODULE = path.join(path.dirname(fileURLToPath(import.meta.resolve('@cw/contracts'))), 'money.js');

export function consoleRoutes(): Router {
  const router = Router();
  const consoleDir = path.join(PUBLIC_DIR, 'console');
  const loginDir = path.join(PUBLIC_DIR, 'login');
  const page = (dir: string, file: string): express.RequestHandler => (_req, res) => {
    res.set('cache-control', 'no-cache');
    res.sendFile(path.join(dir, file));
  };
  router.get('/login', page(loginDir, 'index.html'));
  router.use('/login', express.static(loginDir, { index: false, redirect: false, maxAge: 0 }));
  router.get('/console', page(consoleDir, 'index.html'));
  router.get('/console/operator', page(consoleDir, 'operator.html'));
  router.get('/console/mediator', page(consoleDir, 'mediator.html'));
  router.get('/console/admin', page(consoleDir, 'admin.html'));
  // The contracts' money module as it is (pure, no imports): the consoles convert and check yuan by the same rules.
  router.get('/console/lib/money.js', (_req, res) => {
    res.set('cache-control', 'no-cache');
    res.type('text/javascript').sendFile(MONEY_MODULE);
  });
  router.use('/console', express.static(consoleDir, { index: false, redirect: false, maxAge: 0 }));
  return router;
}

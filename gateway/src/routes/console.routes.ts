/**
 * The web consoles and the login page: static files under gateway/public (plain JavaScript modules,
 * no build step), served with helmet's CSP (scripts from 'self' only, no inline scripts).
 * - `/login`: log in; redirects to the console of the role (decision 0011).
 * - `/console/operator`: the operators' intake form.
 * - `/console/mediator`: mediators', enforcement officers' and supervisors' queues and case pages.
 * - `/console`: a chooser (for admins, who may use every console).
 * Pages are public files; the data behind them needs a session (the API answers 401 otherwise).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import helmet from 'helmet';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

export function consoleRoutes(): Router {
  const router = Router();
  const consoleDir = path.join(PUBLIC_DIR, 'console');
  const loginDir = path.join(PUBLIC_DIR, 'login');
  // As the board: no upgrade-insecure-requests, consoles run on office networks over plain HTTP too.
  const csp = helmet.contentSecurityPolicy({ useDefaults: true, directives: { upgradeInsecureRequests: null } });
  const page = (dir: string, file: string): express.RequestHandler => (_req, res) => {
    res.set('cache-control', 'no-cache');
    res.sendFile(path.join(dir, file));
  };
  router.use(['/login', '/console'], csp);
  router.get('/login', page(loginDir, 'index.html'));
  router.use('/login', express.static(loginDir, { index: false, redirect: false, maxAge: 0 }));
  router.get('/console', page(consoleDir, 'index.html'));
  router.get('/console/operator', page(consoleDir, 'operator.html'));
  router.get('/console/mediator', page(consoleDir, 'mediator.html'));
  router.use('/console', express.static(consoleDir, { index: false, redirect: false, maxAge: 0 }));
  return router;
}

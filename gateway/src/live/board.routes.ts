/**
 * The council board (`/board`): a static page under gateway/public/board with its scripts, and
 * ECharts from the npm package (no CDN: boards run on networks without internet). The socket.io
 * client is served by Socket.IO itself at `/socket.io/socket.io.js`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import helmet from 'helmet';

const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

export function boardRoutes(): Router {
  const router = Router();
  const boardDir = path.join(PUBLIC_DIR, 'board');
  const echartsDir = path.dirname(createRequire(import.meta.url).resolve('echarts'));
  // helmet's defaults (scripts from 'self' only) without upgrade-insecure-requests: boards are often
  // served over plain HTTP on an office network, where upgrading would break every asset.
  router.use('/board', helmet.contentSecurityPolicy({ useDefaults: true, directives: { upgradeInsecureRequests: null } }));
  router.get('/board', (_req, res) => { res.sendFile(path.join(boardDir, 'index.html')); });
  router.get('/board/vendor/echarts.min.js', (_req, res) => { res.sendFile(path.join(echartsDir, 'echarts.min.js'), { maxAge: '1d' }); });
  router.use('/board', express.static(boardDir, { index: false, redirect: false, maxAge: 0 }));
  return router;
}

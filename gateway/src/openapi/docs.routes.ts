import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { openApiDocument } from './document.js';

const require = createRequire(import.meta.url);
const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/api-docs');
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const { version } = require('../../package.json') as { version: string };
const VENDOR = ['swagger-ui-bundle.js', 'swagger-ui.css'];

/**
 * `GET /api/v1/openapi.json` (built once: its sources are code) and the reference page at
 * `/api/docs`, rendered by Swagger UI's bundle served from node_modules (no CDN, no extra package:
 * swagger-ui-dist has no runtime dependencies and no engine constraint).
 */
export function apiDocsRoutes(): Router {
  const router = Router();
  const document = openApiDocument(version);
  router.get('/api/v1/openapi.json', (_req, res) => { res.json(document); });
  router.get('/api/docs', (_req, res) => { res.sendFile(path.join(publicDir, 'index.html')); });
  router.get('/api/docs/docs.js', (_req, res) => { res.sendFile(path.join(publicDir, 'docs.js')); });
  for (const file of VENDOR) router.get(`/api/docs/${file}`, (_req, res) => { res.sendFile(path.join(swaggerDir, file), { maxAge: '1d' }); });
  return router;
}

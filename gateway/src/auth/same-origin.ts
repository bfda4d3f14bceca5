import type { RequestHandler } from 'express';
import { ForbiddenError } from './errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie sessions (issue 14 item 4), by the browser's own headers (OWASP: "verifying
 * origin with standard headers", and Fetch Metadata): a state-changing request that a browser sends
 * must come from this site's pages. `Sec-Fetch-Site` decides when present (`same-origin`, or `none`
 * for a user's own navigation); else `Origin` must be this host's origin or one of `allowedOrigins`.
 * Requests with an API key (`Authorization`) carry no ambient credential and pass; so do clients
 * that send neither header (curl, the 12345 bridge, tests): only browsers attach cookies for a
 * third-party page, and every browser that does sends one of them. SameSite=Lax on the cookie is the
 * second line.
 */
export function sameOrigin(allowedOrigins: readonly string[] = []): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, '')));
  return (req, _res, next) => {
    if (SAFE.has(req.method) || req.headers.authorization !== undefined) { next(); return; }
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const own = `${req.protocol}://${req.get('host') ?? ''}`;
    const fromHere = origin !== undefined && (origin === own || allowed.has(origin));
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none' || fromHere) { next(); return; }
    } else if (origin === undefined || fromHere) {
      next();
      return;
    }
    throw new ForbiddenError('State-changing requests must come from this site\'s own pages (cross-site request refused)', 'CROSS_SITE_REQUEST');
  };
}

import type express from 'express';

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

const join = (prefix: string, path: string) => (`${prefix}${path === '/' ? '' : path}` || '/');

/**
 * The routes Express has actually mounted (method + full path pattern), read from the router
 * stacks. A mounted sub-router whose own routes are opaque (bull-board) shows as `ALL <mount>`.
 */
export function listRoutes(app: express.Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      if (layer.route) {
        const path = typeof layer.route.path === 'string' ? layer.route.path : String(layer.route.path);
        for (const [m, on] of Object.entries(layer.route.methods)) if (on) out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: join(prefix, path) });
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack, join(prefix, raw));
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return out;
}

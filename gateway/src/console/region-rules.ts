import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRouter, loadRoutingConfig, type Router } from '@cw/routing';

export interface RegionRules {
  router: Router;
  /** First 12 hex digits of the file's SHA-256, as the router service records it. */
  version: string;
}

/**
 * The routing rules the router service uses (same `ROUTING_CONFIG` file), for suggestions while an
 * operator types and for district and category names. The file is read again when its modification
 * time changes (checked at most every `checkMs`), so a suggestion follows an edit as the router
 * does; a file that fails validation keeps the previous rules.
 */
export function createRegionRules(path: string, opts: { checkMs?: number; onError?: (err: Error) => void } = {}): () => RegionRules {
  const checkMs = opts.checkMs ?? 5000;
  const read = (): RegionRules => {
    const text = readFileSync(path, 'utf8');
    return { router: createRouter(loadRoutingConfig(JSON.parse(text) as unknown)), version: createHash('sha256').update(text).digest('hex').slice(0, 12) };
  };
  let active = read();
  let mtime = statSync(path).mtimeMs;
  let checkedAt = Date.now();
  return () => {
    if (Date.now() - checkedAt < checkMs) return active;
    checkedAt = Date.now();
    try {
      const m = statSync(path).mtimeMs;
      if (m !== mtime) { active = read(); mtime = m; }
    } catch (err) {
      opts.onError?.(err as Error);
    }
    return active;
  };
}

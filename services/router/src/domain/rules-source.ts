import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { createRouter, loadRoutingConfig, type Router } from '@cw/routing';
import type { Logger } from '@cw/platform';

export interface ActiveRules {
  router: Router;
  /** First 12 hex digits of the file's SHA-256: recorded on every routing decision. */
  version: string;
}

/** Reads and validates the rules file; throws a RoutingConfigError naming the failing pointer. */
export function readRules(path: string): ActiveRules {
  const text = readFileSync(path, 'utf8');
  const config = loadRoutingConfig(JSON.parse(text) as unknown);
  return { router: createRouter(config), version: createHash('sha256').update(text).digest('hex').slice(0, 12) };
}

/**
 * The rules in force, reloaded when the file changes. A file that fails validation is refused with
 * the reason in the log and the previous rules stay in force: a typo never stops routing.
 */
export function watchRules(path: string, logger: Logger) {
  let active = readRules(path);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    try {
      const next = readRules(path);
      if (next.version !== active.version) {
        active = next;
        logger.info({ version: next.version, path }, 'routing rules reloaded');
      }
    } catch (err) {
      logger.error({ err: (err as Error).message, path }, 'routing rules refused; keeping the previous rules');
    }
  };
  const start = () => {
    // Watch the directory: editors replace files by rename, which ends a watch on the file itself.
    watcher = watch(path.replace(/[^/]+$/, ''), () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 100);
    });
  };
  start();
  return {
    current: () => active,
    reload,
    stop: () => { clearTimeout(timer); watcher?.close(); },
  };
}

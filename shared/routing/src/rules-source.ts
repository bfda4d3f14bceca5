import { createHash } from 'node:crypto';
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { createRouter, type Router } from './router.js';
import { RoutingConfigError, loadRoutingConfig } from './schema.js';
import type { CategoryModel } from './model.js';
import type { RoutingConfig } from './types.js';

/** The little of a logger the watcher needs (pino's shape). */
export interface RulesLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ActiveRules {
  router: Router;
  /** First 12 hex digits of the file's SHA-256: recorded on every routing decision. */
  version: string;
}

/** The model file of a rules file: `<name>.model.json` beside `<name>.json`. */
export const modelPathOf = (rulesPath: string): string => rulesPath.replace(/(\.json)?$/, '.model.json');

export interface ReadRulesOptions {
  /**
   * Parse the category model (default true). Processes that only read the region's calendar and
   * deadlines (workflow, sla, stats) pass false: the parsed model is ≈ 5 MB of heap each, and they
   * never classify. The version still covers the model file, so it is the same in every process.
   */
  model?: boolean;
}

/**
 * Reads and validates the rules file, and the model beside it when there is one (model.ts);
 * throws a RoutingConfigError naming the failing pointer. The version covers both files.
 */
export function readRules(path: string, opts: ReadRulesOptions = {}): ActiveRules {
  const text = readFileSync(path, 'utf8');
  const config = loadRoutingConfig(JSON.parse(text) as unknown);
  const modelPath = modelPathOf(path);
  const modelText = existsSync(modelPath) ? readFileSync(modelPath, 'utf8') : undefined;
  const model = modelText === undefined || opts.model === false ? undefined : parseModel(modelText, modelPath);
  const hash = createHash('sha256').update(text);
  if (modelText !== undefined) hash.update(modelText);
  return { router: createRouter(config, model ? { model } : {}), version: hash.digest('hex').slice(0, 12) };
}

function parseModel(text: string, path: string): CategoryModel {
  const m = JSON.parse(text) as Partial<CategoryModel>;
  if (m.version !== 1 || !Array.isArray(m.labels) || !Array.isArray(m.priors) || typeof m.features !== 'object' || m.features === null) {
    throw new RoutingConfigError([{ pointer: '/', rule: 'model', message: `${path} is not a category model (version 1 with labels, priors and features)` }]);
  }
  return m as CategoryModel;
}

/**
 * The rules in force, reloaded when the file changes. A file that fails validation is refused with
 * the reason in the log and the previous rules stay in force: a typo never stops routing.
 */
export function watchRules(path: string, logger: RulesLogger, opts: ReadRulesOptions = {}) {
  let active = readRules(path, opts);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    try {
      const next = readRules(path, opts);
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

/**
 * Something built from the rules in force (a calendar, limits), built again only when the file's
 * version changes: `perRulesVersion(rules.current, (config) => …)`.
 */
export function perRulesVersion<T>(rules: () => ActiveRules, build: (config: RoutingConfig) => T): () => T {
  let memo: { version: string; value: T } | undefined;
  return () => {
    const active = rules();
    if (memo?.version !== active.version) memo = { version: active.version, value: build(active.router.config) };
    return memo.value;
  };
}

/** What routing needs of a case. */
export interface RoutingInput {
  category?: string | undefined;
  summary: string;
  narrative: string;
  business: { name: string; districtCode?: string | undefined; address?: string | undefined; platform?: string | undefined };
}

/** The routing of a case under the rules in force, with the rules that fired and their version (the data of `RouteCase`). */
export function decideRouting(rules: ActiveRules, r: RoutingInput) {
  const result = rules.router.route({
    category: r.category,
    summary: r.summary,
    narrative: r.narrative,
    business: r.business.name,
    districtCode: r.business.districtCode,
    address: r.business.address,
    platform: r.business.platform,
  });
  return {
    category: result.category,
    district: result.district,
    queue: result.queue,
    reasons: {
      category: { ruleId: result.reasons.category.ruleId, matched: result.reasons.category.matched },
      jurisdiction: { ruleId: result.reasons.jurisdiction.ruleId, matched: result.reasons.jurisdiction.matched },
    },
    configVersion: rules.version,
  };
}

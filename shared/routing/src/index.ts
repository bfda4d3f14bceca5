/**
 * @cw/routing — rule engine that assigns a consumer complaint/report a category (DOMAIN.md §6),
 * an owning district and a queue. Configuration is data (config/shanwei.json is the bundled default).
 *
 * @example
 * const router = createRouter(loadDefaultConfig());
 * router.route({ summary: '牛奶过期', address: '汕尾市海丰县梅陇镇某超市' });
 * // → { category: 'food', district: '441521', queue: '441521:food', ... }
 */
export { CATEGORY_CODES, isCategoryCode } from './types.js';
export type {
  CategoryCode,
  CategoryEntry,
  CategoryRule,
  ClassificationConfig,
  ClassifyInput,
  ClassifyResult,
  District,
  JurisdictionInput,
  JurisdictionResult,
  JurisdictionRuleId,
  LocalName,
  PlatformEntry,
  QueueConfig,
  RouteInput,
  RouteResult,
  RoutingConfig,
  RegionDeadlines,
  RegionPeriod,
} from './types.js';
export { ROUTING_CONFIG_SCHEMA, RoutingConfigError, assertRoutingConfig, loadRoutingConfig, regionDays } from './schema.js';
export type { ConfigIssue } from './schema.js';
export { OUTSIDE_REMIT, createRouter, routerFor, classify, resolveJurisdiction, route } from './router.js';
export type { Router, RouterOptions } from './router.js';
export { predict, ruleFeatures, textFeatures, trainCategoryModel } from './model.js';
export type { CategoryModel, Prediction, TrainingExample } from './model.js';
export { DEFAULT_CONFIG_PATH, DEFAULT_CONFIG_URL, loadDefaultConfig } from './default-config.js';
export { normalizeText } from './text.js';
export { decideRouting, perRulesVersion, readRules, watchRules, type ReadRulesOptions } from './rules-source.js';
export type { ActiveRules, RoutingInput, RulesLogger } from './rules-source.js';

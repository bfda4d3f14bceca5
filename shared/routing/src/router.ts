import { CATEGORY_CODES, isCategoryCode } from './types.js';
import type {
  CategoryCode,
  ClassifyInput,
  ClassifyResult,
  District,
  JurisdictionInput,
  JurisdictionResult,
  RouteInput,
  RouteResult,
  RoutingConfig,
} from './types.js';
import { keywordMatcher, normalizeText, patternMatcher } from './text.js';
import type { Matcher } from './text.js';
import { predict, ruleFeatures, textFeatures, type CategoryModel } from './model.js';

/** The model's label for texts outside market regulation (not a category). */
export const OUTSIDE_REMIT = 'outside-remit';

/** What a router may be given beyond its configuration. */
export interface RouterOptions {
  /** The learned fallback (model.ts); without it, rules alone decide. */
  model?: CategoryModel;
}

/** A router compiled from one configuration. All methods are pure and synchronous. */
export interface Router {
  readonly config: RoutingConfig;
  /** Category of a complaint/report text (see {@link ClassifyResult}). */
  classify(input: ClassifyInput): ClassifyResult;
  /** Owning district: explicit code → address keywords (longest) → platform rule → city bureau. */
  resolveJurisdiction(input: JurisdictionInput): JurisdictionResult;
  /** Category + district + queue name, with the reasons for both decisions. */
  route(input: RouteInput): RouteResult;
  /** Queue name for a category and district per the configured template. */
  queueName(district: string, category: CategoryCode): string;
  /** The district with this id, if configured. */
  district(id: string): District | undefined;
  /** The model's features of an input: its text's and the rules that fire on it (for training and evaluation). */
  modelFeatures(input: ClassifyInput): string[];
}

interface CompiledRule {
  id: string;
  category: CategoryCode;
  weight: number;
  matchers: Matcher[];
  requiresAny: Matcher[];
  unlessAny: Matcher[];
}

type Field = 'summary' | 'narrative' | 'business';
const FIELDS: readonly Field[] = ['summary', 'narrative', 'business'];

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Compile a validated configuration (see {@link loadRoutingConfig}) into a {@link Router}.
 * Compilation happens once; call again after a configuration reload.
 */
export function createRouter(config: RoutingConfig, opts: RouterOptions = {}): Router {
  const { fieldWeights, minScore, saturationScore } = config.classification;
  const order = new Map<CategoryCode, number>(config.categories.map((c, i) => [c.code, i]));
  const rank = (c: CategoryCode): number => order.get(c) ?? CATEGORY_CODES.indexOf(c) + 1000;

  const rules: CompiledRule[] = config.classification.rules.map((r) => ({
    id: r.id,
    category: r.category,
    weight: r.weight,
    matchers: [...(r.keywords ?? []).map(keywordMatcher), ...(r.patterns ?? []).map(patternMatcher)],
    requiresAny: (r.requiresAny ?? []).map(keywordMatcher),
    unlessAny: (r.unlessAny ?? []).map(keywordMatcher),
  }));

  const districts = new Map(config.districts.map((d) => [d.id, d]));
  const addressKeywords = config.districts
    .filter((d) => d.kind !== 'city')
    .flatMap((d) => d.keywords.map((k) => ({ district: d.id, keyword: k, norm: normalizeText(k) })));
  const platforms = config.platforms.map((p) => ({ ...p, norms: p.names.map((n) => normalizeText(n)) }));

  function classify(input: ClassifyInput): ClassifyResult {
    if (isCategoryCode(input.category)) {
      return { category: input.category, ruleId: 'explicit', matched: [input.category], confidence: 1, rules: ['explicit'], candidates: [] };
    }
    const { result: byRules, fired } = classifyByRules(input);
    const { model } = opts;
    const settings = config.classification.model;
    if (!model || !settings) return byRules;
    const prediction = predict(model, featuresOf(input, fired));
    const first = prediction.ranked[0]!;
    const outsideRemit = first.label === OUTSIDE_REMIT ? { outsideRemit: { p: round2(first.p), evidence: prediction.evidence } } : {};
    if (byRules.ruleId !== 'none' && byRules.confidence >= settings.ruleConfidence) return { ...byRules, ...outsideRemit };
    // The categories in the model's order; `outside-remit` is a flag beside the category, not one.
    const inRemit = prediction.ranked.filter((r): r is { label: CategoryCode; p: number } => isCategoryCode(r.label));
    const p = inRemit.reduce((sum, r) => sum + r.p, 0) || 1;
    const suggestions = inRemit.slice(0, 2).map((r) => ({ category: r.label, p: round2(r.p / p) }));
    const top = suggestions[0];
    if (!top) return { ...byRules, ...outsideRemit };
    return {
      category: top.category,
      ruleId: 'model',
      matched: prediction.evidence,
      confidence: top.p,
      rules: byRules.rules,
      candidates: byRules.candidates,
      model: { suggestions, evidence: prediction.evidence },
      ...outsideRemit,
    };
  }

  /** The model's features: the text's, and the ids of the rules that fired on it. */
  const featuresOf = (input: ClassifyInput, fired: string[]) =>
    [...textFeatures([input.summary, input.narrative, input.business].filter(Boolean).join('\n')), ...ruleFeatures(fired)];
  /** The rules' decision, and every rule that fired whatever its category (the model's rule features). */
  function classifyByRules(input: ClassifyInput): { result: ClassifyResult; fired: string[] } {
    const text: Record<Field, string> = {
      summary: normalizeText(input.summary),
      narrative: normalizeText(input.narrative),
      business: normalizeText(input.business),
    };
    const all = FIELDS.map((f) => text[f]).join('\n');

    const scores = new Map<CategoryCode, number>();
    const fired = new Map<CategoryCode, Array<{ id: string; score: number; matched: string[] }>>();
    for (const rule of rules) {
      let best = 0;
      const matched: string[] = [];
      for (const f of FIELDS) {
        if (!text[f]) continue;
        let hit = false;
        for (const m of rule.matchers) {
          const s = m.match(text[f]);
          if (s !== undefined) {
            hit = true;
            if (!matched.includes(s)) matched.push(s);
          }
        }
        if (hit) best = Math.max(best, fieldWeights[f]);
      }
      if (best === 0) continue;
      if (rule.requiresAny.length > 0 && !rule.requiresAny.some((m) => m.match(all) !== undefined)) continue;
      if (rule.unlessAny.some((m) => m.match(all) !== undefined)) continue;
      const score = rule.weight * best;
      scores.set(rule.category, (scores.get(rule.category) ?? 0) + score);
      const list = fired.get(rule.category) ?? [];
      list.push({ id: rule.id, score, matched });
      fired.set(rule.category, list);
    }

    const firedIds = [...fired.values()].flat().map((r) => r.id);
    const candidates = [...scores.entries()]
      .filter(([, s]) => s > 0)
      .sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))
      .map(([category, score]) => ({ category, score: round2(score) }));
    const top = candidates[0];
    if (top === undefined || top.score < minScore) {
      return { result: { category: 'other', ruleId: 'none', matched: [], confidence: 0, rules: [], candidates }, fired: firedIds };
    }
    const second = candidates[1]?.score ?? 0;
    const positive = (fired.get(top.category) ?? []).filter((r) => r.score > 0).sort((a, b) => b.score - a.score);
    const margin = top.score / (top.score + second);
    const strength = Math.min(1, top.score / saturationScore);
    return {
      result: {
        category: top.category,
        ruleId: positive[0]?.id ?? 'none',
        matched: [...new Set(positive.flatMap((r) => r.matched))],
        confidence: round2(margin * strength),
        rules: positive.map((r) => r.id),
        candidates,
      },
      fired: firedIds,
    };
  }

  function resolveJurisdiction(input: JurisdictionInput): JurisdictionResult {
    const code = input.districtCode?.trim();
    if (code && districts.has(code)) return { district: code, ruleId: 'district-code', matched: [code] };

    const address = normalizeText(input.address);
    if (address) {
      let best: { district: string; keyword: string; len: number; at: number } | undefined;
      for (const k of addressKeywords) {
        const at = address.indexOf(k.norm);
        if (at < 0) continue;
        const len = [...k.norm].length;
        if (!best || len > best.len || (len === best.len && at < best.at)) best = { district: k.district, keyword: k.keyword, len, at };
      }
      if (best) return { district: best.district, ruleId: 'address', matched: [best.keyword] };
    }

    const platform = normalizeText(input.platform);
    if (platform) {
      for (const p of platforms) {
        const i = p.norms.findIndex((n) => platform === n || platform.includes(n));
        if (i >= 0) return { district: p.district, ruleId: 'platform', matched: [p.names[i] ?? p.id] };
      }
      return { district: config.cityBureau, ruleId: 'platform', matched: [input.platform?.trim() ?? platform] };
    }
    return { district: config.cityBureau, ruleId: 'city-default' };
  }

  function queueName(district: string, category: CategoryCode): string {
    return config.queues.template.replaceAll('{district}', district).replaceAll('{category}', category);
  }

  function route(input: RouteInput): RouteResult {
    const c = classify(input);
    const j = resolveJurisdiction(input);
    // Unmatched: no rule fired and no model, or the model is not sure enough.
    // A text the model finds outside market regulation goes to a person too: the flag is a suggestion.
    const unmatched = c.ruleId === 'none' || c.outsideRemit !== undefined
      || (c.ruleId === 'model' && c.confidence < (config.classification.model?.minConfidence ?? 0));
    const triage =
      config.queues.triagePolicy === 'category-unmatched' ? unmatched : unmatched && j.ruleId === 'city-default';
    return {
      category: c.category,
      district: j.district,
      queue: triage ? config.queues.triage : queueName(j.district, c.category),
      triage,
      reasons: {
        category: {
          ruleId: c.ruleId, matched: c.matched, confidence: c.confidence,
          ...(c.model ? { suggestions: c.model.suggestions } : {}),
          ...(c.outsideRemit ? { outsideRemit: c.outsideRemit } : {}),
        },
        jurisdiction: { ruleId: j.ruleId, matched: j.matched ?? [] },
      },
    };
  }

  return {
    config, classify, resolveJurisdiction, route, queueName, district: (id) => districts.get(id),
    modelFeatures: (input) => featuresOf(input, classifyByRules(input).fired),
  };
}

const cache = new WeakMap<RoutingConfig, Router>();
/** The compiled router for a configuration object, memoised per object identity. */
export function routerFor(config: RoutingConfig): Router {
  let r = cache.get(config);
  if (!r) cache.set(config, (r = createRouter(config)));
  return r;
}

/** {@link Router.classify} for a configuration (compiled once per config object). */
export function classify(input: ClassifyInput, config: RoutingConfig): ClassifyResult {
  return routerFor(config).classify(input);
}

/** {@link Router.resolveJurisdiction} for a configuration (compiled once per config object). */
export function resolveJurisdiction(input: JurisdictionInput, config: RoutingConfig): JurisdictionResult {
  return routerFor(config).resolveJurisdiction(input);
}

/** {@link Router.route} for a configuration (compiled once per config object). */
export function route(input: RouteInput, config: RoutingConfig): RouteResult {
  return routerFor(config).route(input);
}

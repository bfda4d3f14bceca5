import { CATEGORY_CODES, type Category } from '@cw/contracts';

/** The category codes of DOMAIN.md §6 (defined once, in `@cw/contracts`): every region's configuration classifies into this set. */
export { CATEGORY_CODES };

/** One of {@link CATEGORY_CODES}. */
export type CategoryCode = Category;

/** True when `value` is one of the category codes of DOMAIN.md §6. */
export function isCategoryCode(value: unknown): value is CategoryCode {
  return typeof value === 'string' && (CATEGORY_CODES as readonly string[]).includes(value);
}

/** A display name in Chinese and English. */
export interface LocalName {
  zh: string;
  en: string;
}

/**
 * A unit that can own cases: the city bureau, a county-level office, or a functional zone's
 * office. `id` is what cases and queues store; for county-level units it is the 6-digit
 * administrative division code, for zones without a code of their own it is
 * `<city code>-<suffix>` (e.g. `441500-HHW`).
 */
export interface District {
  id: string;
  kind: 'city' | 'county' | 'zone';
  /** Official administrative division code, when the unit has one. */
  adminCode?: string;
  name: LocalName;
  /**
   * Address keywords: the unit's own names and its towns/streets. Matched as substrings of a
   * normalised address; the longest match wins. Ignored for the `city` unit (whose name appears
   * in nearly every address).
   */
  keywords: string[];
  /** Set when the data still has to be confirmed by the bureau. */
  verify?: boolean;
  note?: string;
}

/** An e-commerce platform and the district that registered it (DOMAIN.md §6, platform rule). */
export interface PlatformEntry {
  id: string;
  /** Names and aliases, matched case-insensitively against the `platform` input. */
  names: string[];
  /** District id (must exist in `districts`) that has jurisdiction when a seller shows no local address. */
  district: string;
  /** Where the operator is registered, for the record (may be outside the region). */
  registeredAddress?: string;
  note?: string;
}

/** Display names of a category. */
export interface CategoryEntry {
  code: CategoryCode;
  name: LocalName;
}

/**
 * A weighted keyword rule. It fires when any keyword/pattern occurs in a text field, all
 * `requiresAny` context (if given) occurs somewhere in the input, and no `unlessAny` word occurs
 * anywhere in the input. It adds `weight × (largest weight of the fields it fired in)` to its
 * category; weights may be negative (a contextual rule that argues against a category).
 *
 * Keywords are matched on NFKC-normalised, lower-cased text. CJK keywords match as substrings.
 * ASCII keywords match whole words; a trailing `*` makes them prefixes (`overcharg*`).
 * `patterns` are JavaScript regular expressions (flags `iu`) over the same normalised text.
 */
export interface CategoryRule {
  id: string;
  category: CategoryCode;
  weight: number;
  keywords?: string[];
  patterns?: string[];
  requiresAny?: string[];
  unlessAny?: string[];
  note?: string;
}

/** Classification settings. */
export interface ClassificationConfig {
  /** Multipliers for the input fields; the summary is an operator's digest and weighs more. */
  fieldWeights: { summary: number; narrative: number; business: number };
  /** The winning category needs at least this score, else the result is `other` / `none`. */
  minScore: number;
  /** Score at which the strength part of the confidence saturates to 1. */
  saturationScore: number;
  /**
   * The learned fallback (model.ts), when the router is given a model: rules decide alone when
   * their confidence reaches `ruleConfidence`; otherwise the model does, and a model decision
   * below `minConfidence` goes to triage with its two best suggestions.
   */
  model?: { ruleConfidence: number; minConfidence: number; note?: string };
  rules: CategoryRule[];
}

/**
 * Queue naming. `template` is expanded with `{district}` and `{category}`;
 * `triagePolicy` decides when a case goes to the `triage` queue instead:
 * - `category-unmatched`: whenever no category rule fired (ruleId `none`);
 * - `both-unknown`: only when no category rule fired AND the jurisdiction fell back to the city default.
 */
export interface QueueConfig {
  template: string;
  triage: string;
  triagePolicy: 'category-unmatched' | 'both-unknown';
}

/** A region's routing configuration (see config/shanwei.json and the JSON Schema in schema.ts). */
export interface RoutingConfig {
  $schema?: string;
  version: 1;
  region: { code: string; name: LocalName; province: LocalName; note?: string };
  /** District id of the city bureau: the default owner and the platform-rule fallback. */
  cityBureau: string;
  districts: District[];
  platforms: PlatformEntry[];
  categories: CategoryEntry[];
  classification: ClassificationConfig;
  queues: QueueConfig;
  /** The region's working days and 12345 limits (absent: the national calendar, Guangdong's 12345 limits). */
  deadlines?: RegionDeadlines;
}

/** A time limit in the region file, as the contracts' `ClockPeriod`. */
export interface RegionPeriod { days: number; unit: 'working' | 'calendar' }

/**
 * What a region sets about deadlines (DOMAIN.md §4–5): local closures (e.g. a province's extension
 * of a holiday) and extra working days on top of the national schedule, and the province's 12345
 * limits (acknowledge, reply by request type).
 */
export interface RegionDeadlines {
  closures?: { from: string; to: string; reason: string }[];
  workdays?: { date: string; reason: string }[];
  hotline12345?: { acknowledge: RegionPeriod; reply: Record<string, RegionPeriod> };
  note?: string;
}

/** Input of {@link Router.classify}. */
export interface ClassifyInput {
  /** A category chosen by the operator; wins when it is a valid code. */
  category?: string | undefined;
  summary: string;
  narrative?: string | undefined;
  /** Business name or type as recorded (e.g. "某4S店"), weighed like the narrative by default. */
  business?: string | undefined;
}

/** Result of {@link Router.classify}. */
export interface ClassifyResult {
  category: CategoryCode;
  /** `explicit`, `none`, or the id of the strongest rule of the winning category. */
  ruleId: string;
  /** Keywords / pattern matches that fired for the winning category, strongest rule first. */
  matched: string[];
  /** 0 for `none`, 1 for `explicit`, else margin over the runner-up × strength of the score. */
  confidence: number;
  /** All rule ids that fired for the winning category, strongest first. */
  rules: string[];
  /** Categories with a positive text score, best first (for suggestions while typing); empty for `explicit`. */
  candidates: Array<{ category: CategoryCode; score: number }>;
  /**
   * Set when the model decided (`ruleId` is `model`): its two best categories with their
   * probabilities, and the features that argued most for the first (words, character pairs, rules).
   */
  model?: { suggestions: Array<{ category: CategoryCode; p: number }>; evidence: string[] };
  /**
   * Set when the model finds the text outside market regulation (Order 121 Art 16 item 1): a
   * suggestion to the operator and the mediator, never applied by itself.
   */
  outsideRemit?: { p: number; evidence: string[] };
}

/** Input of {@link Router.resolveJurisdiction}. */
export interface JurisdictionInput {
  districtCode?: string | undefined;
  /** Address of the business (for an e-commerce seller: the address the platform shows). */
  address?: string | undefined;
  /** Platform name when the business is an e-commerce seller (e.g. "淘宝", "抖音"). */
  platform?: string | undefined;
}

/** How the jurisdiction was decided. */
export type JurisdictionRuleId = 'district-code' | 'address' | 'platform' | 'city-default';

/** Result of {@link Router.resolveJurisdiction}. */
export interface JurisdictionResult {
  /** District id (see {@link District.id}). */
  district: string;
  ruleId: JurisdictionRuleId;
  /** The code, address keyword or platform name that decided it (absent for `city-default`). */
  matched?: string[];
}

/** Input of {@link Router.route}. */
export type RouteInput = ClassifyInput & JurisdictionInput;

/** Result of {@link Router.route}. */
export interface RouteResult {
  category: CategoryCode;
  district: string;
  queue: string;
  /** True when `queue` is the triage queue. */
  triage: boolean;
  reasons: {
    category: { ruleId: string; matched: string[]; confidence: number; suggestions?: Array<{ category: CategoryCode; p: number }>; outsideRemit?: { p: number; evidence: string[] } };
    jurisdiction: { ruleId: JurisdictionRuleId; matched: string[] };
  };
}

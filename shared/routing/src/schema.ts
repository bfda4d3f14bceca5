import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { REQUEST_TYPES_12345 } from '@cw/contracts';
import { CATEGORY_CODES } from './types.js';
import type { RoutingConfig } from './types.js';
import { patternMatcher, normalizeText } from './text.js';

const localName = {
  type: 'object',
  required: ['zh', 'en'],
  additionalProperties: false,
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
} as const;

const nonEmptyStrings = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const period = {
  type: 'object',
  required: ['days', 'unit'],
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 1, maximum: 365 }, unit: { enum: ['working', 'calendar'] } },
} as const;
const idPattern = '^[0-9]{6}(-[A-Z0-9]{1,12})?$';

/** JSON Schema (draft-07) of a routing configuration file. */
export const ROUTING_CONFIG_SCHEMA = {
  $id: 'https://cw.local/schemas/routing-config.json',
  title: 'Routing configuration of one region (@cw/routing)',
  type: 'object',
  required: ['version', 'region', 'cityBureau', 'districts', 'platforms', 'categories', 'classification', 'queues'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    deadlines: {
      type: 'object',
      additionalProperties: false,
      properties: {
        closures: {
          type: 'array',
          items: { type: 'object', required: ['from', 'to', 'reason'], additionalProperties: false, properties: { from: isoDate, to: isoDate, reason: { type: 'string', minLength: 1 } } },
        },
        workdays: {
          type: 'array',
          items: { type: 'object', required: ['date', 'reason'], additionalProperties: false, properties: { date: isoDate, reason: { type: 'string', minLength: 1 } } },
        },
        hotline12345: {
          type: 'object',
          required: ['acknowledge', 'reply'],
          additionalProperties: false,
          properties: {
            acknowledge: period,
            reply: {
              type: 'object',
              required: [...REQUEST_TYPES_12345],
              additionalProperties: false,
              properties: Object.fromEntries(REQUEST_TYPES_12345.map((t) => [t, period])),
            },
          },
        },
        note: { type: 'string' },
      },
    },
    version: { const: 1 },
    region: {
      type: 'object',
      required: ['code', 'name', 'province'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', pattern: '^[0-9]{6}$' },
        name: localName,
        province: localName,
        note: { type: 'string' },
      },
    },
    cityBureau: { type: 'string', pattern: idPattern },
    districts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'kind', 'name', 'keywords'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: idPattern },
          kind: { enum: ['city', 'county', 'zone'] },
          adminCode: { type: 'string', pattern: '^[0-9]{6}$' },
          name: localName,
          keywords: nonEmptyStrings,
          verify: { type: 'boolean' },
          note: { type: 'string' },
        },
      },
    },
    platforms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'names', 'district'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          names: { ...nonEmptyStrings, minItems: 1 },
          district: { type: 'string', pattern: idPattern },
          registeredAddress: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'name'],
        additionalProperties: false,
        properties: { code: { enum: [...CATEGORY_CODES] }, name: localName },
      },
    },
    classification: {
      type: 'object',
      required: ['fieldWeights', 'minScore', 'saturationScore', 'rules'],
      additionalProperties: false,
      properties: {
        fieldWeights: {
          type: 'object',
          required: ['summary', 'narrative', 'business'],
          additionalProperties: false,
          properties: {
            summary: { type: 'number', minimum: 0 },
            narrative: { type: 'number', minimum: 0 },
            business: { type: 'number', minimum: 0 },
          },
        },
        minScore: { type: 'number', exclusiveMinimum: 0 },
        saturationScore: { type: 'number', exclusiveMinimum: 0 },
        model: {
          type: 'object',
          required: ['ruleConfidence', 'minConfidence'],
          additionalProperties: false,
          properties: {
            ruleConfidence: { type: 'number', minimum: 0, maximum: 1 },
            minConfidence: { type: 'number', minimum: 0, maximum: 1 },
            note: { type: 'string' },
          },
        },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'category', 'weight'],
            anyOf: [{ required: ['keywords'] }, { required: ['patterns'] }],
            additionalProperties: false,
            properties: {
              id: { type: 'string', pattern: '^[a-z0-9-]+\\.[a-z0-9.-]+$' },
              category: { enum: CATEGORY_CODES.filter((c) => c !== 'other') },
              weight: { type: 'number', not: { const: 0 } },
              keywords: { ...nonEmptyStrings, minItems: 1 },
              patterns: { ...nonEmptyStrings, minItems: 1 },
              requiresAny: { ...nonEmptyStrings, minItems: 1 },
              unlessAny: { ...nonEmptyStrings, minItems: 1 },
              note: { type: 'string' },
            },
          },
        },
      },
    },
    queues: {
      type: 'object',
      required: ['template', 'triage', 'triagePolicy'],
      additionalProperties: false,
      properties: {
        template: { type: 'string', pattern: '\\{district\\}' },
        triage: { type: 'string', minLength: 1 },
        triagePolicy: { enum: ['category-unmatched', 'both-unknown'] },
      },
    },
  },
} as const;

/** One problem found in a configuration: JSON pointer into the document, the rule broken, a message. */
export interface ConfigIssue {
  pointer: string;
  rule: string;
  message: string;
}

/** Thrown by {@link loadRoutingConfig}; `message` names the first failing JSON pointer and rule. */
export class RoutingConfigError extends Error {
  readonly pointer: string;
  readonly rule: string;
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    const first = issues[0] ?? { pointer: '', rule: 'unknown', message: 'invalid configuration' };
    const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
    super(`invalid routing config at ${first.pointer || '/'}: ${first.rule}: ${first.message}${more}`);
    this.name = 'RoutingConfigError';
    this.pointer = first.pointer;
    this.rule = first.rule;
    this.issues = issues;
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validateSchema = ajv.compile(ROUTING_CONFIG_SCHEMA);

const escPtr = (s: string): string => s.replace(/~/gu, '~0').replace(/\//gu, '~1');

function fromAjv(e: ErrorObject): ConfigIssue {
  let pointer = e.instancePath;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof p['missingProperty'] === 'string') pointer += '/' + escPtr(p['missingProperty']);
  if (e.keyword === 'additionalProperties' && typeof p['additionalProperty'] === 'string')
    pointer += '/' + escPtr(p['additionalProperty']);
  return { pointer, rule: e.keyword, message: `${e.message ?? 'invalid'} (schema ${e.schemaPath})` };
}

/** Checks that JSON Schema cannot express: references, uniqueness, regex syntax, coverage. */
function semanticIssues(c: RoutingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const ids = new Map<string, number>();
  c.districts.forEach((d, i) => {
    if (ids.has(d.id)) issues.push({ pointer: `/districts/${i}/id`, rule: 'unique-district-id', message: `duplicate district id ${d.id}` });
    ids.set(d.id, i);
  });
  const cityIdx = ids.get(c.cityBureau);
  if (cityIdx === undefined)
    issues.push({ pointer: '/cityBureau', rule: 'known-district', message: `${c.cityBureau} is not a district id` });
  else if (c.districts[cityIdx]?.kind !== 'city')
    issues.push({ pointer: '/cityBureau', rule: 'city-kind', message: `district ${c.cityBureau} must have kind "city"` });

  const keywordOwner = new Map<string, string>();
  c.districts.forEach((d, i) => {
    if (d.kind === 'city') return;
    d.keywords.forEach((k, j) => {
      const n = normalizeText(k);
      const owner = keywordOwner.get(n);
      if (owner !== undefined && owner !== d.id)
        issues.push({ pointer: `/districts/${i}/keywords/${j}`, rule: 'unique-address-keyword', message: `"${k}" is also a keyword of ${owner}` });
      keywordOwner.set(n, d.id);
    });
  });

  c.platforms.forEach((p, i) => {
    if (!ids.has(p.district))
      issues.push({ pointer: `/platforms/${i}/district`, rule: 'known-district', message: `${p.district} is not a district id` });
  });

  const seen = new Set<string>();
  c.categories.forEach((cat, i) => {
    if (seen.has(cat.code)) issues.push({ pointer: `/categories/${i}/code`, rule: 'unique-category', message: `duplicate category ${cat.code}` });
    seen.add(cat.code);
  });
  for (const code of CATEGORY_CODES)
    if (!seen.has(code)) issues.push({ pointer: '/categories', rule: 'all-categories', message: `category ${code} is missing` });

  const ruleIds = new Set<string>();
  c.classification.rules.forEach((r, i) => {
    if (ruleIds.has(r.id)) issues.push({ pointer: `/classification/rules/${i}/id`, rule: 'unique-rule-id', message: `duplicate rule id ${r.id}` });
    ruleIds.add(r.id);
    if (!r.id.startsWith(r.category + '.'))
      issues.push({ pointer: `/classification/rules/${i}/id`, rule: 'rule-id-prefix', message: `rule id must start with "${r.category}."` });
    (r.patterns ?? []).forEach((p, j) => {
      try {
        patternMatcher(p);
      } catch (err) {
        issues.push({ pointer: `/classification/rules/${i}/patterns/${j}`, rule: 'valid-regex', message: (err as Error).message });
      }
    });
  });
  issues.push(...deadlineIssues(c));
  if (!c.queues.template.includes('{category}'))
    issues.push({ pointer: '/queues/template', rule: 'queue-template', message: 'template must contain {category}' });
  return issues;
}

/** A real calendar date (the pattern lets 2026-02-30 through). */
const realDate = (d: string): boolean => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** Closures run forwards, at most 60 days, on real dates; no day is both a closure and a working day. */
function deadlineIssues(c: RoutingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const closed = regionDays(c).extraClosures;
  (c.deadlines?.closures ?? []).forEach((r, i) => {
    for (const k of ['from', 'to'] as const) {
      if (!realDate(r[k])) issues.push({ pointer: `/deadlines/closures/${i}/${k}`, rule: 'real-date', message: `${r[k]} is not a calendar date` });
    }
    const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
    if (days < 0) issues.push({ pointer: `/deadlines/closures/${i}/to`, rule: 'range-order', message: `${r.to} is before ${r.from}` });
    else if (days > 60) issues.push({ pointer: `/deadlines/closures/${i}/to`, rule: 'range-length', message: 'a closure is at most 61 days' });
  });
  (c.deadlines?.workdays ?? []).forEach((w, i) => {
    if (!realDate(w.date)) issues.push({ pointer: `/deadlines/workdays/${i}/date`, rule: 'real-date', message: `${w.date} is not a calendar date` });
    else if (closed.includes(w.date)) issues.push({ pointer: `/deadlines/workdays/${i}/date`, rule: 'closure-or-workday', message: `${w.date} is also a closure` });
  });
  return issues;
}

/**
 * The region's extra closed days (every day of each closure) and extra working days, as the
 * working-day calendar takes them (`createCalendar` of @cw/calendar).
 */
export function regionDays(c: Pick<RoutingConfig, 'deadlines'>): { extraClosures: string[]; extraWorkdays: string[] } {
  const extraClosures: string[] = [];
  for (const r of c.deadlines?.closures ?? []) {
    if (!realDate(r.from) || !realDate(r.to)) continue;
    for (let t = Date.parse(`${r.from}T00:00:00Z`), end = Date.parse(`${r.to}T00:00:00Z`), n = 0; t <= end && n <= 61; t += 86_400_000, n += 1) {
      extraClosures.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return { extraClosures: [...new Set(extraClosures)].sort(), extraWorkdays: (c.deadlines?.workdays ?? []).map((w) => w.date).sort() };
}

/**
 * Validate a parsed JSON value as a routing configuration: JSON Schema (ajv) first, then the
 * semantic checks (district references, unique ids and address keywords, regex syntax, all
 * categories named). Throws {@link RoutingConfigError} naming the failing JSON pointer and rule.
 */
export function assertRoutingConfig(json: unknown): asserts json is RoutingConfig {
  if (!validateSchema(json)) throw new RoutingConfigError((validateSchema.errors ?? []).map(fromAjv));
  const issues = semanticIssues(json as unknown as RoutingConfig);
  if (issues.length > 0) throw new RoutingConfigError(issues);
}

/**
 * Parse and validate a routing configuration. Accepts the parsed JSON value or the JSON text.
 * Returns a deep-frozen copy. Throws {@link RoutingConfigError} (or SyntaxError for bad JSON text).
 */
export function loadRoutingConfig(json: unknown): RoutingConfig {
  const value: unknown = typeof json === 'string' ? JSON.parse(json) : structuredClone(json);
  assertRoutingConfig(value);
  return deepFreeze(value);
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

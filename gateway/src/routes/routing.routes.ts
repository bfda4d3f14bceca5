import { Router } from 'express';
import { ValidationError, type ErrorDetail } from '@cw/platform';
import type { ActiveRules as RegionRules } from '@cw/routing';
import { requireJson } from '../problem.js';

const FIELDS = { text: 20000, summary: 500, narrative: 20000, businessName: 200, address: 500, platform: 100, districtCode: 16 } as const;
type SuggestInput = Partial<Record<keyof typeof FIELDS, string>>;

function assertSuggestInput(body: unknown): SuggestInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('Body must be a JSON object', [{ pointer: '/', rule: 'type', message: 'must be an object' }]);
  }
  const details: ErrorDetail[] = [];
  const out: SuggestInput = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    const max = (FIELDS as Record<string, number>)[k];
    if (max === undefined) { details.push({ pointer: `/${k}`, rule: 'additionalProperties', message: 'is not a known field' }); continue; }
    if (typeof v !== 'string' || v.length > max) { details.push({ pointer: `/${k}`, rule: 'type', message: `must be a string of at most ${max} characters` }); continue; }
    out[k as keyof typeof FIELDS] = v;
  }
  if (details.length > 0) throw new ValidationError('Invalid suggestion request', details);
  return out;
}

/**
 * `POST /api/v1/routing/suggest`: what the router would decide for the text typed so far: the
 * category with the rule that fired and the keywords it matched, the other candidates, the
 * district and the queue; when the model decided, its two best suggestions, and its flag for a text
 * outside market regulation. Same rules and region file as the router service (`ROUTING_CONFIG`).
 * Nothing is stored or logged; the text is only classified.
 */
export function routingRoutes(deps: { rules: () => RegionRules }) {
  const router = Router();
  router.post('/suggest', requireJson, (req, res) => {
    const input = assertSuggestInput(req.body);
    const { router: r, version } = deps.rules();
    const names = new Map(r.config.categories.map((c) => [c.code, c.name]));
    const nameOf = (code: string) => names.get(code as never) ?? { zh: code, en: code };
    // `text` is the whole account when the form has no separate summary yet.
    const text = { summary: input.summary ?? input.text ?? '', narrative: input.summary === undefined ? undefined : input.narrative ?? input.text, business: input.businessName };
    const result = r.route({ ...text, address: input.address, platform: input.platform, districtCode: input.districtCode || undefined });
    const { candidates } = r.classify(text);
    const district = r.district(result.district);
    res.json({
      category: { code: result.category, ...nameOf(result.category), ruleId: result.reasons.category.ruleId, matched: result.reasons.category.matched, confidence: result.reasons.category.confidence },
      candidates: candidates.map((c) => ({ code: c.category, ...nameOf(c.category), score: c.score })),
      district: { code: result.district, zh: district?.name.zh ?? result.district, en: district?.name.en ?? result.district, ruleId: result.reasons.jurisdiction.ruleId, matched: result.reasons.jurisdiction.matched },
      queue: result.queue,
      triage: result.triage,
      // The model's two best categories when it decided (ruleId "model"), and its flag for texts
      // outside market regulation (Order 121 Art 16 item 1): suggestions, never applied by themselves.
      suggestions: (result.reasons.category.suggestions ?? []).map((s) => ({ code: s.category, ...nameOf(s.category), p: s.p })),
      ...(result.reasons.category.outsideRemit ? { outsideRemit: { ...result.reasons.category.outsideRemit, ground: 'no-authority', item: 1, zh: '建议不予受理：不属于市场监督管理部门职责（第一项）', en: 'Suggest: not accepted, item 1 (outside market regulation)' } } : {}),
      configVersion: version,
    });
  });
  return router;
}

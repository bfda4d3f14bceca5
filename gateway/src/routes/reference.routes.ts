import { Router } from 'express';
import {
  CALLBACK_RESULT_LABELS, CASE_OUTCOME_LABELS, CASE_STATUS_LABELS, CHANNEL_LABELS, CLOCK_LABELS, DECLINE_REASONS, EVENT_TYPE_LABELS,
  DISPUTE_OUTCOME_LABELS, KIND_LABELS, MEDIATION_TERMINATED_REASONS, NOT_ACCEPTED_REASONS, NOTICE_METHOD_LABELS, PAUSE_REASON_LABELS, TRANSFER_TARGET_LABELS,
} from '@cw/contracts';
import type { ActiveRules as RegionRules } from '@cw/routing';

/** The region's district and category names by code (exports, reference). */
export function codeNamesOf(rules: RegionRules) {
  const config = rules.router.config;
  const districts = new Map(config.districts.map((d) => [d.id, d.name]));
  const categories = new Map<string, { zh: string; en: string }>(config.categories.map((c) => [c.code, c.name]));
  return { district: (code: string) => districts.get(code), category: (code: string) => categories.get(code) };
}

/**
 * `GET /api/v1/reference`: the code tables the consoles display (reason codes, statuses, outcomes,
 * events, clocks, categories and districts of the region), each code with Chinese and English text.
 * Codes are what the API stores and accepts; the text is for people.
 */
export function referenceRoutes(deps: { rules: () => RegionRules }) {
  const router = Router();
  router.get('/', (_req, res) => {
    const { router: r, version } = deps.rules();
    const config = r.config;
    res.set('cache-control', 'private, max-age=60');
    res.json({
      region: { code: config.region.code, name: config.region.name, cityBureau: config.cityBureau, configVersion: version },
      districts: config.districts.map((d) => ({ code: d.id, kind: d.kind, zh: d.name.zh, en: d.name.en })),
      categories: config.categories.map((c) => ({ code: c.code, zh: c.name.zh, en: c.name.en })),
      notAcceptedReasons: NOT_ACCEPTED_REASONS,
      mediationTerminatedReasons: MEDIATION_TERMINATED_REASONS,
      declineReasons: DECLINE_REASONS,
      callbackResults: CALLBACK_RESULT_LABELS,
      pauseReasons: PAUSE_REASON_LABELS,
      transferTargets: TRANSFER_TARGET_LABELS,
      noticeMethods: NOTICE_METHOD_LABELS,
      disputeOutcomes: DISPUTE_OUTCOME_LABELS,
      statuses: CASE_STATUS_LABELS,
      outcomes: CASE_OUTCOME_LABELS,
      events: EVENT_TYPE_LABELS,
      clocks: CLOCK_LABELS,
      kinds: KIND_LABELS,
      channels: CHANNEL_LABELS,
    });
  });
  return router;
}

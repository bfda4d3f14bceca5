/**
 * The learned fallback of classification (issue 13): a naive Bayes model over the features of a
 * text, trained from the labelled corpus (corpus/texts.jsonl) by `npm run train:routing`, its
 * model file versioned beside the rules it was trained with. Pure: no I/O, no clock.
 *
 * Features are sets (a feature counts once per text, Bernoulli-style counting in a multinomial
 * model): CJK character unigrams and bigrams, English words, and the ids of the rules that fired
 * (so the model learns how far to trust each rule). No word segmenter: measured, words added
 * nothing over character pairs (decision 0031).
 */
import { normalizeText } from './text.js';

/** A trained model, as stored in the model file. */
export interface CategoryModel {
  version: 1;
  /** What it was trained on: the corpus file's SHA-256, the number of texts, the rules file's version. */
  trainedOn: { corpusSha256: string; texts: number; note?: string };
  /** Class labels: the category codes, and `outside-remit` (DOMAIN.md Order 121 Art 16 item 1). */
  labels: string[];
  /** log P(label). */
  priors: number[];
  /** log P(feature present | label), for features seen at least `minCount` times in training. */
  features: Record<string, number[]>;
}

export interface Prediction {
  /** Labels by posterior probability, best first. */
  ranked: { label: string; p: number }[];
  /** The features that argued most for the best label over the runner-up, strongest first. */
  evidence: string[];
}

const HAN = /\p{Script=Han}+/gu;
const LATIN = /[a-z][a-z0-9'-]+/g;
/** English words too common to tell categories apart. */
const ENGLISH_STOP = new Set(['the', 'and', 'for', 'was', 'were', 'are', 'is', 'it', 'in', 'on', 'at', 'to', 'of', 'my', 'me', 'we', 'our', 'they', 'this', 'that', 'with', 'have', 'has', 'had', 'but', 'not', 'a', 'an', 'be', 'so', 'he', 'she', 'his', 'her', 'i', 'you']);

/** The text features of a text (see the module comment). */
export function textFeatures(text: string): string[] {
  const t = normalizeText(text);
  const out = new Set<string>();
  for (const run of t.match(HAN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]!);
      if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  for (const w of t.match(LATIN) ?? []) if (!ENGLISH_STOP.has(w)) out.add(`e:${w}`);
  return [...out];
}

/** Features that say which rules fired: `r:<rule id>`. */
export const ruleFeatures = (ruleIds: readonly string[]): string[] => ruleIds.map((id) => `r:${id}`);

export interface TrainingExample { label: string; features: string[] }

/**
 * Trains the model: additive smoothing `alpha`; features seen fewer than `minCount` times are
 * dropped (they rarely generalise and they bloat the file). Deterministic: the same examples give
 * the same file byte for byte (labels and features sorted, probabilities rounded).
 */
export function trainCategoryModel(examples: readonly TrainingExample[], opts: { alpha?: number; minCount?: number; trainedOn: CategoryModel['trainedOn'] }): CategoryModel {
  const alpha = opts.alpha ?? 0.1;
  const minCount = opts.minCount ?? 2;
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const docs = new Array<number>(labels.length).fill(0);
  const counts = new Map<string, number[]>();
  for (const e of examples) {
    const c = index.get(e.label)!;
    docs[c] = docs[c]! + 1;
    for (const f of new Set(e.features)) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = new Array<number>(labels.length).fill(0)));
      row[c] = row[c]! + 1;
    }
  }
  const kept = [...counts.entries()].filter(([, row]) => row.reduce((a, b) => a + b, 0) >= minCount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Denominator per label: documents of the label (presence counting) smoothed over the kept vocabulary.
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const features: Record<string, number[]> = {};
  for (const [f, row] of kept) features[f] = row.map((n, c) => round(Math.log((n + alpha) / (docs[c]! + 2 * alpha))));
  return {
    version: 1,
    trainedOn: opts.trainedOn,
    labels,
    priors: docs.map((n) => round(Math.log(n / examples.length))),
    features,
  };
}

/**
 * Posterior over the labels for a set of features. Features the model never kept are ignored.
 * Naive Bayes is overconfident on many correlated features (bigrams overlap): the scores are
 * divided by √(features present) before the softmax, which keeps the probabilities usable as a
 * confidence (the threshold below which a case goes to triage).
 */
export function predict(model: CategoryModel, features: readonly string[]): Prediction {
  const n = model.labels.length;
  const score = [...model.priors];
  const present: [string, number[]][] = [];
  for (const f of new Set(features)) {
    const row = model.features[f];
    if (!row) continue;
    present.push([f, row]);
    for (let c = 0; c < n; c++) score[c] = score[c]! + row[c]!;
  }
  const temperature = Math.sqrt(Math.max(1, present.length));
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp((s - max) / temperature));
  const z = exp.reduce((a, b) => a + b, 0);
  const ranked = model.labels.map((label, c) => ({ label, p: exp[c]! / z })).sort((a, b) => b.p - a.p || (a.label < b.label ? -1 : 1));
  const best = model.labels.indexOf(ranked[0]!.label);
  const second = model.labels.indexOf(ranked[1]?.label ?? ranked[0]!.label);
  const evidence = present
    .map(([f, row]) => [f, row[best]! - row[second]!] as const)
    .filter(([, d]) => d > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([f]) => f);
  return { ranked, evidence };
}

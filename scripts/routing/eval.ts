/**
 * `npm run eval:routing`: k-fold cross-validation of routing on the labelled corpus. For each fold
 * the model is trained on the other folds and the fold's texts are routed as the router would
 * (rules first when confident, the model otherwise, triage below its confidence). Prints the
 * category accuracy, the share sent to triage, a confusion matrix, the outside-the-remit flag's
 * precision and recall, the district accuracy, and the time per text. Figures, no assertions
 * (decision 0031 keeps them).
 */
import { performance } from 'node:perf_hooks';
import { createRouter, loadDefaultConfig, OUTSIDE_REMIT, type RouteResult } from '@cw/routing';
import { foldOf, readCorpus, routeInputOf, type CorpusText } from './corpus.js';
import { trainFrom } from './train.js';

const K = Number(process.env.FOLDS ?? 5);
const config = loadDefaultConfig();
const { texts, sha256 } = readCorpus();
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
const expectedDistrict = (t: CorpusText) => (t.district === 'city' ? config.cityBureau : t.district);

interface Outcome { text: CorpusText; result: RouteResult; ms: number }

function evaluate(name: string, route: (t: CorpusText, fold: number) => RouteResult): Outcome[] {
  const out: Outcome[] = [];
  for (const text of texts) {
    const t0 = performance.now();
    const result = route(text, foldOf(text, K));
    out.push({ text, result, ms: performance.now() - t0 });
  }
  const inRemit = out.filter((o) => o.text.label !== OUTSIDE_REMIT);
  const right = inRemit.filter((o) => o.result.category === o.text.label).length;
  const triaged = inRemit.filter((o) => o.result.triage);
  const decided = inRemit.filter((o) => !o.result.triage);
  const rightDecided = decided.filter((o) => o.result.category === o.text.label).length;
  const flagged = out.filter((o) => o.result.reasons.category.outsideRemit);
  const flaggedRight = flagged.filter((o) => o.text.label === OUTSIDE_REMIT).length;
  const outside = out.filter((o) => o.text.label === OUTSIDE_REMIT).length;
  const withDistrict = out.filter((o) => o.text.district);
  const districtRight = withDistrict.filter((o) => o.result.district === expectedDistrict(o.text)).length;
  const ms = out.reduce((s, o) => s + o.ms, 0) / out.length;
  console.log(`\n## ${name}`);
  console.log(`category right            ${right} of ${inRemit.length} (${pct(right, inRemit.length)})`);
  console.log(`sent to triage            ${triaged.length} (${pct(triaged.length, inRemit.length)}); right among the rest ${pct(rightDecided, decided.length)}`);
  console.log(`outside the remit flagged ${flagged.length}: precision ${pct(flaggedRight, flagged.length)}, recall ${pct(flaggedRight, outside)} of ${outside}`);
  console.log(`district right            ${districtRight} of ${withDistrict.length} (${pct(districtRight, withDistrict.length)})`);
  console.log(`routing time              ${ms.toFixed(3)} ms per text (mean)`);
  return out;
}

function confusion(out: Outcome[]) {
  const labels = [...new Set(out.map((o) => o.text.label))].filter((l) => l !== OUTSIDE_REMIT).sort();
  const predicted = [...labels.filter((l) => l !== 'other'), 'other'];
  const short = (l: string) => l.replace('drug-cosmetic-device', 'drug').replace('special-equipment', 'special').replace('contract-service', 'contract').replace('product-quality', 'quality').replace('advertising', 'advert');
  const head = ['label \\ routed', ...predicted.map(short), 'triage', 'right'];
  const rows = labels.map((l) => {
    const mine = out.filter((o) => o.text.label === l);
    const cells = predicted.map((p) => String(mine.filter((o) => !o.result.triage && o.result.category === p).length));
    return [short(l), ...cells, String(mine.filter((o) => o.result.triage).length), pct(mine.filter((o) => o.result.category === l).length, mine.length)];
  });
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padStart(width[i]!)).join('  '));
}

console.log(`routing evaluation: ${texts.length} texts, ${K}-fold cross-validation (corpus ${sha256.slice(0, 12)})`);
const rulesOnly = createRouter(config);
evaluate('rules alone (no model)', (t) => rulesOnly.route(routeInputOf(t)));
const routers = Array.from({ length: K }, (_, k) => createRouter(config, { model: trainFrom(texts.filter((t) => foldOf(t, K) !== k), sha256) }));
const withModel = evaluate(`rules, then the model (trained on the other ${K - 1} folds)`, (t, fold) => routers[fold]!.route(routeInputOf(t)));
console.log('\nconfusion (rows: the corpus label; columns: where the router sent it)');
confusion(withModel);

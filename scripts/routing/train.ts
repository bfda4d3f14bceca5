/**
 * `npm run train:routing`: trains the category model from the corpus with the rules of the
 * bundled configuration and writes shared/routing/config/shanwei.model.json (beside the rules it was trained with). Deterministic: run on
 * an unchanged corpus and rules it writes the same bytes (a unit test checks the committed file).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRouter, loadDefaultConfig, trainCategoryModel, type CategoryModel } from '@cw/routing';
import { MODEL_PATH, readCorpus, routeInputOf, type CorpusText } from './corpus.js';

export function trainFrom(texts: readonly CorpusText[], sha256: string): CategoryModel {
  const router = createRouter(loadDefaultConfig());
  return trainCategoryModel(texts.map((t) => ({ label: t.label, features: router.modelFeatures(routeInputOf(t)) })), {
    trainedOn: { corpusSha256: sha256, texts: texts.length },
  });
}

export const serialise = (model: CategoryModel): string => `${JSON.stringify(model)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { texts, sha256 } = readCorpus();
  const model = trainFrom(texts, sha256);
  mkdirSync(dirname(MODEL_PATH), { recursive: true });
  writeFileSync(MODEL_PATH, serialise(model));
  console.log(`trained on ${texts.length} texts: ${model.labels.length} labels, ${Object.keys(model.features).length} features → ${MODEL_PATH}`);
}

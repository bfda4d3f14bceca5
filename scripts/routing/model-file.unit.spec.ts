import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { MODEL_PATH, readCorpus } from './corpus.js';
import { serialise, trainFrom } from './train.js';

describe('the committed routing model', () => {
  it('is what the corpus and the rules train today (run npm run train:routing after editing either)', () => {
    const { texts, sha256 } = readCorpus();
    const committed = readFileSync(MODEL_PATH, 'utf8');
    expect(JSON.parse(committed).trainedOn.corpusSha256, 'trained on another corpus').to.equal(sha256);
    expect(committed === serialise(trainFrom(texts, sha256)), 'the model file differs from a fresh training').to.equal(true);
  });
});

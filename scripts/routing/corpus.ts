/** The labelled routing corpus (shared/routing/corpus/texts.jsonl; SOURCES.md says where its phrasing comes from). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RouteInput } from '@cw/routing';

export const CORPUS_PATH = fileURLToPath(new URL('../../shared/routing/corpus/texts.jsonl', import.meta.url));
export const MODEL_PATH = fileURLToPath(new URL('../../shared/routing/config/shanwei.model.json', import.meta.url));

export interface CorpusText {
  id: string;
  /** A category code, or `outside-remit`. */
  label: string;
  kind: 'complaint' | 'report';
  summary: string;
  narrative?: string;
  address?: string;
  /** The expected office: a district id, `city`, or `out-of-region`. */
  district?: string;
  style: string[];
  domain: string;
  source: string;
}

export function readCorpus(path = CORPUS_PATH): { texts: CorpusText[]; sha256: string } {
  const raw = readFileSync(path, 'utf8');
  const texts = raw.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusText);
  return { texts, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** What the router is given for a corpus text (the address is the business's). */
export const routeInputOf = (t: CorpusText): RouteInput => ({ summary: t.summary, narrative: t.narrative, address: t.address });

/** The fold of a text among `k`, from its id (stable whatever the file's order). */
export const foldOf = (t: CorpusText, k: number): number => createHash('sha256').update(t.id).digest().readUInt32BE(0) % k;

/**
 * Historical import (docs/import-format.md): one NDJSON line per past 12315 record with its
 * workflow steps. Shared by `npm run import`, `npm run demo:2020` and `POST /api/v1/imports`.
 * The steps travel with the record on the bulk lane `intake.imports`; the workflow applies them
 * with the case's registration and first routing, so nothing waits on the client.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '@cw/errors';
import { validateIntakeRecord12315, type IntakeMessage, type IntakeRecord12315 } from './intake.js';
import { assertCaseCommand, isSystemCommand } from './messages/index.js';
import { intakeKey } from './storage.js';
import { commandIds } from './command-ids.js';

export interface ImportStep { type: string; occurredAt: string; case?: 'complaint' | 'report'; [payload: string]: unknown }
export interface ImportLine { record: IntakeRecord12315; steps?: ImportStep[] }

/** A stable case id from the source key and the part, so a redelivered record maps to the same case. */
export function caseIdFor(sourceKey: string, part: string): string {
  const h = createHash('sha256').update(`${sourceKey}#${part}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The intake key of lead `leadNo` found while mediating complaint `caseId`; the report's id is `caseIdFor(key, 'report')`. */
export const leadSourceKey = (caseId: string, leadNo: number): string => intakeKey('lead', `${caseId}#${leadNo}`);

/** Validates one step (type importable, instant parseable, payload per its schema); throws naming `at`. */
export function assertImportStep(step: { type: unknown; occurredAt: unknown; data: unknown }, at: string, pointer: string): void {
  const type = String(step.type);
  if (isSystemCommand(type)) throw new ValidationError(`${at}: ${type} is done by the system`, [{ pointer: `${pointer}/type`, rule: 'enum', message: 'not an importable step' }]);
  if (typeof step.occurredAt !== 'string' || Number.isNaN(Date.parse(step.occurredAt))) {
    throw new ValidationError(`${at}: occurredAt must be an ISO instant`, [{ pointer: `${pointer}/occurredAt`, rule: 'format', message: 'must be an ISO instant' }]);
  }
  try {
    assertCaseCommand({ type, data: step.data });
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError(`${at}: ${e.message}`, e.details.map((d) => ({ ...d, pointer: `${pointer}${d.pointer}` })));
    throw e;
  }
}

/** Parses and validates a whole file first: a bad file is refused whole, naming line and field. */
export function parseImport(text: string): ImportLine[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const seen = new Set<string>();
  return lines.map((raw, i) => {
    const at = `line ${i + 1}`;
    let value: ImportLine;
    try { value = JSON.parse(raw) as ImportLine; } catch { throw new ValidationError(`${at}: not valid JSON`, [{ pointer: `/${i}`, rule: 'json', message: 'not valid JSON' }]); }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ValidationError(`${at}: must be an object`, [{ pointer: `/${i}`, rule: 'type', message: 'must be an object {record, steps}' }]);
    validateIntakeRecord12315.assert(value.record, `${at} record`);
    if (seen.has(value.record.sourceRef)) throw new ValidationError(`${at}: sourceRef ${value.record.sourceRef} appears twice`, [{ pointer: `/${i}/record/sourceRef`, rule: 'unique', message: 'appears twice in the file' }]);
    seen.add(value.record.sourceRef);
    if (value.steps !== undefined && !Array.isArray(value.steps)) throw new ValidationError(`${at}: steps must be an array`, [{ pointer: `/${i}/steps`, rule: 'type', message: 'must be an array' }]);
    if ((value.steps?.length ?? 0) > 100) throw new ValidationError(`${at}: at most 100 steps`, [{ pointer: `/${i}/steps`, rule: 'maxItems', message: 'at most 100 steps' }]);
    for (const [j, step] of (value.steps ?? []).entries()) {
      const { type, occurredAt, case: part, ...data } = step;
      if (part !== undefined && part !== 'complaint' && part !== 'report') throw new ValidationError(`${at} step ${j + 1}: case must be complaint or report`, [{ pointer: `/${i}/steps/${j}/case`, rule: 'enum', message: 'complaint or report' }]);
      assertImportStep({ type, occurredAt, data }, `${at} step ${j + 1}`, `/${i}/steps/${j}`);
    }
    return value;
  });
}

/** The `intake.records` message for one line, keyed like live records (same partition per source). */
export function importMessage(line: ImportLine, source = 'import'): { key: string; value: IntakeMessage & { history?: unknown[] } } {
  const key = intakeKey('12315', line.record.sourceRef);
  const history = (line.steps ?? []).map(({ type, occurredAt, case: part, ...data }) => ({ type, occurredAt, ...(part ? { case: part } : {}), data }));
  return { key, value: { type: 'IntakeRecord12315', version: 1, id: `import:${key}`, source, data: line.record, ...(history.length > 0 ? { history } : {}) } };
}

/** The cases one line becomes, with the command id that marks its history replayed (or its registration). */
export function expectedCases(line: ImportLine): { caseId: string; kind: 'complaint' | 'report'; doneCommandId: string }[] {
  const key = intakeKey('12315', line.record.sourceRef);
  const kinds = line.record.kind === 'complaint+report' ? (['complaint', 'report'] as const) : [line.record.kind];
  const first = kinds[0]!;
  return kinds.map((kind) => {
    const caseId = caseIdFor(key, kind);
    const hasSteps = (line.steps ?? []).some((s) => (s.case ?? first) === kind);
    return { caseId, kind, doneCommandId: hasSteps ? commandIds.history(caseId) : commandIds.register(caseId) };
  });
}

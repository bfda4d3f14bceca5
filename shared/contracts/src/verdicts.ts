import { commandIds } from './command-ids.js';
import type { CaseDoc, CommandResultDoc } from './storage.js';
import { isSystemCommand } from './messages/index.js';

/**
 * The workflow stores the verdict of a command someone waits for: a command people send, and any
 * refusal. An applied registration and an imported case's history are not stored again as
 * verdicts: the case document records both (it exists; `historyPending` / `historyRefused`), and
 * their verdicts are read from it. That saves one or two document writes per case on the bulk lane.
 */
export const storesVerdict = (v: Pick<CommandResultDoc, 'type' | 'status'>) => v.status !== 'applied' || !isSystemCommand(v.type);

/** What a derived command id names: the registration or the imported history of a case. */
export function derivedVerdictTarget(commandId: string): { caseId: string; what: 'register' | 'history' } | null {
  for (const what of ['register', 'history'] as const) {
    const prefix = commandIds[what]('');
    if (commandId.startsWith(prefix) && commandId.length > prefix.length) return { caseId: commandId.slice(prefix.length), what };
  }
  return null;
}

type CaseFacts = Pick<CaseDoc, '_id' | 'version' | 'updatedAt' | 'historyPending' | 'historyRefused'>;

/**
 * The verdict of a registration or an imported history, from the case document (null while the
 * case is not registered or its history is still waiting for the first routing).
 */
export function verdictFromCase(commandId: string, doc: CaseFacts | null): CommandResultDoc | null {
  const target = derivedVerdictTarget(commandId);
  if (!target || !doc || doc._id !== target.caseId) return null;
  const base = { _id: commandId, caseId: doc._id, version: doc.version, recordedAt: doc.updatedAt };
  if (target.what === 'register') return { ...base, type: 'RegisterCase', status: 'applied' };
  if (doc.historyPending === true) return null;
  return doc.historyRefused
    ? { ...base, type: 'ImportHistory', status: 'rejected', code: doc.historyRefused.code, reason: doc.historyRefused.reason }
    : { ...base, type: 'ImportHistory', status: 'applied' };
}

/**
 * A command's verdict, stored or derived: `findVerdict` and `findCase` read by `_id`. For a derived
 * id the case is read first (its usual answer); when the case is absent, a stored refusal of its
 * registration answers (a refused registration leaves no case, and its history never comes).
 */
export async function lookUpVerdict(
  commandId: string,
  read: { findVerdict(id: string): Promise<CommandResultDoc | null>; findCase(id: string): Promise<CaseFacts | null> },
): Promise<CommandResultDoc | null> {
  const target = derivedVerdictTarget(commandId);
  if (!target) return read.findVerdict(commandId);
  const doc = await read.findCase(target.caseId);
  if (doc) return verdictFromCase(commandId, doc);
  return read.findVerdict(commandIds.register(target.caseId));
}

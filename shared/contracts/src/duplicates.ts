import { createHash } from 'node:crypto';

/**
 * The key of the "same caller, same business, last 30 days" hint (docs/decisions/0011-consoles.md).
 * The intake service records case numbers under it; the operators' console asks for them while a
 * call is logged. Only the hash is stored with the case numbers, so the hint store never holds a
 * phone number or a name in clear.
 */

/** Digits only, without a +86 / 0086 country prefix: `+86 138-0013-8000` → `13800138000`. */
export function normalisePhoneForKey(phone: string): string {
  const digits = phone.normalize('NFKC').replace(/\D/g, '');
  if (digits.startsWith('0086') && digits.length > 11) return digits.slice(4);
  if (digits.startsWith('86') && digits.length === 13) return digits.slice(2);
  return digits;
}

/**
 * NFKC (full-width → half-width), lower case, without spaces and punctuation:
 * `海丰县 某超市（人民路店）` and `海丰县某超市(人民路店)` give the same name.
 */
export function normaliseBusinessNameForKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/** `dup1:` + SHA-256 (hex) of the normalised phone and business name; null when either is empty. */
export function duplicateHintKey(phone: string, businessName: string): string | null {
  const p = normalisePhoneForKey(phone);
  const b = normaliseBusinessNameForKey(businessName);
  if (p.length < 5 || b.length === 0) return null;
  return `dup1:${createHash('sha256').update(`${p}\u0000${b}`).digest('hex')}`;
}

/**
 * The key of "same reporter, same business" among reports (DOMAIN.md §3: a duplicate report is not
 * handled again, or merged under SAMR-121): `dupr1:` + SHA-256, apart from the complaints' keys.
 */
export function duplicateReportKey(phone: string, businessName: string): string | null {
  const k = duplicateHintKey(phone, businessName);
  return k === null ? null : `dupr1:${k.slice('dup1:'.length)}`;
}

/** Days before its receipt in which an earlier report of the same reporter about the same business flags a report (intake's default; `DUPLICATE_REPORT_WINDOW_DAYS`). */
export const DUPLICATE_REPORT_WINDOW_DAYS = 90;

/** Days a previous complaint counts as "recent" for the hint. */
export const DUPLICATE_HINT_WINDOW_DAYS = 30;

/**
 * One document per complaint (collection `duplicate_hints`, `_id` = key + case id), found by its
 * key `k`: a case number and its receipt date, nothing personal. Insert-only, so a batch writes its
 * hints in one request and concurrent writers never touch the same document.
 */
export interface DuplicateHintDoc {
  _id: string;
  k: string;
  caseNo: string;
  receivedOn: string;
  /** The case (reports' entries: a duplicate can be merged into it). */
  caseId?: string;
}

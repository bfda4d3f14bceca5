/**
 * Money, exactly: amounts travel as yuan decimal strings ('350.00') and are added and stored as
 * integer fen (BigInt), so '0.10' + '0.20' is '0.30' and nothing is ever a float. The one place
 * for yuan ↔ fen in the system (the workflow, stats, the demo generator, the exports and the consoles use it).
 */
const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/**
 * An amount a person enters (and the schemas accept): at most 12 digits of yuan and 2 of fen. The
 * consoles load this module as it is (`/console/lib/money.js`), so they check amounts by the same rule.
 */
export const YUAN_INPUT_PATTERN = '^(0|[1-9]\\d{0,11})(\\.\\d{1,2})?$';
const YUAN_INPUT = new RegExp(YUAN_INPUT_PATTERN);
export const isYuanInput = (s: string): boolean => YUAN_INPUT.test(s);

/** Integer fen of a yuan string with at most two decimals; throws RangeError otherwise. */
export function yuanToFen(yuan: string): bigint {
  const m = YUAN.exec(yuan);
  if (m === null) throw new RangeError(`not a yuan amount with at most two decimals: '${yuan}'`);
  return BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** Yuan string with exactly two decimals, e.g. 35000n → '350.00' (a difference may be negative). */
export function fenToYuan(fen: bigint): string {
  const neg = fen < 0n;
  const s = (neg ? -fen : fen).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** The same amount written with two decimals ('350' → '350.00', '0.1' → '0.10'). */
export function normalizeYuan(yuan: string): string {
  return fenToYuan(yuanToFen(yuan));
}

/** Exact sum of yuan strings, two decimals. */
export function addYuan(...amounts: string[]): string {
  return fenToYuan(amounts.reduce((sum, a) => sum + yuanToFen(a), 0n));
}

/**
 * Exact yuan arithmetic on decimal strings. Amounts are converted to integer fen (BigInt), so
 * '0.10' + '0.20' is '0.30' and nothing is ever a float.
 */
const YUAN = /^(0|[1-9]\d*)(?:\.(\d{1,2}))?$/;

/** Integer fen of a yuan string with at most two decimals; throws RangeError otherwise. */
export function toFen(yuan: string): bigint {
  const m = YUAN.exec(yuan);
  if (m === null) throw new RangeError(`not a yuan amount with at most two decimals: '${yuan}'`);
  const whole = m[1] ?? '0';
  const fraction = (m[2] ?? '').padEnd(2, '0');
  return BigInt(whole) * 100n + BigInt(fraction);
}

/** Yuan string with exactly two decimals, e.g. 35000n → '350.00'. */
export function fromFen(fen: bigint): string {
  if (fen < 0n) throw new RangeError('negative amounts are not recorded');
  const s = fen.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

/** The same amount written with two decimals ('350' → '350.00', '0.1' → '0.10'). */
export function normalizeYuan(yuan: string): string {
  return fromFen(toFen(yuan));
}

/** Exact sum of yuan strings, two decimals. */
export function addYuan(...amounts: string[]): string {
  return fromFen(amounts.reduce((sum, a) => sum + toFen(a), 0n));
}

import { expect } from 'chai';
import fc from 'fast-check';
import { addYuan, fenToYuan, normalizeYuan, yuanToFen } from './money.js';

describe('money (exact yuan strings)', () => {
  it("'0.10' + '0.20' = '0.30' (no float drift)", () => {
    expect(addYuan('0.10', '0.20')).to.equal('0.30');
    expect(0.1 + 0.2).to.not.equal(0.3); // the reason for this module
  });

  it('normalises to two decimals', () => {
    expect(normalizeYuan('350')).to.equal('350.00');
    expect(normalizeYuan('350.5')).to.equal('350.50');
    expect(normalizeYuan('0')).to.equal('0.00');
    expect(normalizeYuan('0.05')).to.equal('0.05');
  });

  it('sums large amounts exactly', () => {
    expect(addYuan('999999999999.99', '0.01')).to.equal('1000000000000.00');
    expect(addYuan()).to.equal('0.00');
  });

  it('rejects more than two decimals, signs, leading zeros and junk', () => {
    for (const bad of ['1.234', '-1', '01', '1.', '.5', '1e3', '', ' 1', '1,000']) {
      expect(() => yuanToFen(bad), bad).to.throw(RangeError);
    }
  });

  it('writes negative differences with their sign', () => {
    expect(fenToYuan(-5n)).to.equal('-0.05');
    expect(fenToYuan(402400000n)).to.equal('4024000.00');
  });

  it('fen round-trips (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });

  it('addition is exact integer-fen addition (property)', () => {
    const yuan = fc.bigInt({ min: 0n, max: 10n ** 12n }).map(fenToYuan);
    fc.assert(fc.property(yuan, yuan, yuan, (a, b, c) => yuanToFen(addYuan(a, b, c)) === yuanToFen(a) + yuanToFen(b) + yuanToFen(c)));
  });
});

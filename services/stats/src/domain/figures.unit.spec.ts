import { expect } from 'chai';
import { RATE_FIGURES, compareRates, fenToYuan, figuresOf, rateOf, settleOpenItems, sumCounters } from '@cw/contracts';
import { yuanToFen as toFen } from '@cw/contracts';

describe('stats: rates and money', () => {
  it('reproduces the seed report: 9,681 / 9,994 → 96.87% → "96.9%"', () => {
    expect(rateOf(9681, 9994)).to.deep.equal({ numerator: 9681, denominator: 9994, fraction: '9681/9994', percent: '96.87', display: '96.9%', smallSample: false });
  });

  const table: [number, number, string | null, string | null][] = [
    [1, 8, '12.50', '12.5%'],
    [1, 3, '33.33', '33.3%'],
    [2, 3, '66.67', '66.7%'],
    [1, 16, '6.25', '6.3%'], // half-up at the display digit: 6.25 → 6.3
    [96849, 100000, '96.85', '96.8%'], // display from the exact value, not from the rounded 96.85
    [5, 5, '100.00', '100.0%'],
    [0, 7, '0.00', '0.0%'],
    [0, 0, null, null],
  ];
  for (const [n, d, percent, display] of table) {
    it(`${n}/${d} → ${percent} / ${display}`, () => {
      const r = rateOf(n, d);
      expect([r.percent, r.display]).to.deep.equal([percent, display]);
    });
  }

  it('flags samples under 30', () => {
    expect(rateOf(29, 29).smallSample).to.equal(true);
    expect(rateOf(29, 30).smallSample).to.equal(false);
  });

  it('ranks big samples by rate (exact), small samples last', () => {
    const rates = [rateOf(28, 29), rateOf(90, 100), rateOf(1, 1), rateOf(95, 100), rateOf(180, 200)];
    const sorted = [...rates].sort(compareRates).map((r) => r.fraction);
    expect(sorted).to.deep.equal(['95/100', '180/200', '90/100', '1/1', '28/29']);
  });

  it('sums money exactly beyond 2^53 fen in total', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const { recoveredFen } = sumCounters([{ recoveredFen: big }, { recoveredFen: big }, { recoveredFen: 2 }]);
    expect(recoveredFen).to.equal(2n * BigInt(big) + 2n);
  });

  it('converts yuan strings to fen and back without floats', () => {
    expect(toFen('0.1') + toFen('0.2')).to.equal(30n);
    expect(fenToYuan(toFen('4024000'))).to.equal('4024000.00');
    expect(() => toFen('1.234')).to.throw(RangeError);
  });

  it('gives every figure with numerator and denominator', () => {
    const f = figuresOf([{ accepted: 9994, acceptedSucceeded: 9681, mediationSucceeded: 9600, recoveredFen: 402400000, mediationClosed: 9994, complaintsClosed: 10300 }]);
    expect(f.rates.mediationSuccessRate).to.include({ fraction: '9681/9994', display: '96.9%' });
    expect(f.rates.mediationSuccessRate!.definition.zh).to.contain('本期受理的投诉');
    expect(f.rates.mediationSuccessRateOfClosed).to.include({ fraction: '9600/10300' });
    expect(f.moneyRecovered.yuan).to.equal('4024000.00');
    expect(f.counts.accepted!.value).to.equal(9994);
  });

  describe('rates by what fell due (settleOpenItems)', () => {
    // One report verified on time in May; one overdue in May that sla never flagged; one due in June, still open.
    const rows = [
      { month: '2026-05', c: { verificationDue: 1, verificationOnTime: 1, verificationOpen: 1 } },
      { month: '2026-06', c: { verificationOpen: 1 } },
    ];

    it('an unflagged overdue report is late once its month has ended: May is 1/2, not 1/1', () => {
      const may = figuresOf(settleOpenItems([rows[0]!], '2026-06-10')).rates.onTimeVerificationRate!;
      expect(may).to.include({ fraction: '1/2', notYetDue: 0 });
    });

    it('in the running month open items are not yet counted, and are shown as not yet due', () => {
      const all = figuresOf(settleOpenItems(rows, '2026-06-10')).rates.onTimeVerificationRate!;
      expect(all).to.include({ fraction: '1/2', notYetDue: 1 });
      const inMay = figuresOf(settleOpenItems(rows, '2026-05-20')).rates.onTimeVerificationRate!;
      expect(inMay).to.include({ fraction: '1/1', notYetDue: 2 });
    });

    it('every rate names its definition, in Chinese and English', () => {
      for (const f of RATE_FIGURES) {
        expect(f.definition.zh, f.id).to.match(/÷/);
        expect(f.definition.en, f.id).to.match(/÷/);
      }
    });
  });
});

import { expect } from 'chai';
import { RULE_SETS, SAMR_121_EFFECTIVE_FROM, computeDeadline, ruleSetFor } from './index.js';

describe('rule sets', () => {
  it('chooses the rule set by date of receipt (SAMR-121 from 2026-04-15 inclusive)', () => {
    expect(SAMR_121_EFFECTIVE_FROM).to.equal('2026-04-15');
    expect(ruleSetFor('2020-09-28')).to.equal('SAMR-20');
    expect(ruleSetFor('2026-04-14')).to.equal('SAMR-20');
    expect(ruleSetFor('2026-04-15')).to.equal('SAMR-121');
    expect(ruleSetFor('2027-01-01')).to.equal('SAMR-121');
    expect(() => ruleSetFor('2026/04/15')).to.throw(RangeError);
  });

  it('holds the DOMAIN.md §3 deadlines as data', () => {
    const w = (days: number) => ({ days, unit: 'working' });
    expect(RULE_SETS['SAMR-20']).to.deep.include({
      accept: w(7), mediation: w(45), terminationNotice: w(7),
      verification: w(15), verificationExtension: w(15), leadVerification: w(15), jurisdictionDispute: w(7),
    });
    expect(RULE_SETS['SAMR-121']).to.deep.include({
      accept: w(7), mediation: { days: 60, unit: 'calendar' }, terminationNotice: w(7),
      verification: w(15), verificationExtension: w(15), leadVerification: w(15), jurisdictionDispute: w(7),
    });
    expect(Object.isFrozen(RULE_SETS['SAMR-20'].mediation)).to.equal(true);
  });

  it('SAMR-20 complaint: accept within 7 WD, mediation cut-off 45 WD from acceptance', () => {
    const rules = RULE_SETS[ruleSetFor('2020-09-28')];
    expect(computeDeadline('2020-09-28', rules.accept).due).to.equal('2020-10-14');
    // accepted 2020-09-28 → Sep 29, 30, Oct 9, 10 (make-up Sat), then 41 more → Mon 2020-12-07
    expect(computeDeadline('2020-09-28', rules.mediation)).to.deep.equal({
      due: '2020-12-07', provisional: false, paused: false,
    });
  });

  it('SAMR-121 complaint (received 2026-04-15): 60 calendar days mediation, rolled past the Dragon Boat holiday', () => {
    const rules = RULE_SETS[ruleSetFor('2026-04-15')];
    expect(rules.id).to.equal('SAMR-121');
    expect(computeDeadline('2026-04-15', rules.accept).due).to.equal('2026-04-24');
    // accepted Mon 2026-04-20 + 60 days = Fri 2026-06-19 (端午, 06-19..21 off) → Mon 2026-06-22
    expect(computeDeadline('2026-04-20', rules.mediation).due).to.equal('2026-06-22');
    // accepted 2026-05-06 + 60 = Sun 2026-07-05 (ordinary weekend) → Mon 2026-07-06
    expect(computeDeadline('2026-05-06', rules.mediation).due).to.equal('2026-07-06');
  });

  it('report verification 15 WD (+15 extension)', () => {
    const rules = RULE_SETS['SAMR-20'];
    const first = computeDeadline('2020-09-21', rules.verification).due;
    // Sep 22..25 (4), 27 Sun make-up (5), 28, 29, 30 (8), Oct 9, 10 (10), 12..16 (15)
    expect(first).to.equal('2020-10-16');
    expect(computeDeadline(first, rules.verificationExtension).due).to.equal('2020-11-06');
  });
});

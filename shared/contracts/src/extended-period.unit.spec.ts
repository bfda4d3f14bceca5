import { expect } from 'chai';
import { extendedPeriod } from './vocabulary.js';

describe('a clock period with its extension (one rule for the workflow and stats)', () => {
  it('adds an extension of the same unit', () => {
    expect(extendedPeriod({ days: 15, unit: 'working' }, { days: 15, unit: 'working' })).to.deep.equal({ days: 30, unit: 'working' });
    expect(extendedPeriod({ days: 60, unit: 'calendar' }, undefined)).to.deep.equal({ days: 60, unit: 'calendar' });
  });

  it('refuses an extension in another unit instead of dropping it', () => {
    expect(() => extendedPeriod({ days: 15, unit: 'working' }, { days: 30, unit: 'calendar' }, 'verification'))
      .to.throw(RangeError, 'verification: extension unit calendar differs from working');
  });
});

import { expect } from 'chai';
import { ValidationError } from '@cw/errors';
import { monthsBetween, parseStatsQuery } from './query.js';

describe('stats: query parameters', () => {
  it('accepts a period with filters', () => {
    expect(parseStatsQuery({ from: '2020-01-01', to: '2020-12-31', district: '441521', category: 'food', channel: '12345-hotline' }))
      .to.include({ from: '2020-01-01', to: '2020-12-31', district: '441521', category: 'food', channel: '12345-hotline', format: 'json' });
  });

  it('reports every bad parameter at once', () => {
    try {
      parseStatsQuery({ from: '2020-02-30', to: 'soon', category: 'gossip', channel: 'fax', format: 'xml' });
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(ValidationError);
      expect((e as ValidationError).details.map((d) => d.pointer)).to.deep.equal(['/from', '/to', '/category', '/channel', '/format']);
    }
  });

  it('refuses from after to', () => {
    expect(() => parseStatsQuery({ from: '2021-01-01', to: '2020-12-31' })).to.throw(ValidationError);
  });

  it('lists the months a period covers', () => {
    expect(monthsBetween('2020-11-15', '2021-02-01')).to.deep.equal(['2020-11', '2020-12', '2021-01', '2021-02']);
  });
});

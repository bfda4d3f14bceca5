import { expect } from 'chai';
import { nulCharacterAt, parseJsonValue } from './envelope.js';

describe('JSON values the store can hold (U+0000)', () => {
  it('names the first string or key holding U+0000 as a JSON pointer', () => {
    expect(nulCharacterAt({ a: 'x', b: { 'c/d': ['ok', 'bad\u0000'] } })).to.equal('/b/c~1d/1');
    expect(nulCharacterAt({ 'k\u0000': 1 })).to.equal('/k\u0000');
    expect(nulCharacterAt('\u0000')).to.equal('/');
    expect(nulCharacterAt({ a: ['x', { b: 'y' }], n: 1, z: null })).to.equal(undefined);
  });

  it('walks inputs nested deeper than the call stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(nulCharacterAt(deep)).to.equal(`${'/0'.repeat(50_000)}`);
  });

  it('refuses a Kafka value holding U+0000 as invalid input, naming the field, and lets the escaped backslash through', () => {
    expect(() => parseJsonValue(Buffer.from('{"data":{"narrative":"a\\u0000b"}}'), 'Intake message'))
      .to.throw('Intake message holds the character U+0000 at /data/narrative')
      .with.property('details').that.deep.equals([{ pointer: '/data/narrative', rule: 'no-nul-character', message: 'must not contain the character U+0000' }]);
    expect(parseJsonValue('{"a":"\\\\u0000"}')).to.deep.equal({ a: '\\u0000' });
  });
});

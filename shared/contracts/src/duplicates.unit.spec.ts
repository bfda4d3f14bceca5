import { expect } from 'chai';
import fc from 'fast-check';
import { duplicateHintKey, normaliseBusinessNameForKey, normalisePhoneForKey } from './duplicates.js';

describe('duplicate hint key', () => {
  const phones: [string, string][] = [
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['８６１３８００１３８０００', '13800138000'],
    ['0660-3388123', '06603388123'],
  ];
  for (const [raw, norm] of phones) {
    it(`normalises the phone ${raw}`, () => expect(normalisePhoneForKey(raw)).to.equal(norm));
  }

  it('ignores spacing, width, case and punctuation in the business name', () => {
    const a = normaliseBusinessNameForKey('海丰县 某超市（人民路店）');
    expect(a).to.equal(normaliseBusinessNameForKey('海丰县某超市(人民路店)'));
    expect(normaliseBusinessNameForKey('ＡＢＣ Mart.')).to.equal('abcmart');
  });

  it('gives one key for the same caller and business however typed, another for another business', () => {
    const k = duplicateHintKey('138 0013 8000', '海丰县某超市');
    expect(k).to.match(/^dup1:[0-9a-f]{64}$/);
    expect(duplicateHintKey('+8613800138000', ' 海丰县 某超市 ')).to.equal(k);
    expect(duplicateHintKey('13800138000', '陆丰市某超市')).not.to.equal(k);
    expect(duplicateHintKey('13900138000', '海丰县某超市')).not.to.equal(k);
  });

  it('holds no personal data in clear', () => {
    const k = duplicateHintKey('13800138000', '海丰县某超市')!;
    expect(k).not.to.contain('13800138000');
    expect(k).not.to.contain('8000');
  });

  it('gives no key without a usable phone or name', () => {
    expect(duplicateHintKey('', '某超市')).to.equal(null);
    expect(duplicateHintKey('12', '某超市')).to.equal(null);
    expect(duplicateHintKey('13800138000', ' （） ')).to.equal(null);
  });

  it('is insensitive to separators inserted anywhere in the phone (property)', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^1[3-9][0-9]{9}$/),
      fc.array(fc.constantFrom(' ', '-'), { maxLength: 11 }),
      (phone, seps) => {
        const spaced = [...phone].map((d, i) => d + (seps[i] ?? '')).join('');
        return duplicateHintKey(spaced, '某店') === duplicateHintKey(phone, '某店');
      },
    ));
  });
});

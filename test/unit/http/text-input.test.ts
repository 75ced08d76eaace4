import { expect } from 'chai';
import fc from 'fast-check';
import { fieldWithUnacceptableText, isAcceptableText } from '../../../server/http/text-input.js';

/** The rule's definition written out by hand, code unit by code unit. */
function acceptableByDefinition(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return false;
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    const next = text.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) i += 1;
    else if (high || low) return false;
  }
  return true;
}

describe('the text-input rule', () => {
  it('accepts tab, line feed, carriage return, DEL, emoji and any text without C0 controls', () => {
    for (const text of ['', 'plain', 'a\tb', 'line\r\nline\n', 'del\u007f', 'nbsp\u00a0', '😀👩‍👩‍👧', '\u202e', '日本語']) {
      expect(isAcceptableText(text), JSON.stringify(text)).to.equal(true);
    }
  });

  it('refuses NUL, the other C0 controls and lone surrogates', () => {
    for (const text of ['a\u0000b', '\u0001', 'bell\u0007', '\u000b', '\u000c', '\u001b[31m', '\u001f', 'half \ud83d', '\ude00 tail', '\ud83d\ud83d']) {
      expect(isAcceptableText(text), JSON.stringify(text)).to.equal(false);
    }
  });

  it('agrees with its definition on any UTF-16 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }), (text) => {
        expect(isAcceptableText(text)).to.equal(acceptableByDefinition(text));
      }),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('names the top-level field holding bad text at any depth, or a bad field name itself', () => {
    expect(fieldWithUnacceptableText({ ok: 'x', status: 'a\u0000' })).to.equal('status');
    expect(fieldWithUnacceptableText({ 'media_ids[]': ['1', '2\u0001'] })).to.equal('media_ids[]');
    expect(fieldWithUnacceptableText({ poll: { options: ['a', { x: '\u0002' }] } })).to.equal('poll');
    expect(fieldWithUnacceptableText({ 'a\u0000b': '' })).to.equal('a\ufffdb');
    expect(fieldWithUnacceptableText({ n: 1, b: true, z: null, s: 'fine\n' })).to.equal(null);
    expect(fieldWithUnacceptableText('a\u0000')).to.equal(null);
  });
});

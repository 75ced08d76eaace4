import { expect } from 'chai';
import { normalizeHashtag, parsePostText, safeHttpUrl, tokenizePostText } from '../../../../server/domain/text/index.js';

describe('domain/text parsePostText', () => {
  describe('mentions', () => {
    it('finds plain, dotted and hyphenated usernames', () => {
      expect(parsePostText('hi @alice, @alice.smith and @jean-luc').mentions).to.deep.equal([
        'alice',
        'alice.smith',
        'jean-luc',
      ]);
    });

    it('lowercases mentions and keeps each one once, in order of first appearance', () => {
      expect(parsePostText('@Bob @alice @BOB @bob_2').mentions).to.deep.equal(['bob', 'alice', 'bob_2']);
    });

    it('does not let a username end with a dot or a hyphen (sentence punctuation)', () => {
      expect(parsePostText('thanks @alice. And @bob- too, @carol...').mentions).to.deep.equal(['alice', 'bob', 'carol']);
    });

    it('keeps the trailing dot out of the mention token so it renders as text', () => {
      const tokens = tokenizePostText('ping @alice.');
      expect(tokens.map((t) => [t.type, t.raw])).to.deep.equal([
        ['text', 'ping '],
        ['mention', '@alice'],
        ['text', '.'],
      ]);
    });

    it('does not treat the @ of an email address as a mention', () => {
      expect(parsePostText('mail bob@example.com or first.last@corp.example').mentions).to.deep.equal([]);
    });

    it('does not treat a user@host address typed with a leading @ as a mention', () => {
      expect(parsePostText('@alice@example.com').mentions).to.deep.equal([]);
    });

    it('does not treat a lone @ or @ followed by punctuation as a mention', () => {
      expect(parsePostText('meet @ 5pm @. @-x').mentions).to.deep.equal([]);
    });

    it('accepts a mention right after an opening parenthesis or at line start', () => {
      expect(parsePostText('(@alice)\n@bob').mentions).to.deep.equal(['alice', 'bob']);
    });

    it('does not find a mention inside a URL even where the @ follows punctuation', () => {
      const parsed = parsePostText('https://example.com/~@alice/x https://example.com/(@bob)');
      expect(parsed.mentions).to.deep.equal([]);
      expect(parsed.links).to.have.length(2);
    });

    it('ends a mention where a URL glued to it starts', () => {
      const tokens = tokenizePostText('@alice.https://example.com/x');
      expect(tokens.map((t) => [t.type, t.raw])).to.deep.equal([
        ['mention', '@alice'],
        ['text', '.'],
        ['link', 'https://example.com/x'],
      ]);
    });

    it('does not find a mention inside a URL path', () => {
      const parsed = parsePostText('read https://medium.com/@alice/post');
      expect(parsed.mentions).to.deep.equal([]);
      expect(parsed.links).to.deep.equal(['https://medium.com/@alice/post']);
    });
  });

  describe('hashtags', () => {
    it('finds ASCII, accented and underscore hashtags, normalised to lowercase', () => {
      expect(parsePostText('#launch #été2026 #Q3_plan').hashtags).to.deep.equal(['launch', 'été2026', 'q3_plan']);
    });

    it('refuses a purely numeric hashtag', () => {
      expect(parsePostText('we are #1 and #2026').hashtags).to.deep.equal([]);
    });

    it('does not find a hashtag in a URL fragment', () => {
      const parsed = parsePostText('see https://x/#anchor');
      expect(parsed.hashtags).to.deep.equal([]);
      expect(parsed.links).to.deep.equal(['https://x/#anchor']);
    });

    it('does not find a hashtag in a URL fragment that follows punctuation', () => {
      const parsed = parsePostText('https://example.com/a~#tag https://example.com/b-#other');
      expect(parsed.hashtags).to.deep.equal([]);
      expect(parsed.links).to.deep.equal(['https://example.com/a~#tag', 'https://example.com/b-#other']);
    });

    it('does not find a hashtag glued to a word, a path or an HTML entity', () => {
      expect(parsePostText('C# issue#12 path/#frag &#39; ##double').hashtags).to.deep.equal([]);
    });

    it('treats precomposed and decomposed accents as the same tag (NFC)', () => {
      const decomposed = '#e\u0301te\u0301';
      const precomposed = '#\u00e9t\u00e9';
      const parsed = parsePostText(`${decomposed} ${precomposed}`);
      expect(parsed.hashtags).to.deep.equal(['\u00e9t\u00e9']);
    });

    it('dedupes hashtags case-insensitively', () => {
      expect(parsePostText('#Launch #launch #LAUNCH').hashtags).to.deep.equal(['launch']);
    });

    it('keeps the typed form in the token but the normalised form as tag', () => {
      const tag = tokenizePostText('#Été').find((t) => t.type === 'hashtag');
      expect(tag).to.deep.include({ raw: '#Été', tag: 'été' });
    });

    it('supports non-Latin scripts', () => {
      expect(parsePostText('#日本語 #Привет').hashtags).to.deep.equal(['日本語', 'привет']);
    });

    it('normalizeHashtag strips a leading # and lowercases', () => {
      expect(normalizeHashtag('#Q3_Plan')).to.equal('q3_plan');
    });
  });

  describe('links', () => {
    it('finds http and https URLs', () => {
      expect(parsePostText('a http://example.com/x b https://example.org').links).to.deep.equal([
        'http://example.com/x',
        'https://example.org',
      ]);
    });

    it('leaves trailing sentence punctuation out of the URL', () => {
      expect(parsePostText('go to https://example.com/a, then https://example.com/b.').links).to.deep.equal([
        'https://example.com/a',
        'https://example.com/b',
      ]);
    });

    it('leaves an unbalanced closing parenthesis out but keeps balanced ones', () => {
      expect(parsePostText('(see https://example.com/x) and https://en.wikipedia.org/wiki/Foo_(bar)').links).to.deep.equal([
        'https://example.com/x',
        'https://en.wikipedia.org/wiki/Foo_(bar)',
      ]);
    });

    it('does not link bare domains, other schemes or javascript:', () => {
      expect(parsePostText('example.com ftp://example.com/f mailto:a@b.co javascript:alert(1) data:text/html,x').links).to.deep.equal(
        [],
      );
    });

    it('dedupes repeated links', () => {
      expect(parsePostText('https://a.example https://a.example').links).to.deep.equal(['https://a.example']);
    });

    it('gives each link a WHATWG-normalised http(s) href', () => {
      const link = tokenizePostText('https://ex.com/a"b').find((t) => t.type === 'link');
      expect(link?.type).to.equal('link');
      if (link?.type === 'link') expect(link.href).to.match(/^https:\/\/ex\.com\//u).and.not.include('"');
    });
  });

  describe('tokens', () => {
    it('reproduces the input when the raw tokens are concatenated', () => {
      const text = 'Hi @Alice! #Launch at https://example.com/x?y=1 (cc bob@example.com) 👍🏽\n#1';
      expect(tokenizePostText(text).map((t) => t.raw).join('')).to.equal(text);
    });

    it('reports offsets that slice back to each raw token', () => {
      const text = 'é @alice #tag https://example.com';
      for (const t of tokenizePostText(text)) expect(text.slice(t.start, t.end)).to.equal(t.raw);
    });

    it('returns no tokens for empty text', () => {
      expect(parsePostText('')).to.deep.equal({ mentions: [], hashtags: [], links: [], tokens: [] });
    });
  });

  describe('safeHttpUrl', () => {
    it('accepts absolute http and https URLs and serialises them', () => {
      expect(safeHttpUrl('HTTPS://Example.com/a b')).to.equal('https://example.com/a%20b');
      expect(safeHttpUrl('http://localhost:3000/')).to.equal('http://localhost:3000/');
    });

    it('refuses other schemes even when they parse with a host', () => {
      expect(safeHttpUrl('javascript://example.com/%0Aalert(1)')).to.equal(null);
      expect(safeHttpUrl('ftp://example.com/file')).to.equal(null);
      expect(safeHttpUrl('data:text/html,<script>alert(1)</script>')).to.equal(null);
      expect(safeHttpUrl('file:///etc/passwd')).to.equal(null);
    });

    it('refuses relative and malformed URLs', () => {
      expect(safeHttpUrl('/relative')).to.equal(null);
      expect(safeHttpUrl('//example.com/x')).to.equal(null);
      expect(safeHttpUrl('http://')).to.equal(null);
    });
  });
});
